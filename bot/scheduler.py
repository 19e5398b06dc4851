"""When timers fire: APScheduler on the real clock, or in order on a replay's virtual clock.

The timers table is the source of truth. Jobs carry a timer's id only and
are rebuilt from the table at start and after every change; a timer missed
while the bot was down fires once, late, when it comes back.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import VirtualClock
from bot.store.models import Timer

log = logging.getLogger(__name__)

Fire = Callable[[int], Awaitable[None]]


def pending_timers() -> Select[tuple[Timer]]:
    return (
        select(Timer)
        .where(Timer.fired_at.is_(None), Timer.cancelled.is_(False))
        .order_by(Timer.due_at, Timer.id)
    )


class Scheduler(Protocol):
    async def sync(self) -> None:
        """Bring the scheduled jobs in line with the timers table."""


class LiveScheduler:
    """APScheduler's asyncio scheduler, one date job per pending timer."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], fire: Fire) -> None:
        self._sessions = sessions
        self._fire = fire
        self._aps = AsyncIOScheduler(timezone=UTC)

    async def start(self) -> None:
        self._aps.start()
        await self.sync()

    async def sync(self) -> None:
        async with self._sessions() as session:
            timers = (await session.scalars(pending_timers())).all()
        wanted = {f"timer:{t.id}": t for t in timers}
        for job in self._aps.get_jobs():
            if job.id not in wanted:
                job.remove()
        for job_id, timer in wanted.items():
            job = self._aps.get_job(job_id)
            if job is not None and job.trigger.run_date == timer.due_at:
                continue
            self._aps.add_job(
                self._fire,
                DateTrigger(run_date=timer.due_at),
                args=[timer.id],
                id=job_id,
                replace_existing=True,
                misfire_grace_time=None,  # late is better than never
                coalesce=True,
            )

    def scheduled(self) -> list[int]:
        """The timer ids that have a job now, soonest first."""
        return [job.args[0] for job in sorted(self._aps.get_jobs(), key=lambda j: j.next_run_time)]

    def shutdown(self) -> None:
        if self._aps.running:
            self._aps.shutdown(wait=False)


class VirtualScheduler:
    """Fires due timers in time order as a replay's clock moves; each at its own due time."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], fire: Fire, clock: VirtualClock) -> None:
        self._sessions = sessions
        self._fire = fire
        self._clock = clock

    async def sync(self) -> None:
        """Nothing to do: run_until reads the table itself."""

    async def run_until(self, moment: datetime) -> None:
        while True:
            async with self._sessions() as session:
                timer = await session.scalar(pending_timers().where(Timer.due_at <= moment).limit(1))
            if timer is None:
                return
            self._clock.advance_to(timer.due_at)
            await self._fire(timer.id)
