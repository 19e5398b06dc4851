"""The replay gateway: a transcript in, on a virtual clock; every message the bot sends out as a JSON line."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import sys
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, TextIO
from zoneinfo import ZoneInfo

from bot.app import Bot, Parts, build_bot, open_parts
from bot.clock import VirtualClock
from bot.community import Directory
from bot.messages import Incoming, Joined, Outgoing
from bot.state import dump_state

log = logging.getLogger(__name__)


class BadLine(ValueError):
    """A transcript line that cannot be replayed; reported with its number and skipped."""


@dataclass(frozen=True)
class Tick:
    at: datetime


Event = Incoming | Joined | Tick


def parse_time(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise BadLine(f"'at' is not an ISO time: {value!r}") from exc
    if moment.tzinfo is None:
        raise BadLine(f"'at' has no UTC offset: {value!r}")
    return moment


class EventReader:
    """Turns transcript lines into events; a line's key is stable across runs of the same transcript.

    The key is a digest of the line's content plus how often that content came
    before, so replaying a transcript again over the same store skips what was
    already handled instead of filing it twice.
    """

    def __init__(self, directory: Directory) -> None:
        self._directory = directory
        self._seen: Counter[str] = Counter()

    def parse(self, line: str) -> Event:
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadLine(f"not JSON: {exc.msg}") from exc
        if not isinstance(data, dict):
            raise BadLine("not a JSON object")
        at = parse_time(data.get("at"))
        if data.get("tick"):
            return Tick(at)
        room = data.get("room")
        # A group the file does not list is unknown, unless the bot is being added to it now.
        joining_bot = self._directory.bot_name in (data.get("join") or [])
        if room is not None and self._directory.placement(room) is None and not joining_bot:
            raise BadLine(f"unknown room {room!r}")
        digest = hashlib.sha1(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]
        self._seen[digest] += 1
        key = f"replay:{digest}:{self._seen[digest]}"
        if "join" in data:
            members = data["join"]
            if room is None or not isinstance(members, list) or not members:
                raise BadLine("'join' needs a room and a list of members")
            names = tuple(map(str, members))
            return Joined(
                key=key, at=at, room=room, members=names, by=data.get("by"),
                includes_bot=self._directory.bot_name in names,
            )  # fmt: skip
        sender, text = data.get("from"), data.get("text")
        if not isinstance(sender, str) or not sender.strip():
            raise BadLine("a message needs 'from'")
        if not isinstance(text, str):
            raise BadLine("a message needs 'text'")
        mention = f"@{self._directory.bot_name}"
        return Incoming(
            key=key, sent_at=at, sender=sender, room=room, text=text, mentions_bot=mention in text
        )


async def _lines(source: str) -> AsyncIterator[str]:
    if source == "-":
        # Read stdin without blocking the loop: a live feed may pause between lines.
        while line := await asyncio.to_thread(sys.stdin.readline):
            yield line
    else:
        text = await asyncio.to_thread(Path(source).read_text, encoding="utf-8")
        for line in text.splitlines():
            yield line


class JsonLinesOut:
    """The replay's 'platform': each message the bot sends becomes one line on out."""

    def __init__(self, clock: VirtualClock, tz: str, out: TextIO) -> None:
        self._clock = clock
        self._tz = ZoneInfo(tz)
        self._out = out

    async def send(self, message: Outgoing) -> None:
        line = {
            "at": self._clock.now().astimezone(self._tz).isoformat(),
            "room": message.room,
            "to": message.to,
            "mentions": list(message.mentions),
            "text": message.text,
        }
        self._out.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._out.flush()


class VirtualRun:
    """The bot on a virtual clock that starts at the first moment it is moved to."""

    def __init__(self, parts: Parts, directory: Directory, out: TextIO) -> None:
        self._parts = parts
        self._directory = directory
        self._out = out
        self.clock: VirtualClock | None = None
        self._bot: Bot | None = None

    async def move_to(self, moment: datetime) -> Bot:
        """Fire every timer due by moment, each at its own time, then stand at moment."""
        if self.clock is None or self._bot is None:
            self.clock = VirtualClock(moment)
            send = JsonLinesOut(self.clock, self._directory.timezone, self._out).send
            self._bot = build_bot(self._parts, self._directory, self.clock, send)
            await self._bot.start()
        await self._bot.run_until(moment)
        self.clock.advance_to(moment)
        return self._bot


async def replay(
    *,
    directory: Directory,
    transcript: str,
    database_url: str,
    nlu_url: str,
    until: datetime | None = None,
    state_path: Path | None = None,
    out: TextIO = sys.stdout,
    err: IO[str] = sys.stderr,
    nlu_wait: float = 600.0,
) -> int:
    """Run the real bot over a transcript; returns how many lines were bad."""
    reader = EventReader(directory)
    bad = 0
    async with open_parts(database_url, nlu_url) as parts:
        run = VirtualRun(parts, directory, out)
        lineno = 0
        async for line in _lines(transcript):
            lineno += 1
            if not line.strip():
                continue
            try:
                event = reader.parse(line)
            except BadLine as exc:
                bad += 1
                print(f"{transcript}:{lineno}: skipped: {exc}", file=err)
                continue
            at = event.sent_at if isinstance(event, Incoming) else event.at
            if run.clock is not None and at < run.clock.now():
                print(
                    f"{transcript}:{lineno}: note: time goes backwards, kept at {run.clock.now()}", file=err
                )
            bot = await run.move_to(at)
            if isinstance(event, Incoming):
                await bot.on_message(event)
            elif isinstance(event, Joined):
                await bot.on_join(event)
            await bot.settle(max_wait=nlu_wait)
        if until is not None:
            bot = await run.move_to(until)
            await bot.settle(max_wait=nlu_wait)
        if state_path is not None:
            state = await dump_state(parts.sessions, directory.timezone)
            text = json.dumps(state, ensure_ascii=False, indent=2)
            await asyncio.to_thread(state_path.write_text, text, encoding="utf-8")
    return bad
