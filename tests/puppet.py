"""Drives a real Wechaty puppet service (wechaty/mock-server.mjs) and the bot connected to it, for tests."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from bot.settings import ROOT

SERVER_DIR = ROOT / "wechaty"
TOKEN = "insecure_xiaoqing_test"


def available() -> str | None:
    """Why the puppet tests cannot run here, or None when they can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (SERVER_DIR / "node_modules" / "wechaty-puppet-service").exists():
        return "the puppet packages are not installed (make wechaty-env)"
    return None


class Lines:
    """Lines from a pipe, read by a thread into a queue: tests wait on events, never on the clock."""

    def __init__(self, pipe: IO[str], echo: Path | None = None) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._echo = echo.open("a", encoding="utf-8") if echo else None
        threading.Thread(target=self._pump, args=(pipe,), daemon=True).start()

    def _pump(self, pipe: IO[str]) -> None:
        for line in pipe:
            if self._echo:
                self._echo.write(line)
                self._echo.flush()
            self._queue.put(line)
        self._queue.put(None)

    def next(self, deadline: float) -> str | None:
        try:
            return self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None


class MockWeChat:
    """The Node puppet server playing WeChat: residents, groups, and a record of what the bot sent."""

    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.log = log
        self.sent: list[dict[str, Any]] = []
        self.logins = 0
        self._process: subprocess.Popen[str] | None = None
        self._lines: Lines | None = None

    def start(self) -> MockWeChat:
        env = {
            **os.environ,
            "PORT": str(self.port),
            "TOKEN": TOKEN,
            "WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_SERVER": "true",
            "WECHATY_LOG": "warn",
        }
        self._process = subprocess.Popen(
            ["node", "mock-server.mjs"],
            cwd=SERVER_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log.open("a"),
            text=True,
        )
        assert self._process.stdout is not None
        self._lines = Lines(self._process.stdout)
        self.wait_for(lambda e: e["event"] == "ready", 30)
        return self

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 60) -> dict[str, Any]:
        assert self._lines is not None
        deadline = time.monotonic() + timeout
        while True:
            line = self._lines.next(deadline)
            if line is None:
                raise TimeoutError(f"no such puppet event within {timeout}s; sent so far: {self.sent[-5:]}")
            event = json.loads(line)
            if event["event"] == "sent":
                self.sent.append(event)
            elif event["event"] == "login":
                self.logins += 1
            elif event["event"] == "error":
                raise RuntimeError(event["message"])
            if predicate(event):
                return event

    def do(self, op: str, **command: Any) -> None:
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.write(json.dumps({"op": op, **command}, ensure_ascii=False) + "\n")
        self._process.stdin.flush()
        self.wait_for(lambda e: e["event"] == "done")

    def say(self, sender: str, text: str, room: str | None = None, *, mention_bot: bool = False) -> None:
        self.do("say", **{"from": sender, "room": room, "text": text, "mention_bot": mention_bot})

    def sent_where(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 60) -> dict[str, Any]:
        """The first message the bot sent (already, or from now on) that matches."""
        for event in self.sent:
            if predicate(event):
                return event
        return self.wait_for(lambda e: e["event"] == "sent" and predicate(e), timeout)

    def kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


class BotProcess:
    """`python -m bot run` with a puppet token: what `make run` starts for real WeChat."""

    def __init__(self, port: int, nlu_url: str, database_url: str, log: Path, **env: str) -> None:
        self._env = {
            **os.environ,
            "WECHATY_PUPPET_SERVICE_TOKEN": TOKEN,
            "WECHATY_PUPPET_SERVICE_ENDPOINT": f"127.0.0.1:{port}",
            "NLU_URL": nlu_url,
            "DATABASE_URL": database_url,
            "WECHATY_LOG": os.environ.get("WECHATY_LOG", "warn"),
            **env,
        }
        self.log = log
        self._process: subprocess.Popen[str] | None = None
        self._lines: Lines | None = None

    def start(self) -> BotProcess:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bot", "-v", "run"],
            cwd=ROOT,
            env=self._env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self._process.stderr is not None
        self._lines = Lines(self._process.stderr, echo=self.log)
        return self

    def wait_for_log(self, text: str, timeout: float = 60) -> None:
        assert self._lines is not None
        deadline = time.monotonic() + timeout
        while True:
            line = self._lines.next(deadline)
            if line is None:
                raise TimeoutError(f"the bot did not log {text!r} within {timeout}s; see {self.log}")
            if text in line:
                return

    def stop(self) -> int:
        """SIGTERM, as a service manager would send it; returns the exit code."""
        assert self._process is not None
        self._process.terminate()
        try:
            return self._process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self._process.kill()
            raise
