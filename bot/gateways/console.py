"""The console gateway: an interactive group chat in the terminal, playing any resident or staff member."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import uuid
from collections.abc import Callable
from typing import TextIO

from bot import strings
from bot.app import STORE_ERRORS, Bot
from bot.clock import Clock
from bot.community import Directory
from bot.messages import Incoming, Outgoing
from bot.nlu_client import NluUnavailable


class ConsoleChat:
    """Who is typing and where; parses the slash commands that change them."""

    def __init__(self, directory: Directory, clock: Clock, out: TextIO) -> None:
        self.directory = directory
        self.clock = clock
        self.out = out
        people = [p.name for p in directory.data.people if p.household]
        self.me = people[0] if people else "3-2-502 王姐"
        rooms = directory.rooms()
        self.room: str | None = rooms[0] if rooms else None

    def prompt(self) -> str:
        where = self.room or strings.CONSOLE_PRIVATE
        return f"[{where}] {self.me}> "

    def show(self, message: Outgoing) -> None:
        bot = self.directory.bot_name
        mentions = "".join(f"@{m} " for m in message.mentions)
        if message.room is not None:
            print(f"\n[{message.room}] {bot}: {mentions}{message.text}", file=self.out)
        else:
            print(f"\n[{strings.console_private_to(message.to or '')}] {bot}: {message.text}", file=self.out)
        self.out.flush()

    def show_notice(self, text: str) -> None:
        print(f"({text})", file=self.out)

    def command(self, line: str) -> bool:
        """Run a slash command; False means quit."""
        name, _, arg = line[1:].strip().partition(" ")
        arg = arg.strip()
        handlers: dict[str, Callable[[str], None]] = {
            "as": self._as,
            "in": self._in,
            "private": lambda _: self._private(),
            "groups": lambda _: self._groups(),
            "people": lambda _: self._people(),
            "help": lambda _: self._say(strings.CONSOLE_HELP),
        }
        if name in ("quit", "exit", "q"):
            return False
        handler = handlers.get(name)
        if handler is None:
            self._say(strings.console_unknown(line.split()[0]) + "\n" + strings.CONSOLE_HELP)
        else:
            handler(arg)
        return True

    def _say(self, text: str) -> None:
        print(text, file=self.out)

    def _as(self, name: str) -> None:
        if not name:
            self._say(strings.CONSOLE_AS_USAGE)
            return
        people = [p.name for p in self.directory.data.people]
        if name.isdigit() and 1 <= int(name) <= len(people):
            name = people[int(name) - 1]
        self.me = name
        self._say(strings.console_now_as(name, self.directory.role(name), self.directory.household(name)))

    def _in(self, room: str) -> None:
        rooms = self.directory.rooms()
        if room.isdigit() and 1 <= int(room) <= len(rooms):
            room = rooms[int(room) - 1]
        if room not in rooms:
            self._say(strings.CONSOLE_NO_SUCH_GROUP)
            self._groups()
            return
        self.room = room
        self._say(strings.console_now_in(room))

    def _private(self) -> None:
        self.room = None
        self._say(strings.CONSOLE_NOW_PRIVATE)

    def _groups(self) -> None:
        for i, room in enumerate(self.directory.rooms(), 1):
            self._say(f"  {i}. {room}")

    def _people(self) -> None:
        for i, person in enumerate(self.directory.data.people, 1):
            self._say(f"  {i}. {person.name}({strings.ROLE_NAMES[person.role]})")

    def incoming(self, text: str) -> Incoming:
        return Incoming(
            key=f"console:{uuid.uuid4()}",
            sent_at=self.clock.now(),
            sender=self.me,
            room=self.room,
            text=text,
            mentions_bot=f"@{self.directory.bot_name}" in text,
        )


async def run_console(bot: Bot, chat: ConsoleChat, stdin: TextIO = sys.stdin) -> None:
    print(strings.console_banner(chat.directory.bot_name), file=chat.out)
    chat.command("/groups")
    worker = asyncio.create_task(bot.serve())
    try:
        while True:
            print(chat.prompt(), end="", file=chat.out, flush=True)
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            line = line.strip()
            if not line:
                continue
            if line.startswith("/"):
                if not chat.command(line):
                    break
                continue
            await bot.on_message(chat.incoming(line))
            try:
                # Answer before the next prompt; the worker covers what this misses.
                await bot.step()
            except (NluUnavailable, *STORE_ERRORS):
                chat.show_notice(strings.NLU_DOWN_NOTICE)
    finally:
        # Let the worker finish what was typed last before leaving.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(bot.settle(max_wait=5), 10)
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
