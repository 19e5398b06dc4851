"""Whether two reports are the same problem."""

from __future__ import annotations

import pytest

from actions.duplicates import is_me_too, same_problem


@pytest.mark.parametrize(
    ("new", "old", "same"),
    [
        ("3号楼电梯还是不动", "3号楼电梯又坏了", True),
        ("东门路灯坏了好几个", "东门的路灯不亮", True),
        ("楼上每天晚上跺脚", "楼上天天跺脚 吵死了", True),
        ("3号楼楼道灯坏了", "3号楼电梯坏了", False),
        ("垃圾桶满了没人清", "楼道里有人飞线充电", False),
        ("暖气不热", "停水了", False),
    ],
)
def test_same_problem(new: str, old: str, same: bool) -> None:
    assert same_problem(new, old) is same


@pytest.mark.parametrize(
    ("text", "me_too"),
    [
        ("+1 我家也是", True),
        ("我们家也一样", True),
        ("+1我家也是 电梯停了", True),
        ("+1", False),
        ("我也觉得", False),
    ],
)
def test_me_too(text: str, me_too: bool) -> None:
    assert is_me_too(text) is me_too
