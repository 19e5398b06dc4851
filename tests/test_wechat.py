"""The WeChat gateway end to end: the bot connected over the real Wechaty puppet protocol to a mock WeChat."""

from __future__ import annotations

import asyncio
import bisect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.store.db import make_engine
from bot.store.models import Case, Message, MessageStatus
from tests.ports import free_port
from tests.puppet import BotProcess, MockWeChat, available

pytestmark = [pytest.mark.nlu, pytest.mark.skipif(available() is not None, reason=available() or "")]

G3 = "毛纺北3号楼群"
RESIDENTS = ["3-2-502 王姐", "3-1-101 小刘", "3-1-102 老张"]
STAFF = ["李梅", "赵经理", "孙强", "王建国", "陈科长", "周主任"]


def populate(wechat: MockWeChat, residents: list[str] = RESIDENTS) -> None:
    for name in residents + STAFF:
        wechat.do("contact", name=name)
    wechat.do("room", topic=G3, members=[*residents, "王建国"])


class World:
    def __init__(self, wechat: MockWeChat, bot: BotProcess, database_url: str) -> None:
        self.wechat, self.bot, self.database_url = wechat, bot, database_url

    def count(self, query) -> int:
        async def run() -> int:
            engine = make_engine(self.database_url)
            async with engine.connect() as conn:
                value = await conn.scalar(query)
            await engine.dispose()
            return int(value or 0)

        return asyncio.run(run())


@pytest.fixture
def world(tmp_path: Path, nlu_url: str, request: pytest.FixtureRequest) -> Iterator[World]:
    port = free_port()
    wechat = MockWeChat(port, tmp_path / "puppet.log").start()
    populate(wechat)
    database_url = f"sqlite:///{tmp_path / 'bot.db'}"
    env = getattr(request, "param", {})
    bot = BotProcess(port, nlu_url, database_url, tmp_path / "bot.log", **env).start()
    try:
        bot.wait_for_log("logged in to WeChat")
        yield World(wechat, bot, database_url)
    finally:
        exit_code = bot.stop()
        wechat.stop()
        assert exit_code == 0, f"the bot did not shut down cleanly; see {bot.log}"


def test_a_complaint_in_a_group_gets_its_case_number_back(world: World) -> None:
    wechat = world.wechat
    wechat.say("3-2-502 王姐", "3号楼电梯又坏了,困了一个老人", room=G3, mention_bot=True)
    reply = wechat.sent_where(lambda e: e["room"] == G3)
    assert reply["mentions"] == ["3-2-502 王姐"]
    assert reply["text"].startswith("@3-2-502 王姐")
    assert re.search(r"工单 Q\d{8}-0001", reply["text"])
    urgent = wechat.sent_where(lambda e: e["to"] == "赵经理")
    assert "紧急工单" in urgent["text"]
    assert world.count(select(func.count()).select_from(Case).where(Case.urgent.is_(True))) == 1


def test_the_bots_own_messages_and_pictures_are_not_requests(world: World) -> None:
    wechat = world.wechat
    wechat.say("3-1-101 小刘", "楼道灯坏了好几天了 3号楼2单元", room=G3)
    wechat.sent_where(lambda e: e["room"] == G3 and "工单" in e["text"])
    wechat.do("image", **{"from": "3-2-502 王姐", "room": G3})
    wechat.say("3-1-102 老张", "@小清 你能干啥", room=G3)
    wechat.sent_where(lambda e: e["room"] == G3 and "小助手" in e["text"])
    # The mock echoes every send back as a message event, and the photo is no text:
    # neither became a message of ours.
    stored = world.count(select(func.count()).select_from(Message))
    assert stored == 2


