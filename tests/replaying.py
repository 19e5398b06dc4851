"""Runs `python -m bot replay` as a user would, on events written in a test; returns what the bot sent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.settings import ROOT

EXAMPLE_COMMUNITY = ROOT / "data" / "community.example.yml"


def say(at: str, sender: str, text: str, room: str | None = "毛纺北3号楼群") -> dict[str, Any]:
    """A message at a local time: "11-25 09:30" is 2026-11-25 09:30 Beijing time."""
    event: dict[str, Any] = {"at": at_(at), "from": sender, "text": text}
    if room is not None:
        event["room"] = room
    return event


def tick(at: str) -> dict[str, Any]:
    return {"at": at_(at), "tick": True}


def at_(short: str) -> str:
    day, clock = short.split()
    return f"2026-{day}T{clock}:00+08:00"


@dataclass
class Replay:
    sent: list[dict[str, Any]]
    state: dict[str, Any]
    stderr: str

    def to(self, person: str) -> list[dict[str, Any]]:
        return [m for m in self.sent if m["to"] == person]

    def in_room(self, room: str) -> list[dict[str, Any]]:
        return [m for m in self.sent if m["room"] == room]

    def case(self, number: str) -> dict[str, Any]:
        return next(c for c in self.state["cases"] if c["number"] == number)


def replay(
    nlu_url: str,
    tmp_path: Path,
    events: list[dict[str, Any] | str],
    *,
    until: str | None = None,
    db: str | None = None,
    community: Path = EXAMPLE_COMMUNITY,
) -> Replay:
    transcript = tmp_path / f"transcript-{len(list(tmp_path.iterdir()))}.jsonl"
    lines = [e if isinstance(e, str) else json.dumps(e, ensure_ascii=False) for e in events]
    transcript.write_text("\n".join(lines) + "\n", encoding="utf-8")
    state = transcript.with_suffix(".state.json")
    command = [sys.executable, "-m", "bot", "replay", "--community", str(community)]
    command += ["--transcript", str(transcript), "--state", str(state)]
    if until:
        command += ["--until", at_(until)]
    if db:
        command += ["--db", db]
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "NLU_URL": nlu_url},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return Replay(
        sent=[json.loads(x) for x in result.stdout.splitlines()],
        state=json.loads(state.read_text(encoding="utf-8")),
        stderr=result.stderr,
    )
