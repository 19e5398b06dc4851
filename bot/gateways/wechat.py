"""The WeChat gateway: python-wechaty over a Wechaty puppet service, behind the same seam as the others.

Handlers never see WeChat: this module turns wechaty events into Incoming and
Joined, and Outgoing back into room.say / contact.say, spaced by the Throttle.
It keeps the puppet connection up itself (python-wechaty would wait a fixed
60 s after a dropped stream), with backoff, and shuts down without its
teardown trap.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

from bot.app import Bot
from bot.clock import Clock
from bot.community import Directory
from bot.messages import Incoming, Joined, Outgoing, SendFailed, Undeliverable
from bot.settings import ROOT
from bot.throttle import SendLimits, Throttle

log = logging.getLogger(__name__)


def import_wechaty() -> ModuleType:
    """python-wechaty 0.10.7 on Python 3.11: its PuppetOptions dataclass needs a hash before wechaty imports.

    (Python 3.11 rejects a dataclass default that is an unhashable dataclass.)
    """
    from wechaty_puppet.schemas.puppet import PuppetOptions

    PuppetOptions.__hash__ = object.__hash__  # type: ignore[assignment,method-assign]
    # python-wechaty keeps its scheduler's SQLite file in CACHE_DIR: under var/, not the working directory.
    os.environ.setdefault("CACHE_DIR", str(ROOT / "var" / "wechaty"))
    import wechaty

    return wechaty


@dataclass(frozen=True)
class WeChatConfig:
    token: str
    endpoint: str | None = None
    limits: SendLimits = field(default_factory=SendLimits)
    reconnect_max: float = 30.0


class WeChatGateway:
    def __init__(self, config: WeChatConfig, directory: Directory, clock: Clock) -> None:
        self._config = config
        self._directory = directory
        self._clock = clock
        self._throttle = Throttle(config.limits)
        self._wechaty = import_wechaty()
        from wechaty_puppet import PuppetOptions

        self._puppet_options = PuppetOptions
        self._client: Any = None
        self._self_id: str | None = None
        self._rooms: dict[str, Any] = {}
        self._contacts: dict[str, Any] = {}
        self._members: dict[str, dict[str, str]] = {}
        self._bot: Bot | None = None
        self.logged_in = asyncio.Event()

    # -- running ----------------------------------------------------------------------

    async def run(self, bot: Bot) -> None:
        """Serve until cancelled: the bot's work loop, its outbox, and a puppet connection kept up."""
        self._bot = bot
        tasks = [asyncio.create_task(bot.serve()), asyncio.create_task(bot.deliver())]
        try:
            await self._stay_connected()
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    async def _stay_connected(self) -> None:
        delay = 1.0
        while True:
            client = self._new_client()
            listening = asyncio.create_task(client.start())
            try:
                await listening
                log.warning("the puppet service closed the event stream")
            except asyncio.CancelledError:
                # Cancel the listener until it is done, then stop: otherwise it reconnects on its own.
                listening.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await listening
                await self._drop(client)
                raise
            except Exception as exc:
                log.warning("puppet connection failed: %r", exc)
            was_up = self.logged_in.is_set()
            await self._drop(client)
            delay = 1.0 if was_up else min(delay * 2, self._config.reconnect_max)
            log.info("reconnecting to the puppet service in %.0fs", delay)
            await asyncio.sleep(delay)

    def _new_client(self) -> Any:
        wechaty = self._wechaty
        gateway = self
        options = wechaty.WechatyOptions(
            puppet="wechaty-puppet-service",
            puppet_options=self._puppet_options(token=self._config.token, end_point=self._config.endpoint),
        )

        class Client(wechaty.Wechaty):  # type: ignore[misc,name-defined]
            async def start(self) -> None:
                # python-wechaty's start() sleeps 60 s on a dropped stream; the gateway supervises instead.
                await self.init_puppet()
                await self.init_puppet_event_bridge(self.puppet)
                self.started = True
                await self.puppet.start()  # returns, or raises, when the event stream ends

            async def on_login(self, contact: Any) -> None:
                await gateway._on_login(self, contact)

            async def on_message(self, msg: Any) -> None:
                await gateway._on_message(msg)

            async def on_room_join(self, room: Any, invitees: list[Any], inviter: Any, date: Any) -> None:
                await gateway._on_room_join(room, invitees, inviter)

        client = Client(options)
        self._client = client
        return client

    async def _drop(self, client: Any) -> None:
        self.logged_in.clear()
        self._rooms.clear()
        self._contacts.clear()
        self._members.clear()
        if self._client is client:
            self._client = None
        with contextlib.suppress(Exception):
            await client.stop()

    # -- events in ----------------------------------------------------------------------

    async def _on_login(self, client: Any, contact: Any) -> None:
        self._self_id = contact.contact_id
        log.info("logged in to WeChat as %s", contact.name)
        self.logged_in.set()
        if self._bot is not None:
            self._bot.wake_outbox()  # replies that waited while WeChat was away go out now

    def _sent_at(self, msg: Any) -> datetime:
        stamp = getattr(msg.payload, "timestamp", None)
        if not stamp:
            return self._clock.now()
        seconds = stamp / 1000 if stamp > 2145888000 else stamp
        return datetime.fromtimestamp(seconds, UTC)

    async def _on_message(self, msg: Any) -> None:
        try:
            if msg.is_self() or msg.type() != self._wechaty.MessageType.MESSAGE_TYPE_TEXT:
                return  # our own echo, pictures, voice, stickers: not requests
            talker = msg.talker()
            await talker.ready()
            room = msg.room()
            topic = None
            name = talker.name
            mentioned = False
            if room is not None:
                await room.ready()
                topic = await room.topic()
                self._rooms[topic] = room
                with contextlib.suppress(Exception):
                    name = await room.alias(talker) or name  # the group nickname carries 3-2-502
                mentioned = await msg.mention_self()
            self._contacts.setdefault(talker.name, talker)
            text = await msg.mention_text() if mentioned else msg.text()
            incoming = Incoming(
                key=f"wx:{msg.message_id}",
                sent_at=self._sent_at(msg),
                sender=name,
                room=topic,
                text=text,
                mentions_bot=mentioned or (room is None),
            )
        except Exception:
            log.exception("could not read a WeChat message")
            return
        if self._bot is not None:
            await self._bot.on_message(incoming)

    async def _on_room_join(self, room: Any, invitees: list[Any], inviter: Any) -> None:
        await room.ready()
        topic = await room.topic()
        self._rooms[topic] = room
        self._members.pop(room.room_id, None)
        names = tuple(c.name for c in invitees)
        ids = sorted(c.contact_id for c in invitees)
        joined = Joined(
            key=f"wxjoin:{room.room_id}:{','.join(ids)}",
            at=self._clock.now(),
            room=topic,
            members=names,
            by=inviter.name if inviter is not None else None,
            includes_bot=self._self_id in ids,
        )
        if self._bot is not None:
            await self._bot.on_join(joined)

    # -- messages out -------------------------------------------------------------------

    async def send(self, message: Outgoing) -> None:
        client = self._client
        if client is None or not self.logged_in.is_set():
            raise SendFailed("not connected to WeChat")
        try:
            # Every look-up first, so that only the send itself follows the throttle's go.
            if message.room is not None:
                room = await self._room(client, message.room)
                ids = [i for i in [await self._member_id(room, n) for n in message.mentions] if i]
                for contact_id in ids:
                    await client.Contact.load(contact_id).ready()
                await self._throttle.wait(message.room)
                await room.say(message.text, mention_ids=ids or None)
            else:
                contact = await self._contact(client, message.to or "")
                await self._throttle.wait(f"@{message.to}")
                await contact.say(message.text)
        except SendFailed:
            raise
        except Exception as exc:
            raise SendFailed(repr(exc)) from exc

    async def _room(self, client: Any, topic: str) -> Any:
        if topic not in self._rooms:
            for room in await client.Room.find_all():
                await room.ready()
                self._rooms[await room.topic()] = room
        if topic not in self._rooms:
            raise Undeliverable(f"the bot is not in a group named {topic!r}")
        return self._rooms[topic]

    async def _contact(self, client: Any, name: str) -> Any:
        if name not in self._contacts:
            for contact in await client.Contact.find_all():
                await contact.ready()
                self._contacts.setdefault(contact.name, contact)
        if name not in self._contacts:
            raise Undeliverable(f"no WeChat contact named {name!r}")
        return self._contacts[name]

    async def _member_id(self, room: Any, name: str) -> str | None:
        """A member's id by nickname or name; the room's members are read once, again only on a miss."""
        members = self._members.get(room.room_id)
        if members is None or name not in members:
            members = {}
            for member in await room.member_list():
                members.setdefault(member.name, member.contact_id)
                with contextlib.suppress(Exception):
                    if alias := await room.alias(member):
                        members[alias] = member.contact_id
            self._members[room.room_id] = members
        return members.get(name)
