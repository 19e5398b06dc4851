"""Complaints: a problem said in a group becomes a numbered case routed to whoever must act,
or joins the open case for the same problem as one more reporting household."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from actions.cases import arm_resolve, arm_respond, record, where
from actions.duplicates import is_me_too, same_problem
from actions.routing import pick_handler
from bot import strings
from bot.community import CATEGORIES
from bot.store.counters import next_value
from bot.store.models import Case, CaseReport, CaseStatus
from bot.turn import Turn

# How far back an open case can be joined: by a similar report, or by a bare "+1 我家也是".
SAME_PROBLEM_WINDOW = timedelta(days=30)
ME_TOO_WINDOW = timedelta(hours=72)
PLACE_ANSWER_WINDOW = timedelta(hours=24)
PLACE_KEYS = ("building", "unit", "room", "place")
# Places that say nothing without a building number: "楼道灯坏了" in a council group needs "几号楼".
INSIDE_A_BUILDING = {
    "楼道", "楼梯间", "走廊", "过道", "电梯间", "电梯口", "电梯厅", "一楼大厅", "大堂", "一层大厅",
    "楼顶", "天台", "屋顶", "地下室", "楼门口", "单元门口", "楼下", "楼前", "楼后", "门禁",
}  # fmt: skip


def _needs_place(building: str | None, entities: dict[str, str]) -> bool:
    if building:
        return False
    place = entities.get("place")
    return not (entities.get("unit") or entities.get("room") or (place and place not in INSIDE_A_BUILDING))


async def new_case_number(session: AsyncSession, now: datetime, tz: str) -> str:
    """Q + local date + '-' + the day's sequence: Q20261125-0001."""
    day = now.astimezone(ZoneInfo(tz)).strftime("%Y%m%d")
    seq = await next_value(session, f"case:{day}")
    return f"Q{day}-{seq:04d}"


async def _open_cases(turn: Turn, since: datetime, **filters: object) -> list[Case]:
    query = (
        select(Case)
        .where(Case.status.in_(CaseStatus.OPEN), Case.created_at >= since)
        .options(selectinload(Case.reports), selectinload(Case.events))
        .order_by(Case.created_at.desc(), Case.id.desc())
    )
    for column, value in filters.items():
        query = query.where(getattr(Case, column) == value)
    return list((await turn.session.scalars(query)).all())


async def _duplicate_of(turn: Turn, community: str, category: str, building: str | None) -> Case | None:
    text = turn.message.text
    if turn.room is not None and is_me_too(text):
        recent = await _open_cases(turn, turn.now - ME_TOO_WINDOW, group_room=turn.room)
        same = [c for c in recent if c.category == category and same_problem(text, c.text)]
        # A bare "+1 我家也是" names nothing: it answers the latest case in the group.
        leftover = text.split("也", 1)[-1]
        if same or len(leftover) <= 6:
            return (same or recent or [None])[0]
    candidates = await _open_cases(
        turn, turn.now - SAME_PROBLEM_WINDOW, community=community, category=category
    )
    for case in candidates:
        near = (turn.room is not None and case.group_room == turn.room) or (
            building and case.building == building
        )
        if near and same_problem(text, case.text):
            return case
    return None


async def join_case(turn: Turn, case: Case) -> None:
    """One more household reports the case: counted once per household, and the handler hears it."""
    household = turn.directory.household(turn.sender)
    known = {r.household or r.reporter for r in case.reports}
    if (household or turn.sender) not in known:
        case.reports.append(
            CaseReport(
                reporter=turn.sender,
                household=household,
                room=turn.room,
                message_id=turn.message.id,
                at=turn.now,
            )
        )
        record(case, turn, turn.sender, "joined", None, turn.message.text)
        if case.handler:
            turn.tell(
                case.handler,
                strings.case_more_households(case.number, len(case.households), turn.message.text),
            )
    turn.reply(strings.case_joined(case.number, len(case.households)))


async def on_complaint(turn: Turn) -> None:
    understanding = turn.understanding
    directory = turn.directory
    category = understanding.category if understanding.category in CATEGORIES else "other"
    urgent = understanding.urgent
    entities = understanding.entities
    placement = directory.placement(turn.room) if turn.room else None
    community = directory.community_of(turn.room, turn.sender)
    building = entities.get("building") or (placement.group.building if placement else None)

    duplicate = None if urgent else await _duplicate_of(turn, community.name, category, building)
    if duplicate is not None:
        await join_case(turn, duplicate)
        return

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
        needs_place=_needs_place(building, entities),
    )
    case.reports.append(
        CaseReport(
            reporter=turn.sender, household=case.household, room=turn.room, message_id=turn.message.id, at=now
        )
    )
    record(case, turn, turn.sender, "created", CaseStatus.NEW)
    turn.session.add(case)
    await turn.session.flush()
    await arm_respond(turn.session, case, now)
    await arm_resolve(turn.session, case, now)

    handler_name = handler.name if handler else None
    if urgent:
        turn.reply(strings.urgent_case_filed(case.number, handler_name))
    else:
        turn.reply(strings.case_filed(case.number, category, handler_name, sla.respond))
    if case.needs_place:
        turn.reply(strings.ASK_PLACE)
    if handler is not None:
        turn.tell(
            handler.name,
            strings.case_for_handler(
                case.number, category, urgent, where(case), case.text, case.reporter,
                turn.local(case.respond_due), turn.local(case.resolve_due),
            ),
        )  # fmt: skip
    if urgent:
        # Danger now: every staff member of the community hears at once, not only the handler.
        for staff in community.staff:
            if staff.name != handler_name:
                turn.tell(staff.name, strings.urgent_alert(case.number, where(case), case.text, handler_name))


async def answer_place_question(turn: Turn) -> bool:
    """Takes "5号楼2单元" as the answer to 请问是几号楼几单元, completing the sender's case."""
    given = {k: v for k, v in turn.understanding.entities.items() if k in PLACE_KEYS}
    if not given:
        return False
    if turn.understanding.intent == "complaint" and len(turn.message.text) > 16:
        return False  # a new complaint that happens to name a place
    case = await turn.session.scalar(
        select(Case)
        .where(
            Case.needs_place.is_(True),
            Case.reporter == turn.sender,
            Case.created_at >= turn.now - PLACE_ANSWER_WINDOW,
            Case.group_room.is_(None) if turn.room is None else Case.group_room == turn.room,
        )
        .options(selectinload(Case.reports), selectinload(Case.events))
        .order_by(Case.id.desc())
        .limit(1)
    )
    if case is None:
        return False
    case.building = given.get("building", case.building)
    case.unit = given.get("unit", case.unit)
    case.room_no = given.get("room", case.room_no)
    case.place = given.get("place", case.place)
    case.needs_place = False
    record(case, turn, turn.sender, "place_given", None, where(case))
    turn.reply(strings.place_completed(case.number, where(case)))
    if case.handler:
        turn.tell(case.handler, strings.place_completed(case.number, where(case)))
    return True


async def me_too(turn: Turn) -> bool:
    """A bare "+1 我家也是" (read as chit-chat by the NLU) still joins the group's latest open case."""
    if turn.room is None or turn.understanding.intent == "complaint" or not is_me_too(turn.message.text):
        return False
    recent = await _open_cases(turn, turn.now - ME_TOO_WINDOW, group_room=turn.room)
    if not recent:
        return False
    await join_case(turn, recent[0])
    return True
