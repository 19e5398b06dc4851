"""Arming and cancelling timers in the caller's transaction; the scheduler picks them up after commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import Timer


async def arm(session: AsyncSession, kind: str, ref_id: int, due_at: datetime) -> None:
    """Schedule (or move, or re-arm after it fired) the one timer of this kind for ref_id."""
    timer = await session.scalar(select(Timer).where(Timer.kind == kind, Timer.ref_id == ref_id))
    if timer is None:
        session.add(Timer(kind=kind, ref_id=ref_id, due_at=due_at))
        return
    timer.due_at = due_at
    timer.fired_at = None
    timer.cancelled = False


async def cancel(session: AsyncSession, kind: str, ref_id: int) -> None:
    timer = await session.scalar(select(Timer).where(Timer.kind == kind, Timer.ref_id == ref_id))
    if timer is not None and timer.fired_at is None:
        timer.cancelled = True


async def arm_once(session: AsyncSession, kind: str, ref_id: int, due_at: datetime) -> None:
    """Schedule unless one is already pending: a burst of events gets one timer, not a postponed one."""
    timer = await session.scalar(select(Timer).where(Timer.kind == kind, Timer.ref_id == ref_id))
    if timer is not None and timer.fired_at is None and not timer.cancelled:
        return
    await arm(session, kind, ref_id, due_at)
