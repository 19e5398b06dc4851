"""Maps a message to the action that handles it: chat commands first, then follow-ups, then the intent.

Registration happens in one place (actions.build_router); nothing registers
itself on import.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot import strings
from bot.messages import Joined
from bot.turn import Context, Turn

log = logging.getLogger(__name__)

Handler = Callable[[Turn], Awaitable[None]]
FollowUp = Callable[[Turn], Awaitable[bool]]
TimerHandler = Callable[[Context, int], Awaitable[None]]
StartHandler = Callable[[Context], Awaitable[None]]
JoinHandler = Callable[[Context, Joined], Awaitable[None]]

# "@小清 受理 Q..." and "受理 Q..." are the same command.
_MENTION = re.compile(r"^\s*@\S+[\s\u2005]*")


@dataclass(frozen=True)
class Command:
    pattern: re.Pattern[str]
    handler: Handler
    roles: frozenset[str]


class Router:
    """Commands by pattern (with who may use them), follow-ups in order, intents, and timer kinds.

    An intent with no handler, such as chit-chat, gets silence: the bot does
    not answer every line said in a busy group.
    """

    def __init__(self) -> None:
        self._commands: list[Command] = []
        self._follow_ups: list[FollowUp] = []
        self._intents: dict[str, Handler] = {}
        self._timers: dict[str, TimerHandler] = {}
        self._on_start: list[StartHandler] = []
        self._on_join: list[JoinHandler] = []

    def command(self, pattern: str, handler: Handler, *, roles: tuple[str, ...] = ("staff",)) -> None:
        self._commands.append(Command(re.compile(pattern), handler, frozenset(roles)))

    def follow_up(self, handler: FollowUp) -> None:
        """A handler that may take a message before its intent is looked at (an answer to a question)."""
        self._follow_ups.append(handler)

    def on(self, intent: str, handler: Handler) -> None:
        if intent in self._intents:
            raise ValueError(f"intent {intent!r} already has a handler")
        self._intents[intent] = handler

    def on_timer(self, kind: str, handler: TimerHandler) -> None:
        if kind in self._timers:
            raise ValueError(f"timer kind {kind!r} already has a handler")
        self._timers[kind] = handler

    def on_start(self, handler: StartHandler) -> None:
        """Work to do once the bot has its store and clock, such as arming the daily digest."""
        self._on_start.append(handler)

    def on_join(self, handler: JoinHandler) -> None:
        """Members added to a group (the bot among them when it is invited)."""
        self._on_join.append(handler)

    async def joined(self, context: Context, joined: Joined) -> None:
        for handler in self._on_join:
            await handler(context, joined)

    async def start(self, context: Context) -> None:
        for handler in self._on_start:
            await handler(context)

    def find_command(self, text: str) -> tuple[Command, re.Match[str]] | None:
        body = _MENTION.sub("", text).strip()
        for command in self._commands:
            match = command.pattern.fullmatch(body)
            if match:
                return command, match
        return None

    async def dispatch_command(self, turn: Turn, command: Command) -> None:
        if turn.role not in command.roles:
            turn.reply(strings.NOT_ALLOWED)
            return
        await command.handler(turn)

    async def dispatch(self, turn: Turn) -> None:
        for follow_up in self._follow_ups:
            if await follow_up(turn):
                return
        handler = self._intents.get(turn.understanding.intent)
        if handler is not None:
            await handler(turn)

    async def fire(self, context: Context, kind: str, ref_id: int) -> None:
        handler = self._timers.get(kind)
        if handler is None:
            log.error("no handler for timer kind %r; dropping it", kind)
            return
        await handler(context, ref_id)
