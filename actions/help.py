"""Answers "what can you do" with a short guide; staff also get their case commands."""

from __future__ import annotations

from bot import strings
from bot.turn import Turn


async def on_help(turn: Turn) -> None:
    text = strings.help_text(turn.directory.bot_name)
    if turn.role == "staff":
        text += "\n" + strings.STAFF_HELP
    elif turn.role == "council":
        text += "\n" + strings.COUNCIL_HELP
    turn.reply(text)
