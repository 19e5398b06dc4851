"""What crosses the gateway seam: events coming in from a chat platform, messages going out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Incoming:
    """A text someone sent, in a group (room) or privately to the bot (room is None)."""

    key: str  # the platform's message id: the same key delivered twice is handled once
    sent_at: datetime
    sender: str  # display name: a person's identity in a group
    room: str | None
    text: str
    mentions_bot: bool = False


@dataclass(frozen=True)
class Joined:
    """Members added to a group; the bot itself among them means it was invited."""

    key: str
    at: datetime
    room: str
    members: tuple[str, ...]
    by: str | None = None
    includes_bot: bool = False


class SendFailed(Exception):
    """The platform did not take a message; it stays in the outbox and is tried again."""


class Undeliverable(SendFailed):
    """Out of the platform's reach (an unknown group or person): retrying cannot help; logged, skipped."""


@dataclass(frozen=True)
class Outgoing:
    """A message the bot sends: to a group (room), or privately (to)."""

    text: str
    room: str | None = None
    to: str | None = None
    mentions: tuple[str, ...] = field(default=())
