"""The community file: loading the example, clear errors for broken files, who is who."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.community import CommunityError, Directory, load_community


def test_example_loads(directory: Directory) -> None:
    assert directory.bot_name == "小清"
    placement = directory.placement("毛纺北3号楼群")
    assert placement is not None
    assert placement.community.name == "毛纺北社区"
    assert placement.group.building == "3"
    assert directory.sla("construction", urgent=False).resolve == 360
    assert directory.sla("construction", urgent=True).respond == 0.5


@pytest.mark.parametrize(
    ("name", "household", "role"),
    [("王建国", "3-2-502", "council"), ("3-2-502 王姐", "3-2-502", "resident"),
     ("3号楼2单元502 王姐", "3-2-502", "resident"), ("李梅", None, "staff"), ("路人甲", None, "resident")],
)  # fmt: skip
def test_people(directory: Directory, name: str, household: str | None, role: str) -> None:
    assert directory.household(name) == household
    assert directory.role(name) == role


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ("communities: [", "not valid YAML"),
        ("- just a list", "must be a YAML mapping"),
        ("street: 清河街道\n", "communities"),
        (
            "communities:\n  - name: A\n    staff:\n      - name: X\n        handles: [lifts]\n",
            "unknown categories",
        ),
        ("communities:\n  - name: A\npeople:\n  - name: B\n    household: 3楼\n", "building-unit-room"),
        ("communities:\n  - name: A\nsla:\n  urgent: {respond: 1, resolve: 2}\n", "default"),
        (
            "communities:\n  - name: A\n    groups: [{room: G}]\n  - name: B\n    groups: [{room: G}]\n",
            "listed twice",
        ),
    ],
)
def test_broken_files_are_rejected_clearly(tmp_path: Path, content: str, complaint: str) -> None:
    path = tmp_path / "community.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommunityError, match=complaint):
        load_community(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommunityError, match="does not exist"):
        load_community(tmp_path / "nope.yml")
