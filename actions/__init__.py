"""The bot's capabilities, one module each, registered with the router in one place."""

from __future__ import annotations

from actions import complaints, help
from bot.router import Router


def build_router() -> Router:
    router = Router()
    router.on("complaint", complaints.on_complaint)
    router.on("help", help.on_help)
    return router
