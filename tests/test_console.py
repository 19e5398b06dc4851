"""The console group chat, as `make run` starts it: typed lines in, the bot's answers out."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import ROOT

pytestmark = pytest.mark.nlu


def chat(nlu_url: str, tmp_path: Path, *lines: str) -> str:
    env = {**os.environ, "NLU_URL": nlu_url, "DATABASE_URL": f"sqlite:///{tmp_path / 'console.db'}"}
    env.pop("WECHATY_PUPPET_SERVICE_TOKEN", None)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT,
        env=env,
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def test_a_complaint_typed_in_the_console_gets_a_case_number(nlu_url: str, tmp_path: Path) -> None:
    out = chat(nlu_url, tmp_path, "/as 3-2-502 王姐", "/in 1", "3号楼电梯又坏了 困了一个老人", "/quit")
    assert "现在你是 3-2-502 王姐" in out
    assert re.search(r"\[毛纺北3号楼群\] 小清: @3-2-502 王姐 .*Q\d{8}-0001", out)
    assert re.search(r"\[私信 → 赵经理\] 小清: 【紧急工单】Q\d{8}-0001", out)


def test_typos_and_unknown_commands_get_help(nlu_url: str, tmp_path: Path) -> None:
    out = chat(nlu_url, tmp_path, "/hlep", "/in 不存在的群", "/as")
    assert "没有 /hlep 这个命令" in out
    assert "/as 名字或编号" in out
    assert "没有这个群" in out
    assert "用法:/as 名字" in out
    assert "Traceback" not in out
