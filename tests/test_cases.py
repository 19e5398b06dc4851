"""The life of a case over days of virtual time, through `python -m bot replay` with the real NLU."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.replaying import at_, replay, say, tick

pytestmark = pytest.mark.nlu

G3 = "毛纺北3号楼群"


def numbers(messages: list[dict]) -> list[str]:
    return [m.group() for x in messages if (m := re.search(r"Q\d{8}-\d{4}", x["text"]))]


def test_each_case_goes_to_whoever_handles_its_category(nlu_url: str, tmp_path: Path) -> None:
    r = replay(
        nlu_url,
        tmp_path,
        [
            say("11-25 09:00", "3-2-502 王姐", "3号楼电梯又坏了 一直停在5楼"),
            say("11-25 09:10", "3-1-101 小刘", "3号楼门口的垃圾桶满了三天没人清 臭死了"),
            say("11-25 09:20", "3-3-301 老张", "旁边工地晚上十一点还在打桩 吵得孩子睡不着"),
            say(
                "11-25 09:30",
                "1-1-101 周阿姨",
                "1号楼楼道里有人堆了好多纸箱子 好几天了",
                room="安宁里1号楼群",
            ),
        ],
    )
    handlers = {c["number"]: c["handler"] for c in r.state["cases"]}
    assert handlers == {
        "Q20261125-0001": "赵经理",  # property: the property company's contact first
        "Q20261125-0002": "李梅",
        "Q20261125-0003": "孙强",
        "Q20261125-0004": "刘芳",  # another community, its own staff
    }
    for number, person in handlers.items():
        [new_case] = [m for m in r.to(person) if number in m["text"] and "新工单" in m["text"]]
        assert "请在" in new_case["text"] and "前响应" in new_case["text"]


def test_accept_resolve_callback_and_reopen(nlu_url: str, tmp_path: Path) -> None:
    r = replay(
        nlu_url,
        tmp_path,
        [
            say("11-25 09:30", "3-2-502 王姐", "3号楼电梯又坏了 一直停在5楼"),
            say("11-25 09:50", "3-2-502 王姐", "办结 Q20261125-0001 修好了", room=None),
            say("11-25 10:00", "赵经理", "受理 Q20261125-0001", room=None),
            say("11-25 10:05", "赵经理", "受理 Q20261125-0009", room=None),
            say("11-25 10:06", "赵经理", "受理 Q2026", room=None),
            say("11-25 15:00", "赵经理", "办结 Q20261125-0001 更换了电梯控制板", room=None),
            say("11-25 15:01", "赵经理", "受理 Q20261125-0001", room=None),
            say("11-25 16:00", "3-2-502 王姐", "还没修好 又停了 不满意", room=None),
        ],
    )
    group = r.in_room(G3)
    assert [m["at"] for m in group if "已受理" in m["text"]] == [at_("11-25 10:00")]
    assert "由赵经理负责" in next(m["text"] for m in group if "已受理" in m["text"])
    resolved = next(m for m in group if "已办结" in m["text"])
    assert "更换了电梯控制板" in resolved["text"] and resolved["mentions"] == ["3-2-502 王姐"]
    wang = r.to("3-2-502 王姐")
    assert "只有社区工作人员" in wang[0]["text"]  # a resident cannot close a case
    assert any("满意吗" in m["text"] and m["at"] == at_("11-25 15:00") for m in wang)
    assert any("已重新办理" in m["text"] for m in wang)
    zhao = r.to("赵经理")
    assert any("没找到工单 Q20261125-0009" in m["text"] for m in zhao)
    assert any("格式不对" in m["text"] for m in zhao)
    assert any("不能受理" in m["text"] for m in zhao)  # already resolved
    assert any("重办" in m["text"] and "还没修好" in m["text"] for m in zhao)
    case = r.case("Q20261125-0001")
    assert case["status"] == "reopened"
    assert case["ratings"] == ["不满意"]
    assert case["history"] == ["created", "accept", "resolve", "rated", "reopen"]


def test_missed_deadlines_whistle_at_the_right_virtual_times(nlu_url: str, tmp_path: Path) -> None:
    r = replay(
        nlu_url,
        tmp_path,
        [
            say(
                "11-25 09:30", "3-2-502 王姐", "3号楼电梯又坏了 一直停在5楼"
            ),  # property: respond 2 h, resolve 168 h
            say("11-25 09:40", "3-1-101 小刘", "3号楼楼道灯坏了一个星期了"),
            say("11-25 10:00", "赵经理", "受理 Q20261125-0002", room=None),
        ],
        until="12-03 00:00",
    )
    first = [m for m in r.sent if "社区吹哨" in m["text"]]
    assert {m["to"] for m in first} == {"李梅", "赵经理", "孙强"}  # the community's staff
    assert {m["at"] for m in first} == {at_("11-25 11:30")}
    assert numbers(first) == ["Q20261125-0001"] * 3
    reminder = next(m for m in r.to("赵经理") if "提醒" in m["text"] and "Q20261125-0001" in m["text"])
    assert reminder["at"] == at_("11-25 11:00")  # a quarter of the window before
    second = [m for m in r.sent if "街道吹哨" in m["text"]]
    by_case = {n: sorted(m["at"] for m in second if n in m["text"]) for n in set(numbers(second))}
    assert by_case == {
        "Q20261125-0001": [at_("12-02 09:30")] * 2,
        "Q20261125-0002": [at_("12-02 09:40")] * 2,
    }
    assert {m["to"] for m in second} == {"周主任", "赵经理"}  # street staff for property, and the handler
    assert r.case("Q20261125-0001")["escalation_level"] == 2
    assert r.case("Q20261125-0002")["escalation_level"] == 2


def test_urgent_cases_alert_all_staff_at_once(nlu_url: str, tmp_path: Path) -> None:
    r = replay(
        nlu_url, tmp_path, [say("11-25 02:10", "3-2-502 王姐", "3号楼2单元楼道里电动车着火了 好大的烟!!")]
    )
    alerts = [m for m in r.sent if m["to"] and "紧急" in m["text"]]
    assert {m["to"] for m in alerts} == {"李梅", "赵经理", "孙强"}
    assert {m["at"] for m in alerts} == {at_("11-25 02:10")}
    case = r.state["cases"][0]
    assert case["urgent"] and case["category"] == "safety"
    assert case["respond_due"] == at_("11-25 02:40")


def test_duplicates_join_with_a_household_count_and_different_problems_stay_apart(
    nlu_url: str, tmp_path: Path
) -> None:
    r = replay(
        nlu_url,
        tmp_path,
        [
            say("11-25 09:30", "3-2-502 王姐", "3号楼电梯又坏了 一直停在5楼"),
            say("11-25 09:32", "3-1-101 小刘", "+1 我家也是"),
            say("11-25 09:40", "3-3-301 老张", "3号楼电梯还是不动 等了半天了"),
            say("11-25 09:41", "3-2-502 王姐", "3号楼电梯又不动了 我家老人下不了楼"),  # same household again
            say("11-25 09:45", "3-3-302 陈女士", "3号楼楼道灯坏了一个星期了"),
            say("11-25 09:50", "5-1-301 张秀英", "5号楼电梯也停了", room="毛纺北5号楼群"),
        ],
    )
    lift = r.case("Q20261125-0001")
    assert lift["households"] == ["3-2-502", "3-1-101", "3-3-301"]
    joined = [m for m in r.in_room(G3) if "已有工单 Q20261125-0001" in m["text"]]
    assert [m["mentions"] for m in joined] == [["3-1-101 小刘"], ["3-3-301 老张"], ["3-2-502 王姐"]]
    assert "共3户" in joined[1]["text"] and "共3户" in joined[2]["text"]
    assert any("共3户" in m["text"] for m in r.to("赵经理"))
    assert [c["number"] for c in r.state["cases"]] == ["Q20261125-0001", "Q20261125-0002", "Q20261125-0003"]
    assert r.case("Q20261125-0002")["households"] == ["3-3-302"]  # the lamp is another problem
    assert r.case("Q20261125-0003")["building"] == "5"  # another building's lift is another case


def test_a_complaint_with_no_place_gets_one_question(nlu_url: str, tmp_path: Path) -> None:
    r = replay(
        nlu_url,
        tmp_path,
        [
            say("11-25 09:30", "3-2-502 王姐", "楼道灯坏了好几天了", room="毛纺北议事会"),
            say("11-25 09:31", "3-2-502 王姐", "6号楼2单元", room="毛纺北议事会"),
        ],
    )
    replies = [m["text"] for m in r.in_room("毛纺北议事会")]
    assert sum("请问是几号楼几单元" in t for t in replies) == 1
    assert any("地点已补充为6号楼2单元" in t for t in replies)
    case = r.state["cases"][0]
    assert (case["building"], case["unit"]) == ("6", "2")


def test_case_queries_answer_status_to_those_who_may_see_it(nlu_url: str, tmp_path: Path) -> None:
    r = replay(
        nlu_url,
        tmp_path,
        [
            say("11-25 09:30", "3-2-502 王姐", "3号楼电梯又坏了 一直停在5楼"),
            say("11-25 10:00", "赵经理", "受理 Q20261125-0001", room=None),
            say("11-26 09:00", "3-2-502 王姐", "我昨天报的电梯有人管吗"),
            say("11-26 09:05", "5-1-301 张秀英", "查一下 Q20261125-0001", room="毛纺北5号楼群"),
            say("11-26 09:06", "5-1-301 张秀英", "查一下 Q20261125-0099", room="毛纺北5号楼群"),
        ],
    )
    answer = next(m["text"] for m in r.in_room(G3) if m["at"] == at_("11-26 09:00"))
    assert "Q20261125-0001:已受理" in answer and "负责人:赵经理" in answer and "12月2日09:30" in answer
    g5 = [m["text"] for m in r.in_room("毛纺北5号楼群")]
    assert any("不是您或本群反映的" in t for t in g5)
    assert any("没找到工单 Q20261125-0099" in t for t in g5)


def test_proposals_are_counted_by_topic(nlu_url: str, tmp_path: Path) -> None:
    r = replay(
        nlu_url,
        tmp_path,
        [
            say("11-25 09:30", "3-2-502 王姐", "建议东门加个共享单车停放区 现在乱停一地"),
            say("11-25 09:40", "3-1-101 小刘", "能不能在小广场放几张长椅 老人遛弯能歇歇脚"),
            say("11-25 09:50", "3-3-301 老张", "提个建议 地下车库划一片电动车停放区"),
            say("11-25 10:00", "李梅", "建议汇总", room=None),
        ],
    )
    assert [p["topic"] for p in r.state["proposals"]] == ["共享单车与停车", "公共空间", "共享单车与停车"]
    summary = r.to("李梅")[-1]["text"]
    assert "居民建议共3条" in summary and "共享单车与停车:2条" in summary and "公共空间:1条" in summary


def test_a_restart_mid_replay_changes_nothing(nlu_url: str, tmp_path: Path, db_url: str) -> None:
    """Stopped halfway and run again over the same store (SQLite or PostgreSQL): the same output."""
    events = [
        say("11-25 09:30", "3-2-502 王姐", "3号楼电梯又坏了 一直停在5楼"),
        say("11-25 09:45", "3-3-302 陈女士", "3号楼楼道灯坏了一个星期了"),
        tick("11-25 12:00"),
        say("11-25 13:00", "赵经理", "受理 Q20261125-0001", room=None),
        say("11-26 10:00", "赵经理", "办结 Q20261125-0001 更换了控制板", room=None),
        say("11-26 11:00", "3-2-502 王姐", "满意", room=None),
    ]
    whole = replay(nlu_url, tmp_path, events, until="12-03 12:00")
    before = replay(nlu_url, tmp_path, events[:3], db=db_url)
    after = replay(nlu_url, tmp_path, events, until="12-03 12:00", db=db_url)
    assert before.sent + after.sent == whole.sent
    assert after.state["cases"] == whole.state["cases"]
