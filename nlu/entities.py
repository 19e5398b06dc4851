"""Building, unit, room and place in a message, with their spans (nlu-schema.md's finer points)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.numerals import NUMBER_CHARS, normalize, to_digits

_N = f"[{NUMBER_CHARS}]"

# 3号楼, 三号楼, 3栋, 3幢, 3#, 3号院楼; not 3楼 (a floor) nor 12月3号 (a date).
_BUILDING = re.compile(
    rf"(?<![月\d])({_N}{{1,4}})\s*(?:号楼|号院|栋|幢|座|#(?:楼(?![下上前后]))?|号(?=楼下|楼上|楼前|楼后|单元))"
)
_UNIT = re.compile(rf"({_N}{{1,3}})\s*(?:单元|门洞)")
_HOUSEHOLD = re.compile(r"(?<![\d:：.-])(\d{1,3})-(\d{1,2})-(\d{3,4})(?![\d])")
_ROOM_SUFFIX = re.compile(rf"(?<![\d.])({_N}{{3,5}})\s*(?:室|号房|房间)")
_ROOM_AFTER = re.compile(r"(?:单元|号楼|栋|楼上|楼下|对门|隔壁|我家|家住)\s*(\d{3,4})(?![\d:：点块元])")

# Places inside a community, as residents name them. Longer names win over shorter ones.
PLACES = sorted(
    {
        # gates and entrances
        "东门", "西门", "南门", "北门", "正门", "大门", "后门", "侧门", "小区门口", "小区大门",
        "东北门", "东南门", "西北门", "西南门", "东门口", "西门口", "南门口", "北门口",
        "单元门口", "楼门口", "门禁", "门卫室", "岗亭",
        # inside buildings
        "楼道", "楼梯间", "楼梯", "走廊", "过道", "电梯间", "电梯口", "电梯厅", "一楼大厅", "大堂",
        "一层大厅", "楼顶", "天台", "屋顶", "地下室", "设备间", "水泵房", "配电室", "配电箱",
        "锅炉房", "消防通道", "消防车道", "安全出口", "疏散通道",
        # parking
        "地下车库", "地库", "车库", "停车场", "地面停车场", "车棚", "自行车棚", "非机动车棚",
        "电动车棚", "充电桩", "充电棚", "停车位",
        # open space and amenities
        "小广场", "中心广场", "广场", "花园", "小花园", "中心花园", "绿地", "草坪", "花坛",
        "篮球场", "羽毛球场", "乒乓球台", "健身区", "健身器材区", "健身角", "儿童游乐区",
        "儿童乐园", "游乐场", "滑梯", "沙坑", "凉亭", "长廊", "小树林", "人工湖", "喷泉",
        "快递柜", "快递驿站", "菜鸟驿站", "垃圾站", "垃圾房", "垃圾桶", "垃圾分类亭",
        "垃圾分类点", "垃圾投放点", "大件垃圾堆放点", "主干道", "小区主路", "主路", "路口",
        "人行道", "便道", "围墙", "路灯", "井盖", "车库入口", "地库入口", "楼道口",
        "大门口", "小区南门", "小区北门", "小区东门", "小区西门", "晾衣区", "公共晾衣区", "休闲区",
        "电动车充电区", "充电区", "自行车停放区", "垃圾房旁边", "消防栓", "楼梯口", "步梯",
        "化粪池", "排水沟", "停车棚", "操场", "健身广场", "花园里", "物业门口",
        # community rooms
        "会客厅", "社区活动室", "活动室", "活动中心", "党群服务中心", "社区服务站",
        "物业办公室", "物业服务中心", "老年活动中心", "阅览室",
        "议事厅", "多功能厅",
    },
    key=len,
    reverse=True,
)  # fmt: skip
# Things named like places that are not where a problem is.
_NOT_PLACES = {"路灯", "井盖", "垃圾桶", "门禁", "配电箱", "停车位", "楼梯", "充电桩", "消防栓", "化粪池"}
# 广场舞 is a dance, not a square; 楼道灯 is a lamp, the thing broken, not where.
_PLACE_RE = re.compile("(?:" + "|".join(map(re.escape, PLACES)) + ")(?!舞|灯)")
# 3号楼下 / 3号楼楼下 / 3号楼东侧: a building number followed by where around it.
_AROUND_BUILDING = re.compile(r"^(?:楼)?(楼下|楼前|楼后|门口|东侧|西侧|南侧|北侧|后面|前面|旁边)")


@dataclass(frozen=True)
class Span:
    key: str
    value: str
    start: int
    end: int


def find_entities(text: str) -> list[Span]:
    """All building, unit, room and place spans, at most one of each key, first found first."""
    text = normalize(text)
    found: dict[str, Span] = {}

    def keep(key: str, value: str | None, start: int, end: int) -> None:
        if value and key not in found:
            found[key] = Span(key, value, start, end)

    for m in _HOUSEHOLD.finditer(text):
        keep("building", m.group(1), m.start(1), m.end(1))
        keep("unit", m.group(2), m.start(2), m.end(2))
        keep("room", m.group(3), m.start(3), m.end(3))
    for m in _BUILDING.finditer(text):
        keep("building", to_digits(m.group(1)), m.start(), m.end())
        around = _AROUND_BUILDING.match(text[m.end() :])
        if around and around.group(1) in ("楼下", "楼前", "楼后", "门口"):
            keep("place", around.group(1), m.end() + around.start(1), m.end() + around.end(1))
    for m in _UNIT.finditer(text):
        keep("unit", to_digits(m.group(1)), m.start(), m.end())
    for m in _ROOM_SUFFIX.finditer(text):
        keep("room", to_digits(m.group(1)), m.start(), m.end())
    for m in _ROOM_AFTER.finditer(text):
        keep("room", m.group(1), m.start(1), m.end(1))
    taken = [(s.start, s.end) for s in found.values()]
    for m in _PLACE_RE.finditer(text):
        if m.group() in _NOT_PLACES or any(a < m.end() and m.start() < b for a, b in taken):
            continue
        keep("place", m.group(), m.start(), m.end())
    return sorted(found.values(), key=lambda s: s.start)


def mask(text: str, spans: list[Span]) -> str:
    """Blank out spans so a time parser does not read 3号楼 as the 3rd or 10点2单元 as 10:02."""
    chars = list(normalize(text))
    for span in spans:
        if span.key in ("building", "unit", "room"):
            for i in range(span.start, min(span.end, len(chars))):
                chars[i] = "□"
    return "".join(chars)
