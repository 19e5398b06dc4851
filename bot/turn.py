"""What actions get: a Context (session, directory, time, ways to speak); for a message, a Turn."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.community import Directory
from bot.nlu_client import Understanding
from bot.store.models import Message, Outbox


@dataclass
class Context:
    """One unit of work, inside one transaction: what it says goes out only if it commits."""

    session: AsyncSession
    directory: Directory
    now: datetime

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.directory.timezone)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def tell(self, person: str, text: str) -> None:
        """A private message, such as a new case for its handler."""
        self.session.add(Outbox(room=None, to=person, mentions=[], text=text, created_at=self.now))

    def post(self, room: str, text: str, mentions: list[str] | None = None) -> None:
        """A message to a group, mentioning whoever it concerns."""
        self.session.add(Outbox(room=room, to=None, mentions=mentions or [], text=text, created_at=self.now))


@dataclass
class Turn(Context):
    """A message being handled: what was said, and what the NLU (or a command) made of it."""

    message: Message = field(kw_only=True)
    understanding: Understanding = field(kw_only=True)
    match: re.Match[str] | None = field(default=None, kw_only=True)

    @property
    def sender(self) -> str:
        return self.message.sender

    @property
    def room(self) -> str | None:
        return self.message.room

    @property
    def group(self) -> str | None:
        """The group this is about: where it was said, or (said privately) the sender's building group."""
        return self.message.room or self.directory.home_group(self.message.sender)

    @property
    def role(self) -> str:
        return self.directory.role(self.message.sender)

    def reply(self, text: str, *, mention: bool = True) -> None:
        """Answer where the message was said: in its group mentioning the sender, or privately."""
        if self.message.room is None:
            self.tell(self.message.sender, text)
        else:
            self.post(self.message.room, text, [self.message.sender] if mention else [])
