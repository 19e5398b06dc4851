"""`python -m bot replay` end to end: the real NLU service, a real store, the virtual clock."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.nlu_service import LocalNluService
from bot.settings import ROOT
from tests.ports import free_port
from tests.replaying import EXAMPLE_COMMUNITY, replay, say

pytestmark = pytest.mark.nlu


def line(at: str, text: str, sender: str = "3-2-502 王姐", room: str | None = "毛纺北3号楼群") -> str:
    return json.dumps(say(f"11-25 {at}", sender, text, room), ensure_ascii=False)


def test_trapped_in_the_lift_becomes_an_urgent_property_case(nlu_url: str, tmp_path: Path) -> None:
    r = replay(nlu_url, tmp_path, [line("09:30", "3号楼电梯又坏了,困了一个老人")])
    out = r.sent

    [case] = r.state["cases"]
    assert case["number"] == "Q20261125-0001"
    assert (case["category"], case["urgent"], case["building"]) == ("property", True, "3")
    assert (case["status"], case["handler"]) == ("new", "赵经理")
    group = [m for m in out if m["room"] == "毛纺北3号楼群"]
    assert len(group) == 1
    assert group[0]["mentions"] == ["3-2-502 王姐"]
    assert "Q20261125-0001" in group[0]["text"]
    assert group[0]["at"] == "2026-11-25T09:30:00+08:00"
    staff = [m for m in out if m["to"] == "赵经理"]
    assert len(staff) == 1 and "紧急" in staff[0]["text"]


def test_bad_lines_are_reported_and_skipped(nlu_url: str, tmp_path: Path) -> None:
    result = replay(
        nlu_url,
        tmp_path,
        [
            "not json",
            line("09:30", "hello", room="没有这个群"),
            json.dumps({"at": "yesterday", "from": "x", "text": "y"}),
            line(
                "09:31", "5号楼楼道里堆满了纸箱子 好几天没人清", sender="5-1-301 张秀英", room="毛纺北5号楼群"
            ),
        ],
    )
    assert ":1: skipped: not JSON" in result.stderr
    assert ":2: skipped: unknown room '没有这个群'" in result.stderr
    assert ":3: skipped: 'at' is not an ISO time" in result.stderr
    out = result.sent
    assert any("Q20261125-0001" in m["text"] for m in out if m["room"] == "毛纺北5号楼群")


def test_replaying_again_over_the_same_store_files_nothing_twice(nlu_url: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    first = replay(nlu_url, tmp_path, [line("09:30", "3号楼电梯又坏了")], db=db).sent
    second = replay(nlu_url, tmp_path, [line("09:30", "3号楼电梯又坏了")], db=db).sent
    assert len(first) == 2  # the group reply and the handler's private message
    assert second == []


def test_stopping_the_nlu_mid_replay_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    """The transcript arrives on stdin while the NLU service is stopped and started again."""
    service = LocalNluService(port=free_port(), log=tmp_path / "nlu.log")
    service.start()
    service.wait_ready()
    messages = [
        line("09:30", "3号楼电梯又坏了"),
        line("09:40", "3号楼楼道灯坏了一个星期了", sender="3-1-101 小刘"),
        line("09:50", "3号楼门口的垃圾桶满了好几天没人清", sender="3-1-102 老张"),
        line("10:00", "楼上半夜跺脚 吵得睡不着", sender="3-3-301 陈女士"),
    ]
    command = [sys.executable, "-m", "bot", "replay", "--community", str(EXAMPLE_COMMUNITY)]
    command += ["--transcript", "-", "--state", str(tmp_path / "state.json")]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "NLU_URL": service.url},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=open(tmp_path / "replay.err", "w"),  # noqa: SIM115 - closed with the process
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(messages[0] + "\n")
        process.stdin.flush()
        replies = [json.loads(process.stdout.readline()), json.loads(process.stdout.readline())]
        service.stop()
        # Said while the service is down: stored, waiting.
        process.stdin.write(messages[1] + "\n" + messages[2] + "\n")
        process.stdin.flush()
        service.start()
        service.wait_ready()
        process.stdin.write(messages[3] + "\n")
        process.stdin.close()
        replies += [json.loads(x) for x in process.stdout.read().splitlines()]
        assert process.wait(timeout=120) == 0
    finally:
        service.stop()
        process.kill()

    group = [r for r in replies if r["room"]]
    numbers = [re.search(r"Q\d{8}-\d{4}", r["text"]).group() for r in group]
    assert numbers == [f"Q20261125-000{i}" for i in range(1, 5)]
    assert [r["mentions"][0] for r in group] == [
        "3-2-502 王姐",
        "3-1-101 小刘",
        "3-1-102 老张",
        "3-3-301 陈女士",
    ]
    cases = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))["cases"]
    assert len(cases) == 4
    assert "retrying" in (tmp_path / "replay.err").read_text()


def test_the_bot_added_to_an_unlisted_group_binds_it_from_its_name(nlu_url: str, tmp_path: Path) -> None:
    r = replay(
        nlu_url,
        tmp_path,
        [
            {"at": "2026-11-25T09:00:00+08:00", "room": "毛纺北9号楼业主群", "join": ["小清"], "by": "李梅"},
            {"at": "2026-11-25T09:00:30+08:00", "room": "毛纺北9号楼业主群", "join": ["小清"], "by": "李梅"},
            line("09:05", "楼道里堆满了纸箱子 好几天了", sender="9-1-101 小周", room="毛纺北9号楼业主群"),
        ],
    )
    hellos = [m for m in r.sent if m["room"] == "毛纺北9号楼业主群" and "大家好" in m["text"]]
    assert len(hellos) == 1 and "毛纺北社区9号楼" in hellos[0]["text"]
    [case] = r.state["cases"]
    assert (case["community"], case["building"], case["group"]) == ("毛纺北社区", "9", "毛纺北9号楼业主群")
