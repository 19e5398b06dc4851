"""Maps what a message means (its intent) to the action that handles it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.turn import Turn

log = logging.getLogger(__name__)

Handler = Callable[[Turn], Awaitable[None]]


class Router:
    """Intents to handlers, registered explicitly (see actions.build_router).

    An intent with no handler, such as chit-chat, gets silence: the bot does
    not answer every line said in a busy group.
    """

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def on(self, intent: str, handler: Handler) -> None:
        if intent in self._handlers:
            raise ValueError(f"intent {intent!r} already has a handler")
        self._handlers[intent] = handler

    def handles(self, intent: str) -> bool:
        return intent in self._handlers

    async def dispatch(self, turn: Turn) -> None:
        handler = self._handlers.get(turn.understanding.intent)
        if handler is not None:
            await handler(turn)
