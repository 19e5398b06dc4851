"""Whether a new complaint is the same problem as an open case: same thing broken, same place.

Two reports of "电梯坏了" in building 3 are one problem; "电梯坏了" and
"楼道灯坏了" in building 3 are two, even though their words overlap.
"""

from __future__ import annotations

import re

# The things residents report broken or wrong; two reports naming different ones are different problems.
OBJECTS = (
    "电梯", "门禁", "单元门", "楼道灯", "路灯", "灯", "水管", "下水道", "下水", "化粪池", "排水", "井盖",
    "暖气", "供暖", "停水", "停电", "水压", "燃气", "煤气", "天然气", "垃圾", "小广告", "油烟", "噪音",
    "装修", "施工", "工地", "渣土", "打桩", "电动车", "充电", "飞线", "消防通道", "灭火器", "消防栓",
    "车位", "停车", "僵尸车", "共享单车", "地锁", "道闸", "狗", "猫", "鸽子", "漏水", "渗水", "跺脚",
    "麻将", "广场舞", "健身器材", "滑梯", "长椅", "树", "绿化", "草坪", "监控", "快递", "外墙", "窗户",
    "楼梯", "扶手", "地砖", "路面", "台阶", "空调", "违建", "私搭", "杂物", "烟头", "高空抛物", "保安",
)  # fmt: skip
_OBJECT_RE = re.compile("|".join(sorted(map(re.escape, OBJECTS), key=len, reverse=True)))
_NOISE = re.compile(r"[\s\d@#,，。.!！?？~～、:：;；()（）\[\]【】+]|[又还都了的吗呢啊呀吧是也在有个一就]")
ME_TOO = re.compile(
    r"^\s*(?:\+1|＋1|同上|加一)?\s*(?:我家|我们家|俺家|我这|我们这|我们楼|我们单元)?也(?:是|一样|这样|坏了|有)"
)


def objects(text: str) -> set[str]:
    found = set(_OBJECT_RE.findall(text))
    # 楼道灯 names 灯 too; keep the more specific word only.
    if "灯" in found and found & {"楼道灯", "路灯"}:
        found.discard("灯")
    return found


def _bigrams(text: str) -> set[str]:
    core = _NOISE.sub("", text)
    return {core[i : i + 2] for i in range(len(core) - 1)}


def similarity(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def same_problem(new_text: str, old_text: str) -> bool:
    """True when both texts name the same thing, or (naming none) say much the same."""
    new_objects, old_objects = objects(new_text), objects(old_text)
    if new_objects and old_objects:
        return bool(new_objects & old_objects)
    return similarity(new_text, old_text) >= 0.35


def is_me_too(text: str) -> bool:
    return bool(ME_TOO.match(text))
