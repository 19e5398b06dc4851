"""Delivery: the send throttle on a virtual clock, and the courier's in-order, merged, once-only outbox."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.clock import VirtualClock
from bot.messages import Outgoing, Undeliverable
from bot.pipeline import Courier
from bot.store.models import Outbox
from bot.throttle import SendLimits, Throttle

T0 = datetime.fromisoformat("2026-11-25T09:30:00+08:00")


class VirtualTime:
    """A monotonic clock that moves only when the throttle sleeps."""

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += seconds


async def test_sends_are_spaced_per_conversation_and_overall() -> None:
    time = VirtualTime()
    throttle = Throttle(SendLimits(per_conversation=12, total=30), now=time.now, sleep=time.sleep)
    stamps = []
    for room in ["a", "a", "b", "a", "b", "c"]:
        await throttle.wait(room)
        stamps.append((room, round(time.t, 2)))
    # 12 a minute into one group: 5 s apart; 30 a minute overall: 2 s apart.
    assert stamps == [("a", 0.0), ("a", 5.0), ("b", 7.0), ("a", 10.0), ("b", 12.0), ("c", 14.0)]


def row(room: str | None, text: str, mentions: list[str] | None = None, to: str | None = None) -> Outbox:
    return Outbox(room=room, to=to, mentions=mentions or [], text=text, created_at=T0)


async def test_replies_waiting_for_one_group_go_out_merged_in_order(sessions) -> None:
    async with sessions.begin() as s:
        s.add_all(
            [
                row("g", "一", ["甲"]),
                row("g", "二", ["乙"]),
                row(None, "私信", to="李梅"),
                row("g", "三", ["甲"]),
                row("h", "四"),
            ]
        )
    sent: list[Outgoing] = []

    async def send(message: Outgoing) -> None:
        sent.append(message)

    courier = Courier(sessions, send, VirtualClock(T0), merge=True)
    assert await courier.flush() == 5
    assert sent == [
        Outgoing(text="一\n二", room="g", mentions=("甲", "乙")),
        Outgoing(text="私信", to="李梅"),
        Outgoing(text="三", room="g", mentions=("甲",)),
        Outgoing(text="四", room="h"),
    ]
    assert await courier.flush() == 0  # marked sent: nothing goes twice


async def test_a_failed_send_keeps_the_row_and_an_undeliverable_one_does_not_block(sessions) -> None:
    async with sessions.begin() as s:
        s.add_all([row(None, "给不存在的人", to="无名氏"), row("g", "好的")])
    sent: list[Outgoing] = []
    down = True

    async def send(message: Outgoing) -> None:
        if message.to == "无名氏":
            raise Undeliverable("no such contact")
        if down:
            raise ConnectionError("WeChat is away")
        sent.append(message)

    courier = Courier(sessions, send, VirtualClock(T0))
    with pytest.raises(ConnectionError):
        await courier.flush()
    assert sent == []
    down = False
    assert await courier.flush() == 1
    assert [m.text for m in sent] == ["好的"]
