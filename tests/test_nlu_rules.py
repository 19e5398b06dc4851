"""The NLU's rule parts on their own: numerals, entities, times, polls, ballots, urgency (cases beyond dev)."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlu.entities import find_entities, mask
from nlu.numerals import to_int
from nlu.polls import parse_ballot, parse_poll
from nlu.timeparse import find_time
from nlu.urgency import is_urgent

# Wednesday 2026-11-25, 09:30 Beijing time.
REF = datetime.fromisoformat("2026-11-25T09:30:00+08:00")


@pytest.mark.parametrize(
    ("span", "value"),
    [("三", 3), ("十一", 11), ("两", 2), ("一百零一", 101), ("五零二", 502), ("三〇一", 301),
     ("幺零三", 103), ("二十", 20), ("十", 10), ("１２", 12), ("两百", 200), ("号", None)],
)  # fmt: skip
def test_numerals(span: str, value: int | None) -> None:
    assert to_int(span) == value


def entities(text: str) -> dict[str, str]:
    return {s.key: s.value for s in find_entities(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("十一号楼二单元的电梯不动了", {"building": "11", "unit": "2"}),
        ("6栋3单元1702漏水了", {"building": "6", "unit": "3", "room": "1702"}),
        ("我家7-1-403 暖气不热", {"building": "7", "unit": "1", "room": "403"}),
        ("12#楼下有人烧东西", {"building": "12", "place": "楼下"}),
        ("住在五零一室 楼上太吵", {"room": "501"}),
        ("我家住六楼 楼下装修", {}),
        ("12月3号下午小广场见", {"place": "小广场"}),
        ("地下车库入口的灯坏了", {"place": "地下车库"}),
        ("今晚跳广场舞的音响太大了", {}),
        ("二单元的楼道灯又不亮了", {"unit": "2"}),
        ("物业说今天来修", {}),
    ],
)
def test_entities(text: str, expected: dict[str, str]) -> None:
    assert entities(text) == expected


def test_mask_hides_building_numbers_from_the_time_parser() -> None:
    text = "3号楼2单元 10点开会"
    masked = mask(text, find_entities(text))
    moment = find_time(masked, REF)
    assert moment is not None and moment.value.hour == 10 and moment.value.day == 25


@pytest.mark.parametrize(
    ("text", "iso", "clock"),
    [
        ("下周三晚上7点", "2026-12-02T19:00:00+08:00", True),
        ("明晚八点半", "2026-11-26T20:30:00+08:00", True),
        ("周一上午十点", "2026-11-30T10:00:00+08:00", True),  # this week's Monday has passed
        ("这周五下午三点一刻", "2026-11-27T15:15:00+08:00", True),
        ("本周日", "2026-11-29T23:59:00+08:00", False),
        ("12月5日", "2026-12-05T23:59:00+08:00", False),
        ("1月3号下午2点", "2027-01-03T14:00:00+08:00", True),
        ("后天中午12点", "2026-11-27T12:00:00+08:00", True),
        ("18:30", "2026-11-25T18:30:00+08:00", True),
        ("8点", "2026-11-26T08:00:00+08:00", True),  # already past today: tomorrow
        ("下下周二晚上", "2026-12-08T23:59:00+08:00", False),
        ("凌晨两点", "2026-11-26T02:00:00+08:00", True),
        ("12月15日中午", "2026-12-15T12:00:00+08:00", True),
    ],
)
def test_times(text: str, iso: str, clock: bool) -> None:
    moment = find_time(text, REF)
    assert moment is not None
    assert moment.value == datetime.fromisoformat(iso)
    assert moment.has_clock is clock


def test_no_time_in_plain_text() -> None:
    assert find_time("楼道里堆满了杂物", REF) is None


@pytest.mark.parametrize(
    ("text", "question", "options", "deadline"),
    [
        (
            "发起投票:是否同意更换物业?选项:同意/不同意/弃权,周日20点截止",
            "是否同意更换物业?",
            ["同意", "不同意", "弃权"],
            "周日20点",
        ),
        (
            "@小清 帮忙发个投票 健身器材放哪 A东侧 B西侧 截止时间:12月1日",
            "健身器材放哪",
            ["东侧", "西侧"],
            "12月1日",
        ),
        ("发起投票:要不要装充电桩?\n1.要\n2.不要", "要不要装充电桩?", ["要", "不要"], None),
        ("发起投票:楼道要不要装灯", "楼道要不要装灯", [], None),
        ("发起投票 门禁换人脸识别吗 支持 反对 下周一截止", "门禁换人脸识别吗", ["支持", "反对"], "下周一"),
    ],
)
def test_polls(text: str, question: str, options: list[str], deadline: str | None) -> None:
    poll = parse_poll(text)
    assert poll == {"question": question, "options": options, "deadline_text": deadline}


def test_not_a_poll() -> None:
    assert parse_poll("上次投票结果出来了吗") is None


@pytest.mark.parametrize(
    ("text", "option"),
    [("投3", "3"), ("选a", "1"), ("我投第二个", "2"), ("我选 C", "3"), ("投四号", "4"),
     ("我家投反对票", "反对"), ("支持[强]", "支持"), ("我选东侧 离家近", "东侧"), ("投 弃权", "弃权")],
)  # fmt: skip
def test_ballots(text: str, option: str) -> None:
    assert parse_ballot(text) == {"option": option}


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("5单元电梯把我婆婆困里面了", True),
        ("地下室进水了 水已经没过脚踝", True),  # flooding counts (nlu-schema.md)
        ("地下室有点潮 墙上长霉了", False),
        ("厨房闻到好大的燃气味", True),
        ("楼道的电线在打火花", True),
        ("一楼大爷摔倒了起不来", True),
        ("楼道堆杂物 万一着火了跑不出去", False),
        ("上次着火以后灭火器一直没补", False),
        ("路灯坏了好几天", False),
        ("我困了 明天再说", False),
    ],
)
def test_urgency(text: str, urgent: bool) -> None:
    assert is_urgent(text) is urgent
