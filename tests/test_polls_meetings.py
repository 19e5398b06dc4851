"""Household polls and council meetings over virtual days, through `python -m bot replay` with the real NLU."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.polls import option_index
from tests.replaying import at_, replay, say, tick

G3 = "毛纺北3号楼群"
LAUNCH = "@小清 发起投票:是否同意3号楼加装电梯?选项:同意/不同意/弃权,周五18点截止,需过半住户参与"


@pytest.mark.parametrize(
    ("choice", "index"),
    [
        ("1", 0),
        ("3", 2),
        ("4", None),
        ("同意", 0),
        ("不同意", 1),
        ("我家不同意", 1),
        ("弃", 2),
        ("随便", None),
    ],
)
def test_option_index(choice: str, index: int | None) -> None:
    assert option_index(choice, ["同意", "不同意", "弃权"]) == index


@pytest.mark.nlu
def test_a_household_poll_from_launch_to_result(nlu_url: str, tmp_path: Path) -> None:
    r = replay(
        nlu_url,
        tmp_path,
        [
            say("11-25 09:00", "3-1-101 小刘", "@小清 发起投票:要不要换物业?选项:要/不要,周五18点截止"),
            say("11-25 09:30", "王建国", LAUNCH),
            say("11-25 09:31", "3-1-101 小刘", "投1"),
            say("11-25 09:31", "3-1-102 老张", "我选不同意"),
            say("11-25 09:32", "3-2-502 王姐", "选A"),
            say("11-25 09:32", "王建国", "投2"),  # the same household as 王姐: replaces her ballot
            say("11-25 09:33", "3-3-301 陈女士", "同意"),
            say("11-25 09:40", "3-1-102 老张", "我还是投同意吧"),
            say("11-25 09:41", "路人甲", "投1"),
            say("11-25 09:42", "3-4-401 赵哥", "弃权"),
            say("11-25 09:43", "5-1-301 张秀英", "投1"),  # building 5: not in this poll
        ],
        until="11-28 00:00",
    )
    group = r.in_room(G3)
    refusal = group[0]
    assert refusal["mentions"] == ["3-1-101 小刘"] and "议事委员" in refusal["text"]
    post = next(m for m in group if m["text"].startswith("【投票 P1】是否同意3号楼加装电梯"))
    assert post["at"] == at_("11-25 09:30")
    assert "1. 同意\n2. 不同意\n3. 弃权" in post["text"] and "11月27日18:00截止" in post["text"]
    acks = [m["text"] for m in group if "目前" in m["text"] and "户已投" in m["text"]]
    assert len(acks) < 8  # batched, not one reply per voter
    assert any("3-2-502改投「不同意」" in a for a in acks)
    assert any("3-1-102改投「同意」" in a for a in acks)
    assert any("改成“楼-单元-室" in m["text"] and m["mentions"] == ["路人甲"] for m in group)
    reminder = next(m for m in group if "投票提醒" in m["text"])
    assert reminder["at"] == at_("11-26 20:00")  # not at 03:52: the evening before
    assert "已有5户投票(共24户)" in reminder["text"]
    result = [m for m in r.sent if "投票结果" in m["text"]]
    assert {(m["room"], m["to"]) for m in result} == {(G3, None), (None, "王建国")}
    assert {m["at"] for m in result} == {at_("11-27 18:00")}
    text = result[0]["text"]
    assert "同意:3户" in text and "不同意:1户" in text and "弃权:1户" in text
    assert "参与5户/共24户" in text and "未达到" in text
    [poll] = r.state["polls"]
    assert poll["ballots"] == {
        "3-1-101": "同意", "3-1-102": "同意", "3-2-502": "不同意", "3-3-301": "同意", "3-4-401": "弃权",
    }  # fmt: skip
    assert poll["status"] == "closed" and poll["who_may_vote"]["building"] == "3"
    assert any("只限3号楼住户" in m["text"] and m["mentions"] == ["5-1-301 张秀英"] for m in group)


@pytest.mark.nlu
def test_unclear_deadline_gets_a_question_and_organisers_can_close_or_extend(
    nlu_url: str, tmp_path: Path
) -> None:
    r = replay(
        nlu_url,
        tmp_path,
        [
            say("11-25 09:00", "王建国", "发起投票:楼道要不要统一刷白?同意/不同意,过几天截止"),
            say("11-25 09:01", "王建国", "周日晚上8点"),
            say("11-25 10:00", "王建国", "延长投票 到下周二18点"),
            say("11-25 10:05", "3-1-101 小刘", "投1"),
            say("11-25 10:10", "张秀英", "@小清 发起投票:5号楼要不要装门禁?", room="毛纺北5号楼群"),
            say("11-25 10:20", "张秀英", "提前结束投票", room="毛纺北5号楼群"),
        ],
        until="12-02 00:00",
    )
    group = r.in_room(G3)
    assert "什么时候截止" in group[0]["text"]
    assert "11月29日20:00截止" in group[1]["text"]
    assert any("延长到12月1日18:00截止" in m["text"] for m in group)
    assert [m["at"] for m in r.sent if "投票结果 P1" in m["text"] and m["room"]] == [at_("12-01 18:00")]
    g5 = r.in_room("毛纺北5号楼群")
    assert "1. 同意\n2. 不同意\n3. 弃权" in g5[0]["text"]  # no options: yes / no / abstain
    assert "由发起人结束" in g5[0]["text"]
    assert any("投票结果 P2" in m["text"] and m["at"] == at_("11-25 10:20") for m in g5)


@pytest.mark.nlu
def test_a_meeting_announced_with_rsvps_reminders_minutes_and_an_action_item(
    nlu_url: str, tmp_path: Path
) -> None:
    r = replay(
        nlu_url,
        tmp_path,
        [
            say("11-25 10:00", "王建国", "下周三晚上7点在会客厅开议事会,讨论停车位的事"),
            say("11-25 10:05", "3-1-101 小刘", "参加"),
            say("11-25 10:06", "3-2-502 王姐", "我参加"),
            say("11-25 10:07", "3-1-102 老张", "请假"),
            say("11-25 10:30", "3-3-301 陈女士", "+1 参加"),
            tick("12-02 20:30"),
            say(
                "12-02 21:00",
                "王建国",
                "会议纪要 M1\n1. 东侧划10个车位给电动车\n待办:清理东门共享单车 负责人:李梅 12月10日前",
                room=None,
            ),
        ],
        until="12-11 12:00",
    )
    group = r.in_room(G3)
    notice = group[0]
    assert notice["at"] == at_("11-25 10:00")
    assert (
        "时间:12月2日19:00" in notice["text"]
        and "地点:会客厅" in notice["text"]
        and "停车位" in notice["text"]
    )
    rsvp = [m for m in group if m["text"].startswith("【接龙 M1】")]
    assert len(rsvp) <= 3
    assert "参加(3)" in rsvp[-1]["text"] and "请假(1):3-1-102 老张" in rsvp[-1]["text"]
    reminders = [m for m in group if "会议提醒" in m["text"]]
    assert [m["at"] for m in reminders] == [at_("12-01 19:00"), at_("12-02 17:00")]
    assert all("已有3人报名参加" in m["text"] for m in reminders)
    minutes = next(m for m in group if "会议纪要 M1" in m["text"])
    assert "东侧划10个车位" in minutes["text"] and "Q20261202-0001 清理东门共享单车" in minutes["text"]
    assert any("会议决定由您负责" in m["text"] for m in r.to("李梅"))
    [meeting] = r.state["meetings"]
    assert meeting["status"] == "done" and meeting["time"] == at_("12-02 19:00")
    assert meeting["rsvps"]["3-1-102 老张"] == "请假"
    [item] = r.state["cases"]
    assert (item["handler"], item["status"], item["resolve_due"]) == ("李梅", "accepted", at_("12-10 23:59"))
    # The action item is a case like any other: its deadline whistles when missed.
    assert any("街道吹哨" in m["text"] and m["at"] == at_("12-10 23:59") for m in r.sent)


@pytest.mark.nlu
def test_a_residents_meeting_request_goes_to_the_council(nlu_url: str, tmp_path: Path) -> None:
    r = replay(
        nlu_url,
        tmp_path,
        [
            say("11-25 11:00", "3-3-301 陈女士", "能不能组织大家开个会 商量一下电动车充电的事"),
            say("11-25 12:00", "王建国", "确认会议 M1 周六上午10点 社区活动室", room=None),
        ],
    )
    assert "转给议事委员" in r.in_room(G3)[0]["text"]
    assert {m["to"] for m in r.sent if "开会提议 M1" in m["text"]} == {"王建国", "张秀英"}
    notice = r.in_room(G3)[1]
    assert (
        "会议通知 M1" in notice["text"]
        and "11月28日10:00" in notice["text"]
        and "社区活动室" in notice["text"]
    )


@pytest.mark.nlu
def test_a_restart_mid_replay_changes_nothing(nlu_url: str, tmp_path: Path, db_url: str) -> None:
    """Stopped halfway and run again over the same store (SQLite or PostgreSQL): the same output."""
    events = [
        say("11-25 09:30", "王建国", LAUNCH),
        say("11-25 09:31", "3-1-101 小刘", "投1"),
        say("11-25 10:00", "王建国", "下周三晚上7点在会客厅开议事会,讨论停车位的事"),
        say("11-25 10:05", "3-1-101 小刘", "参加"),
        say("11-26 09:00", "3-2-502 王姐", "投2"),
        say("11-26 09:10", "3-2-502 王姐", "参加"),
    ]
    whole = replay(nlu_url, tmp_path, events, until="12-03 00:00")
    before = replay(nlu_url, tmp_path, events[:4], db=db_url)
    after = replay(nlu_url, tmp_path, events, until="12-03 00:00", db=db_url)
    assert before.sent + after.sent == whole.sent
    assert after.state["polls"] == whole.state["polls"]
    assert after.state["meetings"] == whole.state["meetings"]
