"""The store's state as plain JSON, for `replay --state` and for tests that read it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from bot.store.models import Case, Meeting, Poll, Proposal


def _iso(moment: datetime | None, tz: ZoneInfo) -> str | None:
    return moment.astimezone(tz).isoformat() if moment else None


def case_state(case: Case, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "number": case.number,
        "category": case.category,
        "urgent": case.urgent,
        "status": case.status,
        "community": case.community,
        "group": case.group_room,
        "building": case.building,
        "unit": case.unit,
        "room": case.room_no,
        "place": case.place,
        "text": case.text,
        "reporter": case.reporter,
        "households": case.households,
        "reports": len(case.reports),
        "handler": case.handler,
        "escalation_level": case.escalation_level,
        "respond_due": _iso(case.respond_due, tz),
        "resolve_due": _iso(case.resolve_due, tz),
        "created_at": _iso(case.created_at, tz),
        "accepted_at": _iso(case.accepted_at, tz),
        "resolved_at": _iso(case.resolved_at, tz),
        "resolution": case.resolution,
        "ratings": [r.rating for r in case.reports if r.rating],
        "history": [e.action for e in case.events],
    }


def poll_state(poll: Poll, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "code": poll.code,
        "question": poll.question,
        "options": poll.options,
        "tallies": {o: sum(b.option == i for b in poll.ballots) for i, o in enumerate(poll.options)},
        "ballots": {b.household: poll.options[b.option] for b in poll.ballots},
        "status": poll.status,
        "room": poll.room,
        "creator": poll.creator,
        "who_may_vote": {
            "building": poll.scope_building,
            "unit": poll.scope_unit,
            "households": poll.eligible_households,
        },
        "anonymous": poll.anonymous,
        "quorum": poll.quorum,
        "deadline": _iso(poll.deadline, tz),
        "closed_at": _iso(poll.closed_at, tz),
    }


def meeting_state(meeting: Meeting, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "code": meeting.code,
        "time": _iso(meeting.starts_at, tz),
        "place": meeting.place,
        "topic": meeting.topic,
        "status": meeting.status,
        "organiser": meeting.organiser,
        "room": meeting.room,
        "rsvps": {r.person: r.answer for r in meeting.rsvps},
        "minutes": meeting.minutes,
    }


async def dump_state(sessions: async_sessionmaker[AsyncSession], timezone: str) -> dict[str, Any]:
    tz = ZoneInfo(timezone)
    async with sessions() as session:
        cases = (
            await session.scalars(
                select(Case).options(selectinload(Case.reports), selectinload(Case.events)).order_by(Case.id)
            )
        ).all()
        proposals = (await session.scalars(select(Proposal).order_by(Proposal.id))).all()
        polls = (
            await session.scalars(select(Poll).options(selectinload(Poll.ballots)).order_by(Poll.id))
        ).all()
        meetings = (
            await session.scalars(select(Meeting).options(selectinload(Meeting.rsvps)).order_by(Meeting.id))
        ).all()
        return {
            "cases": [case_state(c, tz) for c in cases],
            "polls": [poll_state(p, tz) for p in polls],
            "meetings": [meeting_state(m, tz) for m in meetings],
            "proposals": [{"topic": p.topic, "text": p.text, "sender": p.sender} for p in proposals],
        }
