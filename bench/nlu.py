"""NLU benchmark: training time, model load time, parses per second in process and over HTTP, latency.

Run in the NLU environment from the project root: `make bench` (or
`PYTHONPATH=. .venv-nlu/bin/python bench/nlu.py`). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def messages() -> list[str]:
    dev = ROOT.parent / "shared" / "eval" / "dev.jsonl"
    if dev.exists():
        return [json.loads(x)["text"] for x in dev.read_text(encoding="utf-8").splitlines() if x.strip()]
    import yaml

    texts = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            texts += [x[2:] for x in block["examples"].splitlines()[:20]]
    return texts


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bench_training() -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run(
            [str(ROOT / ".venv-nlu" / "bin" / "rasa"), "train", "nlu", "--config", "config.yml",
             "--domain", "domain.yml", "--nlu", "data/nlu", "--out", out, "--fixed-model-name", "bench"],
            # An empty cache: a full training, not components restored from .rasa/cache.
            cwd=ROOT, check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), "RASA_CACHE_DIRECTORY": out + "/cache"},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        return time.perf_counter() - start


def bench_in_process(model: Path, texts: list[str], rounds: int) -> dict[str, float]:
    from datetime import datetime

    start = time.perf_counter()
    from nlu.__main__ import Parser

    parser = Parser(model)
    load = time.perf_counter() - start
    sent_at = datetime.fromisoformat("2026-11-25T09:30:00+08:00")

    async def run() -> list[float]:
        latencies = []
        for _ in range(rounds):
            for text in texts:
                t = time.perf_counter()
                await parser.parse(text, sent_at)
                latencies.append(time.perf_counter() - t)
        return latencies

    latencies = asyncio.run(run())
    per_s = len(latencies) / sum(latencies)
    return {"load_s": load, "per_s": per_s, "p50_ms": 1000 * statistics.median(latencies)}


async def _http_load(url: str, texts: list[str], total: int, clients: int) -> tuple[float, list[float]]:
    import aiohttp

    latencies: list[float] = []
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(texts[i % len(texts)])

    async def client(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            text = queue.get_nowait()
            t = time.perf_counter()
            async with session.post(url + "/model/parse", json={"text": text}) as response:
                await response.read()
                assert response.status == 200
            latencies.append(time.perf_counter() - t)

    async with aiohttp.ClientSession() as session:
        start = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(clients)))
        return time.perf_counter() - start, latencies


def bench_http(model: Path, texts: list[str], total: int, port: int) -> list[dict[str, float]]:
    import urllib.request

    env = {**os.environ, "PYTHONPATH": str(ROOT), "LOG_LEVEL": "WARNING", "PYTHONWARNINGS": "ignore"}
    server = subprocess.Popen(
        [str(ROOT / ".venv-nlu" / "bin" / "rasa"), "run", "--enable-api", "--model", str(model),
         "--interface", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/status", timeout=1)
                break
            except OSError:
                if time.perf_counter() - start > 120:
                    raise RuntimeError("the NLU server did not start") from None
                time.sleep(0.2)
        ready = time.perf_counter() - start
        asyncio.run(_http_load(url, texts, 100, 1))  # warm up
        rows = []
        for clients in (1, 4, 16):
            elapsed, latencies = asyncio.run(_http_load(url, texts, total, clients))
            rows.append(
                {
                    "clients": clients,
                    "per_s": total / elapsed,
                    "p50_ms": 1000 * percentile(latencies, 50),
                    "p99_ms": 1000 * percentile(latencies, 99),
                    "server_start_s": ready,
                }
            )
        return rows
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=ROOT / "models" / "nlu.tar.gz")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--port", type=int, default=5077)
    ap.add_argument("--skip-training", action="store_true")
    args = ap.parse_args()
    texts = messages()
    print(f"messages: {len(texts)} distinct, {os.cpu_count()} cores")
    if not args.skip_training:
        print(f"full training (rasa train nlu): {bench_training():.1f} s")
    inproc = bench_in_process(args.model, texts, rounds=5)
    print(f"model load in process (import + Agent.load): {inproc['load_s']:.1f} s")
    print(f"in process: {inproc['per_s']:.0f} parses/s, p50 {inproc['p50_ms']:.2f} ms")
    for row in bench_http(args.model, texts, args.requests, args.port):
        print(
            f"HTTP /model/parse, {row['clients']:>2} clients: {row['per_s']:.0f} parses/s, "
            f"p50 {row['p50_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms"
        )
    print(f"HTTP server start to first answer: {row['server_start_s']:.1f} s")


if __name__ == "__main__":
    main()
