"""WeChat benchmark: messages per second through the real Wechaty puppet protocol, end to end.

A mock WeChat (wechaty/mock-server.mjs behind wechaty-puppet-service) sends N complaints into a
group; the bot (`python -m bot run`, with the real NLU service and a SQLite store) reads them over
gRPC, files them and answers. Prints how fast messages went in and how fast they were all answered.
The send throttle is lifted for the run: this measures the bot, not the careful-sender policy.

Run from the project root with the NLU service up: `make bench-wechat` (or
`NLU_URL=http://127.0.0.1:5005 .venv/bin/python bench/wechat.py`). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ports import free_port  # noqa: E402
from tests.puppet import BotProcess, MockWeChat, available  # noqa: E402

GROUP = "毛纺北5号楼群"
THINGS = ["电梯坏了", "楼道灯不亮", "垃圾桶满了", "门禁刷不开", "下水道堵了", "路灯不亮", "暖气不热"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=200)
    args = ap.parse_args()
    if reason := available():
        raise SystemExit(f"cannot run: {reason}")
    nlu_url = os.environ.get("NLU_URL", "http://127.0.0.1:5005")
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        port = free_port()
        wechat = MockWeChat(port, tmp / "puppet.log").start()
        people = [f"5-{i % 6 + 1}-{i:03d} 居民{i}" for i in range(args.messages)]
        for name in [*people, "李梅", "赵经理", "孙强"]:
            wechat.do("contact", name=name)
        wechat.do("room", topic=GROUP, members=people)
        bot = BotProcess(
            port, nlu_url, f"sqlite:///{tmp / 'bench.db'}", tmp / "bot.log",
            SEND_PER_CONVERSATION_PER_MINUTE="600000", SEND_TOTAL_PER_MINUTE="600000",
        ).start()  # fmt: skip
        try:
            bot.wait_for_log("logged in to WeChat")
            answered: set[str] = set()
            start = time.perf_counter()
            for i, name in enumerate(people):
                wechat.say(name, f"5号楼{i % 6 + 1}单元{THINGS[i % len(THINGS)]} 第{i}次了", room=GROUP)
            said = time.perf_counter() - start

            def done(event: dict) -> bool:
                if event["event"] == "sent" and event["room"] == GROUP:
                    answered.update(event["mentions"])
                return answered >= set(people)

            for event in list(wechat.sent):
                done({"event": "sent", **event})
            if not answered >= set(people):
                wechat.wait_for(done, timeout=600)
            total = time.perf_counter() - start
        finally:
            bot.stop()
            wechat.stop()
    n = args.messages
    print(f"{n} complaints into one group over the Wechaty puppet protocol (gRPC, loopback), 2 cores")
    print(f"said by the mock residents in {said:.1f} s ({n / said:.0f} messages/s)")
    print(f"all answered after {total:.1f} s: {n / total:.1f} messages/s end to end")
    print("  (stored, read by the NLU over HTTP, filed or merged into cases, answered; throttle off)")


if __name__ == "__main__":
    main()
