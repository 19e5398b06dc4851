"""Puts the bot together (store, NLU, router, pipeline, outbox) and runs its work loop."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from actions import build_router
from bot.clock import Clock, VirtualClock
from bot.community import Directory
from bot.messages import Incoming, Joined
from bot.nlu_client import NluClient, NluUnavailable
from bot.pipeline import Courier, Pipeline, Send
from bot.scheduler import LiveScheduler, Scheduler, VirtualScheduler
from bot.store.db import make_engine, make_sessions, migrate

log = logging.getLogger(__name__)


# What a store that is down for a while looks like: a lost connection, a refused one, a locked file.
STORE_ERRORS = (DBAPIError, OSError)


class Bot:
    """What a gateway talks to: it hands in events and lets the bot do its work."""

    def __init__(self, pipeline: Pipeline, courier: Courier, directory: Directory) -> None:
        self.pipeline = pipeline
        self.courier = courier
        self.directory = directory
        self.scheduler: Scheduler | None = None
        self._wake = asyncio.Event()
        # Messages that arrived while the store was down: kept here, stored first when it is back.
        self._unsaved: deque[Incoming] = deque()
        # Set while a task of its own delivers the outbox (throttled WeChat): sending never holds up reading.
        self._outbox_ready: asyncio.Event | None = None

    async def fire(self, timer_id: int) -> None:
        """A timer is due: do its work, then deliver what it said."""
        await self.pipeline.fire_timer(timer_id)
        await self._after_work()

    async def _after_work(self) -> None:
        if self.scheduler is not None:
            await self.scheduler.sync()
        if self._outbox_ready is not None:
            self.wake_outbox()
        else:
            await self.courier.flush()

    def wake_outbox(self) -> None:
        """Tell the delivering task there is something to send (the platform is back, say)."""
        if self._outbox_ready is not None:
            self._outbox_ready.set()

    async def deliver(self, *, retry: float = 5.0) -> None:
        """Deliver the outbox from a task of its own until cancelled; a failed send is tried again."""
        self._outbox_ready = ready = asyncio.Event()
        ready.set()
        try:
            while True:
                await ready.wait()
                ready.clear()
                try:
                    await self.courier.flush()
                except Exception as exc:  # the platform is away: the rows stay in the outbox
                    log.warning("sending failed (%s); retrying in %.0fs", exc, retry)
                    await asyncio.sleep(retry)
                    ready.set()
        finally:
            self._outbox_ready = None

    async def start(self) -> None:
        """Once per run, before any work: the router's start-up duties (such as the daily digest)."""
        await self.pipeline.start()
        if self.scheduler is not None:
            await self.scheduler.sync()

    async def run_until(self, moment: datetime) -> None:
        """On a virtual clock: fire, in order and each at its time, every timer due by moment."""
        if isinstance(self.scheduler, VirtualScheduler):
            await self.scheduler.run_until(moment)

    async def on_message(self, incoming: Incoming) -> bool:
        """Store a message; with the store down, keep it in memory to store when it is back."""
        try:
            await self._save_unsaved()
            stored = await self.pipeline.receive(incoming)
        except STORE_ERRORS as exc:
            log.error("the store is down (%s); keeping message %s until it is back", exc, incoming.key)
            self._unsaved.append(incoming)
            self._wake.set()
            return False
        if stored:
            self._wake.set()
        return stored

    async def _save_unsaved(self) -> None:
        while self._unsaved:
            await self.pipeline.receive(self._unsaved[0])
            self._unsaved.popleft()

    async def on_join(self, joined: Joined) -> None:
        await self.pipeline.join(joined)
        await self._after_work()

    async def step(self) -> None:
        """Handle what is pending and deliver what is due; raises NluUnavailable, or a store error."""
        try:
            await self._save_unsaved()
            await self.pipeline.process_pending()
        finally:
            await self._after_work()

    async def settle(self, *, max_wait: float = 600.0) -> None:
        """Handle everything stored so far, waiting (in real time) for the NLU service if it is down.

        Used by the replay, where the virtual clock must not move on past
        messages that are still unread. Gives up after max_wait seconds,
        leaving the messages pending in the store for the next run.
        """
        deadline = time.monotonic() + max_wait
        delay = 0.5
        while True:
            try:
                await self.step()
                return
            except NluUnavailable as exc:
                if time.monotonic() + delay > deadline:
                    raise
                log.warning("%s; retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def serve(self, *, retry: float = 5.0) -> None:
        """The live work loop: wake on new messages, retry while the NLU service is down."""
        await self._recover()
        await self.start()
        if isinstance(self.scheduler, LiveScheduler):
            await self.scheduler.start()
        try:
            await self._work(retry)
        finally:
            if isinstance(self.scheduler, LiveScheduler):
                self.scheduler.shutdown()

    async def _work(self, retry: float, sweep: float = 60.0) -> None:
        while True:
            # Cleared before the step, not after: a message stored during the step wakes the next one.
            self._wake.clear()
            try:
                await self.step()
                timeout = sweep
            except NluUnavailable as exc:
                log.warning("%s; messages wait in the store, retrying in %.0fs", exc, retry)
                timeout = retry
            except STORE_ERRORS as exc:
                log.error("the store is down (%s); %d messages held in memory, retrying in %.0fs",
                          exc, len(self._unsaved), retry)  # fmt: skip
                timeout = retry
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    async def _recover(self) -> None:
        waiting = await self.pipeline.pending()
        if waiting:
            log.info("%d messages were waiting from before; handling them", waiting)


@dataclass
class Parts:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    nlu: NluClient


@asynccontextmanager
async def open_parts(database_url: str, nlu_url: str, nlu_timeout: float = 5.0) -> AsyncIterator[Parts]:
    engine = make_engine(database_url)
    await migrate(engine)
    nlu = NluClient(nlu_url, timeout=nlu_timeout)
    try:
        yield Parts(engine=engine, sessions=make_sessions(engine), nlu=nlu)
    finally:
        await nlu.aclose()
        await engine.dispose()


def build_bot(parts: Parts, directory: Directory, clock: Clock, send: Send, *, merge: bool = False) -> Bot:
    """The whole bot; on a VirtualClock its timers fire as the clock is moved, else by APScheduler."""
    pipeline = Pipeline(
        sessions=parts.sessions,
        nlu=parts.nlu,
        router=build_router(),
        directory=directory,
        clock=clock,
    )
    bot = Bot(pipeline, Courier(parts.sessions, send, clock, merge=merge), directory)
    if isinstance(clock, VirtualClock):
        bot.scheduler = VirtualScheduler(parts.sessions, bot.fire, clock)
    else:
        bot.scheduler = LiveScheduler(parts.sessions, bot.fire)
    return bot
