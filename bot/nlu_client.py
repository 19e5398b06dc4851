"""The bot's side of the NLU service: one HTTP call per message, finished with the message's time."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from nlu.shape import finish

log = logging.getLogger(__name__)


class NluUnavailable(Exception):
    """The NLU service did not answer; the message stays pending and is tried again later."""


class NluRejected(Exception):
    """The NLU service answered this message with an error: it is kept as failed, the queue moves on."""


@dataclass(frozen=True)
class Understanding:
    """One message as nlu-schema.md describes it."""

    intent: str
    confidence: float = 1.0
    category: str | None = None
    urgent: bool = False
    entities: dict[str, str] = field(default_factory=dict)
    poll: dict[str, Any] | None = None
    vote: dict[str, str] | None = None

    @classmethod
    def from_schema(cls, data: dict[str, Any]) -> Understanding:
        return cls(
            intent=data["intent"],
            confidence=float(data.get("confidence") or 0.0),
            category=data.get("category"),
            urgent=bool(data.get("urgent")),
            entities=dict(data.get("entities") or {}),
            poll=data.get("poll"),
            vote=data.get("vote"),
        )

    def as_schema(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "confidence": self.confidence,
            "category": self.category,
            "urgent": self.urgent,
            "entities": self.entities,
            "poll": self.poll,
            "vote": self.vote,
        }


class NluClient:
    """Calls `POST /model/parse` on the Rasa service.

    Rasa's HTTP parse passes only the text to the model, so times (明天, 下周三)
    are resolved here, where the message's own time is known.
    """

    def __init__(self, url: str, *, timeout: float = 5.0, http: httpx.AsyncClient | None = None):
        self._url = url.rstrip("/") + "/model/parse"
        self._http = http or httpx.AsyncClient(timeout=timeout)
        self._own_http = http is None

    async def understand(self, text: str, sent_at: datetime) -> Understanding:
        try:
            response = await self._http.post(self._url, json={"text": text})
        except httpx.TransportError as exc:
            raise NluUnavailable(f"NLU service at {self._url} did not answer: {exc!r}") from exc
        if response.status_code in (502, 503, 504):
            raise NluUnavailable(f"NLU service at {self._url} is not ready ({response.status_code})")
        try:
            response.raise_for_status()
            raw = response.json()
        except (httpx.HTTPStatusError, ValueError) as exc:
            raise NluRejected(f"NLU service at {self._url} refused a message: {exc!r}") from exc
        return Understanding.from_schema(finish(raw, sent_at))

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()
