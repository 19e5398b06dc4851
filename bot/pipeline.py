"""The message pipeline: store the raw message, read it, route it, answer through the outbox.

Every message is written to the store before anything else happens to it, so
a message survives an NLU outage or a crash; it is marked handled in the
same transaction as the work it caused, so it is never handled twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.community import Directory
from bot.messages import Incoming, Joined, Outgoing, Undeliverable
from bot.nlu_client import NluClient, NluRejected, NluUnavailable, Understanding
from bot.router import Router
from bot.store.models import Message, MessageStatus, Outbox, Timer
from bot.turn import Context, Turn

log = logging.getLogger(__name__)

Send = Callable[[Outgoing], Awaitable[None]]


class Pipeline:
    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        nlu: NluClient,
        router: Router,
        directory: Directory,
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._nlu = nlu
        self._router = router
        self._directory = directory
        self._clock = clock
        self._lock = asyncio.Lock()

    async def receive(self, incoming: Incoming) -> bool:
        """Store a message; False when its key was seen before (a redelivery)."""
        text = incoming.text.strip()
        if not text:
            return False
        try:
            async with self._sessions.begin() as session:
                seen = await session.scalar(select(Message.id).where(Message.key == incoming.key))
                if seen is not None:
                    return False
                session.add(
                    Message(
                        key=incoming.key,
                        room=incoming.room,
                        sender=incoming.sender,
                        text=text,
                        mentions_bot=incoming.mentions_bot,
                        sent_at=incoming.sent_at,
                        status=MessageStatus.PENDING,
                    )
                )
        except IntegrityError:
            # Two deliveries of one message raced; the other one stored it.
            return False
        return True

    async def pending(self) -> int:
        async with self._sessions() as session:
            rows = await session.scalars(select(Message.id).where(Message.status == MessageStatus.PENDING))
            return len(rows.all())

    async def process_pending(self) -> int:
        """Handle stored messages in arrival order; raises NluUnavailable, leaving the rest pending."""
        async with self._lock:
            handled = 0
            async with self._sessions() as session:
                ids = (
                    await session.scalars(
                        select(Message.id).where(Message.status == MessageStatus.PENDING).order_by(Message.id)
                    )
                ).all()
            for message_id in ids:
                if await self._handle(message_id):
                    handled += 1
            return handled

    async def _handle(self, message_id: int) -> bool:
        async with self._sessions() as session:
            message = await session.get(Message, message_id)
            if message is None or message.status != MessageStatus.PENDING:
                return False
            text, sent_at = message.text, message.sent_at
        # Chat commands need no NLU: staff can work cases while the NLU service is down.
        found = self._router.find_command(text)
        if found is not None:
            understanding = Understanding(intent="command")
        else:
            # The store gives times back in UTC; 明天 and 周五18点 mean the community's local day and hour.
            local = sent_at.astimezone(ZoneInfo(self._directory.timezone))
            try:
                understanding = await self._nlu.understand(text, local)
            except NluRejected as exc:
                log.error("message %s was refused by the NLU service: %s", message_id, exc)
                await self._fail(message_id, None, exc)
                return False
        try:
            async with self._sessions.begin() as session:
                message = await session.get(Message, message_id, with_for_update=True)
                if message is None or message.status != MessageStatus.PENDING:
                    return False
                turn = Turn(
                    session=session,
                    directory=self._directory,
                    now=self._clock.now(),
                    message=message,
                    understanding=understanding,
                    match=found[1] if found else None,
                )
                if found is not None:
                    await self._router.dispatch_command(turn, found[0])
                else:
                    await self._router.dispatch(turn)
                message.status = MessageStatus.HANDLED
                message.intent = understanding.intent
                message.nlu = understanding.as_schema()
                message.handled_at = self._clock.now()
        except Exception as exc:
            # A bug in one action must not block the queue; the message is kept for a look.
            log.exception("handling message %s failed", message_id)
            await self._fail(message_id, understanding.intent, exc)
            return False
        return True

    async def _fail(self, message_id: int, intent: str | None, exc: Exception) -> None:
        async with self._sessions.begin() as session:
            message = await session.get(Message, message_id)
            if message is not None:
                message.status = MessageStatus.FAILED
                message.intent = intent
                message.error = repr(exc)

    async def join(self, joined: Joined) -> None:
        async with self._lock, self._sessions.begin() as session:
            await self._router.joined(
                Context(session=session, directory=self._directory, now=self._clock.now()), joined
            )

    async def start(self) -> None:
        async with self._lock, self._sessions.begin() as session:
            await self._router.start(
                Context(session=session, directory=self._directory, now=self._clock.now())
            )

    async def fire_timer(self, timer_id: int) -> None:
        """Do a timer's work and mark it fired, in one transaction: it fires once, whatever happens."""
        async with self._lock:
            try:
                async with self._sessions.begin() as session:
                    timer = await session.get(Timer, timer_id, with_for_update=True)
                    if timer is None or timer.fired_at is not None or timer.cancelled:
                        return
                    context = Context(session=session, directory=self._directory, now=self._clock.now())
                    await self._router.fire(context, timer.kind, timer.ref_id)
                    timer.fired_at = self._clock.now()
            except Exception:
                log.exception("timer %s failed; marking it fired so it does not repeat", timer_id)
                async with self._sessions.begin() as session:
                    timer = await session.get(Timer, timer_id)
                    if timer is not None:
                        timer.fired_at = self._clock.now()


class Courier:
    """Delivers the outbox in order; a row is marked sent only after the gateway took it.

    With merge on (WeChat), replies waiting for the same group at the same time
    go out as one message: fewer sends, the same words.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        send: Send,
        clock: Clock,
        *,
        merge: bool = False,
        max_merged: int = 5,
        max_chars: int = 800,
    ) -> None:
        self._sessions = sessions
        self._send = send
        self._clock = clock
        self._merge = merge
        self._max_merged = max_merged
        self._max_chars = max_chars
        self._lock = asyncio.Lock()

    def _batch(self, rows: list[Outbox]) -> list[Outbox]:
        first = rows[0]
        batch = [first]
        if not self._merge or first.room is None:
            return batch
        size = len(first.text)
        for row in rows[1:]:
            size += len(row.text) + 1
            if (
                row.room != first.room
                or row.to is not None
                or len(batch) == self._max_merged
                or size > self._max_chars
            ):
                break
            batch.append(row)
        return batch

    async def flush(self) -> int:
        async with self._lock:
            sent = 0
            while True:
                async with self._sessions() as session:
                    rows = list(
                        (
                            await session.scalars(
                                select(Outbox).where(Outbox.sent_at.is_(None)).order_by(Outbox.id).limit(50)
                            )
                        ).all()
                    )
                if not rows:
                    return sent
                batch = self._batch(rows)
                mentions = tuple(dict.fromkeys(m for row in batch for m in row.mentions))
                text = "\n".join(row.text for row in batch)
                try:
                    await self._send(
                        Outgoing(text=text, room=batch[0].room, to=batch[0].to, mentions=mentions)
                    )
                except Undeliverable as exc:
                    # Nobody to take it (a name the platform does not know): say so, keep the rest going.
                    log.error("dropping outbox rows %s: %s", [row.id for row in batch], exc)
                async with self._sessions.begin() as session:
                    for row in batch:
                        stored = await session.get(Outbox, row.id)
                        if stored is not None:
                            stored.sent_at = self._clock.now()
                sent += len(batch)


__all__ = ["Courier", "NluUnavailable", "Pipeline"]
