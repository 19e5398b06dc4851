"""The store's state as plain JSON, for `replay --state` and for tests that read it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from bot.store.models import Case, Proposal


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


async def dump_state(sessions: async_sessionmaker[AsyncSession], timezone: str) -> dict[str, Any]:
    tz = ZoneInfo(timezone)
    async with sessions() as session:
        cases = (
            await session.scalars(
                select(Case).options(selectinload(Case.reports), selectinload(Case.events)).order_by(Case.id)
            )
        ).all()
        proposals = (await session.scalars(select(Proposal).order_by(Proposal.id))).all()
        return {
            "cases": [case_state(c, tz) for c in cases],
            "polls": [],
            "meetings": [],
            "proposals": [{"topic": p.topic, "text": p.text, "sender": p.sender} for p in proposals],
        }
