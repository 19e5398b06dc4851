"""What an action gets for one message: the message, its reading, the store session, and a way to answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.community import Directory
from bot.nlu_client import Understanding
from bot.store.models import Message, Outbox


@dataclass
class Turn:
    session: AsyncSession
    message: Message
    understanding: Understanding
    directory: Directory
    now: datetime

    @property
    def sender(self) -> str:
        return self.message.sender

    @property
    def room(self) -> str | None:
        return self.message.room

    def reply(self, text: str, *, mention: bool = True) -> None:
        """Answer where the message was said: in its group mentioning the sender, or privately."""
        if self.message.room is None:
            self.tell(self.message.sender, text)
            return
        mentions = [self.message.sender] if mention else []
        self.session.add(
            Outbox(room=self.message.room, to=None, mentions=mentions, text=text, created_at=self.now)
        )

    def tell(self, person: str, text: str) -> None:
        """A private message, such as a new case for its handler."""
        self.session.add(Outbox(room=None, to=person, mentions=[], text=text, created_at=self.now))

    def post(self, room: str, text: str) -> None:
        self.session.add(Outbox(room=room, to=None, mentions=[], text=text, created_at=self.now))
