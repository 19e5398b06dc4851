"""What every case action shares: finding a case, saying where it is, telling its reporters, its deadlines."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot import strings
from bot.store.models import Case, CaseEvent, CaseStatus
from bot.store.timers import arm, cancel
from bot.turn import Context

CASE_NUMBER = re.compile(r"Q\d{8}-\d{4}", re.IGNORECASE)

# Timer kinds, one of each per case.
RESPOND_REMINDER = "case_respond_reminder"
RESPOND_DUE = "case_respond_due"
RESOLVE_REMINDER = "case_resolve_reminder"
RESOLVE_DUE = "case_resolve_due"


async def find_case(session: AsyncSession, number: str) -> Case | None:
    return await session.scalar(
        select(Case)
        .where(Case.number == number.upper())
        .options(selectinload(Case.reports), selectinload(Case.events))
    )


async def load_case(session: AsyncSession, case_id: int) -> Case | None:
    return await session.scalar(
        select(Case).where(Case.id == case_id).options(selectinload(Case.reports), selectinload(Case.events))
    )


def where(case: Case) -> str:
    return strings.place_text(case.building, case.unit, case.room_no, case.place)


def record(
    case: Case, ctx: Context, actor: str, action: str, to_status: str | None, note: str | None = None
) -> None:
    """Change the status (when given) and write the change to the audit trail."""
    case.events.append(
        CaseEvent(
            at=ctx.now, actor=actor, action=action, from_status=case.status, to_status=to_status, note=note
        )
    )
    if to_status is not None:
        case.status = to_status


def tell_reporters(ctx: Context, case: Case, text: str) -> None:
    """Residents hear in their group, mentioning every reporter there; reporters from elsewhere privately."""
    in_group = [r.reporter for r in case.reports if r.room == case.group_room and case.group_room]
    if case.group_room:
        ctx.post(case.group_room, text, list(dict.fromkeys(in_group)))
    for reporter in dict.fromkeys(r.reporter for r in case.reports if r.reporter not in in_group):
        ctx.tell(reporter, text)


def _reminder_time(start: datetime, due: datetime) -> datetime:
    # A quarter of the window before the deadline, at most a day: time to act, not noise.
    return due - min((due - start) / 4, timedelta(hours=24))


async def arm_respond(session: AsyncSession, case: Case, now: datetime) -> None:
    if case.respond_due is None:
        return
    await arm(session, RESPOND_REMINDER, case.id, _reminder_time(now, case.respond_due))
    await arm(session, RESPOND_DUE, case.id, case.respond_due)


async def arm_resolve(session: AsyncSession, case: Case, now: datetime) -> None:
    if case.resolve_due is None:
        return
    await arm(session, RESOLVE_REMINDER, case.id, _reminder_time(now, case.resolve_due))
    await arm(session, RESOLVE_DUE, case.id, case.resolve_due)


async def disarm_respond(session: AsyncSession, case: Case) -> None:
    await cancel(session, RESPOND_REMINDER, case.id)
    await cancel(session, RESPOND_DUE, case.id)


async def disarm_resolve(session: AsyncSession, case: Case) -> None:
    await cancel(session, RESOLVE_REMINDER, case.id)
    await cancel(session, RESOLVE_DUE, case.id)


def is_open(case: Case) -> bool:
    return case.status in CaseStatus.OPEN
