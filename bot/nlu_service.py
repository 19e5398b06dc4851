"""Starts and stops the local Rasa NLU service (its own Python 3.10 environment) on loopback.

`python -m bot.nlu_service -- COMMAND...` runs COMMAND with the service up:
an already running one is used as it is; one started here is stopped when
COMMAND ends. Progress goes to stderr, so COMMAND's stdout stays clean.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bot.settings import ROOT

DEFAULT_MODEL = ROOT / "models" / "nlu.tar.gz"
RASA = ROOT / ".venv-nlu" / "bin" / "rasa"


def answers(url: str, timeout: float = 1.0) -> bool:
    try:
        return httpx.get(url.rstrip("/") + "/status", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


class LocalNluService:
    """One `rasa run --enable-api` process serving the trained model on 127.0.0.1:port."""

    def __init__(self, port: int = 5005, *, model: Path = DEFAULT_MODEL, log: Path | None = None) -> None:
        self.port = port
        self.model = model
        self.log = log or ROOT / "var" / f"nlu-{port}.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if not self.model.exists():
            raise RuntimeError(f"no trained NLU model at {self.model}; run `make model`")
        if not RASA.exists():
            raise RuntimeError(f"the NLU environment is missing ({RASA}); run `make nlu-env`")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONWARNINGS": "ignore",
            "PYTHONPATH": str(ROOT),
            "LOG_LEVEL": "WARNING",
        }
        command = [
            str(RASA), "run", "--enable-api", "--model", str(self.model),
            "--interface", "127.0.0.1", "--port", str(self.port), "--log-file", str(self.log),
        ]  # fmt: skip
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_ready(self, timeout: float = 120.0, *, progress: bool = False) -> None:
        deadline = time.monotonic() + timeout
        while not answers(self.url):
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"the NLU service exited early; see {self.log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the NLU service did not answer within {timeout:.0f}s; see {self.log}")
            if progress:
                print(".", end="", file=sys.stderr, flush=True)
            time.sleep(0.5)
        if progress:
            print(" ready", file=sys.stderr)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def __enter__(self) -> LocalNluService:
        self.start()
        self.wait_ready()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def main(argv: list[str]) -> int:
    if "--" not in argv:
        print("usage: python -m bot.nlu_service -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1 :]
    url = os.environ.get("NLU_URL") or "http://127.0.0.1:5005"
    service = None
    if not answers(url):
        port = int(url.rsplit(":", 1)[-1].split("/")[0])
        service = LocalNluService(port)
        print(f"Starting the NLU service on {service.url} (log: {service.log})", end="", file=sys.stderr)
        service.start()
        try:
            service.wait_ready(progress=True)
        except RuntimeError as exc:
            service.stop()
            print(f"\nerror: {exc}", file=sys.stderr)
            return 1
    try:
        return subprocess.call(command, env={**os.environ, "NLU_URL": url})
    except KeyboardInterrupt:
        return 130
    finally:
        if service is not None:
            service.stop()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
