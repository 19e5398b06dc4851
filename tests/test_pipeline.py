"""The message pipeline against the real NLU service and real databases: once-only handling, outages."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from bot.app import build_bot, open_parts
from bot.clock import VirtualClock
from bot.community import Directory
from bot.messages import Incoming, Outgoing
from bot.nlu_client import NluUnavailable
from bot.pipeline import Send
from bot.store.models import Case, Message, MessageStatus

pytestmark = pytest.mark.nlu

T0 = datetime.fromisoformat("2026-11-25T09:30:00+08:00")
# Nothing listens on port 9 (discard) here: the service as the bot sees it when it is down.
DOWN = "http://127.0.0.1:9"


def complaint(key: str, text: str = "3号楼电梯又坏了,困了一个老人") -> Incoming:
    return Incoming(key=key, sent_at=T0, sender="3-2-502 王姐", room="毛纺北3号楼群", text=text)


def recorder() -> tuple[list[Outgoing], Send]:
    """What the bot sends, kept in a list: the gateway seam, as errbot's TestBackend keeps it."""
    sent: list[Outgoing] = []

    async def send(message: Outgoing) -> None:
        sent.append(message)

    return sent, send


async def counts(sessions) -> tuple[int, int]:
    async with sessions() as s:
        cases = await s.scalar(select(func.count()).select_from(Case))
        pending = await s.scalar(
            select(func.count()).select_from(Message).where(Message.status == MessageStatus.PENDING)
        )
    return int(cases or 0), int(pending or 0)


async def test_same_message_twice_makes_one_case(db_url: str, nlu_url: str, directory: Directory) -> None:
    sent, send = recorder()
    async with open_parts(db_url, nlu_url) as parts:
        bot = build_bot(parts, directory, VirtualClock(T0), send)
        assert await bot.on_message(complaint("wx-1")) is True
        await bot.step()
        assert await bot.on_message(complaint("wx-1")) is False
        await bot.step()
        assert await counts(parts.sessions) == (1, 0)
    group_replies = [m for m in sent if m.room]
    assert len(group_replies) == 1
    assert "Q20261125-0001" in group_replies[0].text
    assert group_replies[0].mentions == ("3-2-502 王姐",)


async def test_messages_wait_while_the_nlu_is_down(db_url: str, nlu_url: str, directory: Directory) -> None:
    sent, send = recorder()
    clock = VirtualClock(T0)
    async with open_parts(db_url, DOWN, nlu_timeout=1) as parts:
        bot = build_bot(parts, directory, clock, send)
        await bot.on_message(complaint("wx-1"))
        await bot.on_message(complaint("wx-2", "5号楼楼道里堆满了纸箱子 好几天没人清"))
        with pytest.raises(NluUnavailable):
            await bot.step()
        assert await counts(parts.sessions) == (0, 2)
        assert sent == []
    # The service is back (the same store, a bot that reaches the NLU).
    async with open_parts(db_url, nlu_url) as parts:
        bot = build_bot(parts, directory, clock, send)
        await bot.step()
        await bot.step()
        assert await counts(parts.sessions) == (2, 0)
    replies = [m.text for m in sent if m.room]
    assert len(replies) == 2
    assert "Q20261125-0001" in replies[0] and "Q20261125-0002" in replies[1]


async def test_a_message_the_nlu_refuses_is_kept_as_failed_and_does_not_block(
    db_url: str, nlu_url: str, directory: Directory
) -> None:
    sent, send = recorder()
    clock = VirtualClock(T0)
    # A service that answers, but with an error (here: 404 for a wrong path), for this message.
    async with open_parts(db_url, nlu_url + "/wrong") as parts:
        bot = build_bot(parts, directory, clock, send)
        await bot.on_message(complaint("wx-1"))
        await bot.step()
    async with open_parts(db_url, nlu_url) as parts:
        bot = build_bot(parts, directory, clock, send)
        await bot.on_message(complaint("wx-2", "5号楼楼道里堆满了纸箱子 好几天没人清"))
        await bot.step()
        async with parts.sessions() as s:
            statuses = dict((await s.execute(select(Message.key, Message.status))).all())
    assert statuses == {"wx-1": MessageStatus.FAILED, "wx-2": MessageStatus.HANDLED}
    assert len([m for m in sent if m.room]) == 1


async def test_chit_chat_gets_silence(db_url: str, nlu_url: str, directory: Directory) -> None:
    sent, send = recorder()
    async with open_parts(db_url, nlu_url) as parts:
        bot = build_bot(parts, directory, VirtualClock(T0), send)
        for i, text in enumerate(["收到", "哈哈哈 笑死[捂脸]", "谢谢王姐[玫瑰]", "早上好", "同意"]):
            await bot.on_message(complaint(f"chat-{i}", text))
        await bot.step()
        assert await counts(parts.sessions) == (0, 0)
    assert sent == []
