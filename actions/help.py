"""Answers "what can you do" with a short guide."""

from __future__ import annotations

from bot import strings
from bot.turn import Turn


async def on_help(turn: Turn) -> None:
    turn.reply(strings.help_text(turn.directory.bot_name))