def test_added_to_a_new_group_it_binds_the_building_and_says_hello_once(world: World) -> None:
    wechat = world.wechat
    wechat.do("room", topic="毛纺北7号楼业主群", members=["7-1-101 小周", "李梅"], with_bot=False)
    wechat.do("join", room="毛纺北7号楼业主群", members=["小清"], by="李梅")
    hello = wechat.sent_where(lambda e: e["room"] == "毛纺北7号楼业主群")
    assert "毛纺北社区7号楼" in hello["text"]
    wechat.do("join", room="毛纺北7号楼业主群", members=["7-2-202 小吴"], by="李梅")
    wechat.say("7-1-101 小周", "楼下的垃圾桶满了三天没人清", room="毛纺北7号楼业主群")
    reply = wechat.sent_where(lambda e: e["room"] == "毛纺北7号楼业主群" and "工单" in e["text"])
    assert reply["mentions"] == ["7-1-101 小周"]
    handler = wechat.sent_where(lambda e: e["to"] == "李梅" and "新工单" in e["text"])
    assert "地点:7号楼" in handler["text"]
    hellos = [e for e in wechat.sent if e["room"] == "毛纺北7号楼业主群" and "大家好" in e["text"]]
    assert len(hellos) == 1


def busiest(stamps: list[int], window_ms: int) -> int:
    """The most sends within any window_ms (stamps in ms)."""
    stamps = sorted(stamps)
    return max((bisect.bisect_right(stamps, t + window_ms - 1) - i for i, t in enumerate(stamps)), default=0)


BURST = 50
LIMITS = {"SEND_PER_CONVERSATION_PER_MINUTE": "300", "SEND_TOTAL_PER_MINUTE": "600"}


@pytest.mark.parametrize("world", [LIMITS], indirect=True)
def test_a_burst_of_complaints_is_stored_sent_within_limits_and_none_lost(world: World) -> None:
    wechat = world.wechat
    people = [f"3-{i // 20 + 1}-{i:03d} 居民{i}" for i in range(BURST)]
    for name in people:
        wechat.do("contact", name=name)
    wechat.do("room", topic="毛纺北5号楼群", members=people)
    things = ["电梯坏了", "楼道灯不亮", "垃圾桶满了", "门禁刷不开", "下水道堵了"]
    for i, name in enumerate(people):
        wechat.say(name, f"5号楼{i % 6 + 1}单元{things[i % 5]} 第{i}次说了", room="毛纺北5号楼群")
    # Every resident is answered, in the group, mentioned: nothing lost (replies may be merged).
    answered: set[str] = set()

    def all_answered(event: dict) -> bool:
        if event["event"] == "sent" and event["room"] == "毛纺北5号楼群":
            answered.update(event["mentions"])
        return answered >= set(people)

    for event in wechat.sent:
        all_answered({"event": "sent", **event})
    if not answered >= set(people):
        wechat.wait_for(all_answered, timeout=240)
    handled = select(func.count()).select_from(Message).where(Message.status == MessageStatus.HANDLED)
    assert world.count(handled) == BURST
    # Within the limits as WeChat would see them: in any 2 s, at most 10 sends into the group
    # (300 a minute) and 20 altogether (600 a minute), give or take one for network jitter.
    group = [e["at"] for e in wechat.sent if e["room"] == "毛纺北5号楼群"]
    assert busiest(group, 2000) <= 10 + 1
    assert busiest([e["at"] for e in wechat.sent], 2000) <= 20 + 1
    assert len(group) < BURST  # replies waiting together went out merged


def test_the_bot_reconnects_after_the_puppet_service_restarts(world: World, tmp_path: Path) -> None:
    wechat = world.wechat
    wechat.say("3-2-502 王姐", "3号楼电梯又坏了", room=G3)
    wechat.sent_where(lambda e: e["room"] == G3)
    wechat.kill()
    again = MockWeChat(wechat.port, tmp_path / "puppet-2.log").start()
    world.wechat = again
    try:
        populate(again)
        again.wait_for(lambda e: e["event"] == "login", timeout=60)
        world.bot.wait_for_log("logged in to WeChat")
        again.say("3-1-101 小刘", "3号楼门口的垃圾桶满了三天没人清", room=G3)
        # A reply cut off by the kill is delivered again now (at least once); then the new one.
        reply = again.sent_where(lambda e: e["room"] == G3 and e["mentions"] == ["3-1-101 小刘"])
        assert "工单" in reply["text"]
    finally:
        world.wechat = again
