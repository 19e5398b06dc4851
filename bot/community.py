"""The community file: who is who, which groups the bot serves, deadlines (replay-format.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

CATEGORIES = (
    "property",
    "construction",
    "environment",
    "parking_traffic",
    "facilities",
    "safety",
    "neighbor",
    "other",
)

_HOUSEHOLD = re.compile(r"^\d+-\d+-\d+$")
# Group nicknames lead with the household: "3-2-502 王姐", "3号楼2单元502 王姐".
_NICK_HOUSEHOLD = (
    re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*-\s*(\d+)"),
    re.compile(r"^\s*(\d+)\s*(?:号楼|栋|幢|#)\s*(\d+)\s*单元\s*(\d+)"),
)


class CommunityError(ValueError):
    """A community file that cannot be used; the message says where and why."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class StaffMember(_Model):
    name: str
    handles: tuple[str, ...] = ()
    org: str | None = None

    @field_validator("handles")
    @classmethod
    def _known_categories(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [c for c in value if c not in CATEGORIES]
        if unknown:
            raise ValueError(f"unknown categories {unknown}; use {list(CATEGORIES)}")
        return value


class Group(_Model):
    room: str
    building: str | None = None
    # How many households the group's building has: the base of a poll's turnout and quorum.
    households: int | None = Field(default=None, gt=0)

    @field_validator("building", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value


class Community(_Model):
    name: str
    groups: tuple[Group, ...] = ()
    staff: tuple[StaffMember, ...] = ()


class Person(_Model):
    name: str
    role: Literal["resident", "council", "staff"] = "resident"
    household: str | None = None

    @field_validator("household")
    @classmethod
    def _household_shape(cls, value: str | None) -> str | None:
        if value is not None and not _HOUSEHOLD.match(value):
            raise ValueError("household must read building-unit-room, like 3-2-502")
        return value


class Sla(_Model):
    respond: float = Field(gt=0)
    resolve: float = Field(gt=0)


class CommunityFile(_Model):
    bot_name: str = "小清"
    timezone: str = "Asia/Shanghai"
    street: str = ""
    street_staff: tuple[StaffMember, ...] = ()
    communities: tuple[Community, ...] = Field(min_length=1)
    people: tuple[Person, ...] = ()
    sla: dict[str, Sla] = Field(default_factory=lambda: {"default": Sla(respond=2, resolve=168)})
    # When staff get the daily digest (local time); null turns it off.
    digest_at: time | None = time(8, 0)

    @field_validator("sla")
    @classmethod
    def _sla_keys(cls, value: dict[str, Sla]) -> dict[str, Sla]:
        unknown = [k for k in value if k not in (*CATEGORIES, "urgent", "default")]
        if unknown:
            raise ValueError(f"unknown sla keys {unknown}")
        if "default" not in value:
            raise ValueError("sla needs a default entry")
        return value


@dataclass(frozen=True)
class Placement:
    """Where a group sits: its community and, for a building group, the building."""

    community: Community
    group: Group


class Directory:
    """Read-only look-ups over a loaded community file."""

    def __init__(self, data: CommunityFile) -> None:
        self.data = data
        self._rooms: dict[str, Placement] = {}
        for community in data.communities:
            for group in community.groups:
                if group.room in self._rooms:
                    raise CommunityError(f"group {group.room!r} is listed twice")
                self._rooms[group.room] = Placement(community, group)
        self._file_rooms = frozenset(self._rooms)
        self._people = {p.name: p for p in data.people}

    @property
    def bot_name(self) -> str:
        return self.data.bot_name

    @property
    def timezone(self) -> str:
        return self.data.timezone

    def bind(self, room: str, community: str, building: str | None) -> Placement | None:
        """Serve a group the file does not list (the bot was added to it); the file's own groups win."""
        if room in self._file_rooms:
            return self._rooms[room]
        found = self.community(community)
        if found is None:
            return None
        self._rooms[room] = Placement(found, Group(room=room, building=building))
        return self._rooms[room]

    def placement(self, room: str) -> Placement | None:
        return self._rooms.get(room)

    def rooms(self) -> list[str]:
        return list(self._rooms)

    def person(self, display_name: str) -> Person | None:
        return self._people.get(display_name)

    def role(self, display_name: str) -> str:
        person = self.person(display_name)
        if person is not None:
            return person.role
        if any(s.name == display_name for c in self.data.communities for s in c.staff):
            return "staff"
        if any(s.name == display_name for s in self.data.street_staff):
            return "staff"
        return "resident"

    def household(self, display_name: str) -> str | None:
        person = self.person(display_name)
        if person is not None and person.household:
            return person.household
        for pattern in _NICK_HOUSEHOLD:
            match = pattern.match(display_name)
            if match:
                return "-".join(str(int(g)) for g in match.groups())
        return None

    def home_group(self, display_name: str) -> str | None:
        """The group of the person's own building (from their household), if the file lists one."""
        household = self.household(display_name)
        building = household.split("-")[0] if household else None
        community = self.community_of(None, display_name)
        return next((g.room for g in community.groups if building and g.building == building), None)

    def community_of(self, room: str | None, display_name: str) -> Community:
        """The sender's community: their group's, else the one whose staff they are, else the first."""
        if room is not None and (placement := self.placement(room)) is not None:
            return placement.community
        for community in self.data.communities:
            if any(s.name == display_name for s in community.staff):
                return community
        return self.data.communities[0]

    def community(self, name: str) -> Community | None:
        return next((c for c in self.data.communities if c.name == name), None)

    def may_work_cases(self, person: str, community: str) -> bool:
        """Community staff work their own community's cases; street staff work every community's."""
        if any(s.name == person for s in self.data.street_staff):
            return True
        found = self.community(community)
        return found is not None and any(s.name == person for s in found.staff)

    def street_handlers(self, category: str) -> list[str]:
        named = [s.name for s in self.data.street_staff if category in s.handles]
        return named or [s.name for s in self.data.street_staff[:1]]

    def sla(self, category: str | None, urgent: bool) -> Sla:
        if urgent and "urgent" in self.data.sla:
            return self.data.sla["urgent"]
        return self.data.sla.get(category or "", self.data.sla["default"])


def load_community(path: str | Path) -> Directory:
    """Load and check a community file, raising CommunityError with a readable reason."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CommunityError(f"community file {path} does not exist") from exc
    except yaml.YAMLError as exc:
        raise CommunityError(f"community file {path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise CommunityError(f"community file {path} must be a YAML mapping")
    try:
        data = CommunityFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
        raise CommunityError(f"community file {path} is invalid: {problems}") from exc
    return Directory(data)
