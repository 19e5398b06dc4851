"""Timers in the store and the live APScheduler driver: late timers fire once, restarts fire nothing twice."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.scheduler import LiveScheduler
from bot.store.models import Timer
from bot.store.timers import arm, cancel


async def test_a_timer_missed_while_down_fires_once_late_and_never_again(sessions) -> None:
    past = datetime.now(UTC) - timedelta(hours=3)
    async with sessions.begin() as s:
        await arm(s, "demo", 1, past)
        await arm(s, "demo", 2, past + timedelta(days=365))  # not due
    fired: list[int] = []
    done = asyncio.Event()

    async def fire(timer_id: int) -> None:
        # What the pipeline does: the work and fired_at, in one transaction.
        async with sessions.begin() as s:
            timer = await s.get(Timer, timer_id)
            assert timer is not None
            timer.fired_at = datetime.now(UTC)
        fired.append(timer_id)
        done.set()

    first = LiveScheduler(sessions, fire)
    await first.start()
    await asyncio.wait_for(done.wait(), 10)
    first.shutdown()
    assert len(fired) == 1

    # A restart rebuilds jobs from the table: the fired timer is gone, the future one is scheduled.
    second = LiveScheduler(sessions, fire)
    await second.start()
    scheduled = second.scheduled()
    second.shutdown()
    assert scheduled == [fired[0] + 1]
    assert len(fired) == 1


async def test_arming_again_moves_the_timer_and_cancel_stops_it(sessions) -> None:
    t = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    async with sessions.begin() as s:
        await arm(s, "demo", 7, t)
        await arm(s, "demo", 7, t + timedelta(hours=1))
    async with sessions.begin() as s:
        timers = (await s.scalars(select(Timer))).all()
        assert [(x.ref_id, x.due_at) for x in timers] == [(7, t + timedelta(hours=1))]
        await cancel(s, "demo", 7)
    async with sessions() as s:
        assert (await s.scalar(select(Timer))).cancelled is True
