"""Complaints: a problem said in a group becomes a numbered case, routed to whoever must act."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from actions.routing import pick_handler
from bot import strings
from bot.community import CATEGORIES
from bot.store.counters import next_value
from bot.store.models import Case, CaseEvent, CaseStatus
from bot.turn import Turn


async def new_case_number(session: AsyncSession, now: datetime, tz: str) -> str:
    """Q + local date + '-' + the day's sequence: Q20261125-0001."""
    day = now.astimezone(ZoneInfo(tz)).strftime("%Y%m%d")
    seq = await next_value(session, f"case:{day}")
    return f"Q{day}-{seq:04d}"


async def on_complaint(turn: Turn) -> None:
    understanding = turn.understanding
    directory = turn.directory
    category = understanding.category if understanding.category in CATEGORIES else "other"
    urgent = understanding.urgent
    entities = understanding.entities
    placement = directory.placement(turn.room) if turn.room else None
    community = directory.community_of(turn.room, turn.sender)
    building = entities.get("building") or (placement.group.building if placement else None)

    sla = directory.sla(category, urgent)
    handler = pick_handler(community, category)
    now = turn.now
    case = Case(
        number=await new_case_number(turn.session, now, directory.timezone),
        category=category,
        urgent=urgent,
        status=CaseStatus.NEW,
        community=community.name,
        group_room=turn.room,
        building=building,
        unit=entities.get("unit"),
        room_no=entities.get("room"),
        place=entities.get("place"),
        text=turn.message.text,
        reporter=turn.sender,
        household=directory.household(turn.sender),
        handler=handler.name if handler else None,
        created_at=now,
        respond_due=now + timedelta(hours=sla.respond),
        resolve_due=now + timedelta(hours=sla.resolve),
        message_id=turn.message.id,
    )
    case.events.append(CaseEvent(at=now, actor=turn.sender, action="created", to_status=CaseStatus.NEW))
    turn.session.add(case)

    handler_name = handler.name if handler else None
    if urgent:
        turn.reply(strings.urgent_case_filed(case.number, handler_name))
    else:
        turn.reply(strings.case_filed(case.number, category, handler_name, sla.respond))
    if handler is not None:
        turn.tell(
            handler.name,
            strings.case_for_handler(
                case.number,
                category,
                urgent,
                strings.place_text(case.building, case.unit, case.room_no, case.place),
                case.text,
                case.reporter,
                case.respond_due.astimezone(ZoneInfo(directory.timezone)),
                case.resolve_due.astimezone(ZoneInfo(directory.timezone)),
            ),
        )
