"""Sending like a careful person: WeChat restricts accounts that send too fast, so sends are spaced out,
per conversation and overall."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SendLimits:
    per_conversation: float = 12.0  # messages a minute into one group or to one person
    total: float = 30.0  # messages a minute altogether

    @classmethod
    def from_env(cls) -> SendLimits:
        return cls(
            per_conversation=float(
                os.environ.get("SEND_PER_CONVERSATION_PER_MINUTE") or cls.per_conversation
            ),
            total=float(os.environ.get("SEND_TOTAL_PER_MINUTE") or cls.total),
        )


class Throttle:
    """Spaces sends at least 60/limit seconds apart, for the conversation and for all of them.

    One courier sends at a time, so there is no race between waiters.
    """

    def __init__(
        self,
        limits: SendLimits,
        *,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._gap = 60.0 / limits.per_conversation
        self._total_gap = 60.0 / limits.total
        self._now = now
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._last_any: float | None = None

    async def wait(self, conversation: str) -> None:
        """Return when a message to conversation may go out; the caller sends right away."""
        earliest = self._now()
        if conversation in self._last:
            earliest = max(earliest, self._last[conversation] + self._gap)
        if self._last_any is not None:
            earliest = max(earliest, self._last_any + self._total_gap)
        delay = earliest - self._now()
        if delay > 0:
            await self._sleep(delay)
        sent = self._now()
        self._last[conversation] = sent
        self._last_any = sent
