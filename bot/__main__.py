"""Command line: `python -m bot run | console | replay`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
import tempfile
from collections.abc import Coroutine
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bot.community import CommunityError, Directory, load_community
from bot.settings import Settings


def _load(path: Path) -> Directory:
    try:
        return load_community(path)
    except CommunityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc


def _iso(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{value!r} needs a UTC offset, like +08:00")
    return moment


async def _console(settings: Settings, directory: Directory) -> None:
    from bot.app import build_bot, open_parts
    from bot.clock import SystemClock
    from bot.gateways.console import ConsoleChat, run_console

    clock = SystemClock(directory.timezone)
    chat = ConsoleChat(directory, clock, sys.stdout)
    async with open_parts(settings.database_url, settings.nlu_url, settings.nlu_timeout) as parts:

        async def show(message):
            chat.show(message)

        bot = build_bot(parts, directory, clock, show)
        await run_console(bot, chat)


async def _wechat(settings: Settings, directory: Directory) -> None:
    from bot.app import build_bot, open_parts
    from bot.clock import SystemClock
    from bot.gateways.wechat import WeChatConfig, WeChatGateway
    from bot.throttle import SendLimits

    assert settings.puppet_token is not None
    config = WeChatConfig(settings.puppet_token, settings.puppet_endpoint, SendLimits.from_env())
    clock = SystemClock(directory.timezone)
    gateway = WeChatGateway(config, directory, clock)
    async with open_parts(settings.database_url, settings.nlu_url, settings.nlu_timeout) as parts:
        await gateway.run(build_bot(parts, directory, clock, gateway.send, merge=True))


async def _until_signalled(work: Coroutine[Any, Any, None]) -> None:
    """Run work until SIGINT or SIGTERM, then let it clean up: stored messages wait for the next start."""
    task = asyncio.ensure_future(work)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, task.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _report(args: argparse.Namespace, database_url: str, directory: Directory) -> None:
    from zoneinfo import ZoneInfo

    from actions.proposals import topic_counts
    from actions.rates import compute_rates
    from bot import strings
    from bot.store.db import make_engine, make_sessions, migrate

    engine = make_engine(database_url)
    await migrate(engine)
    async with make_sessions(engine)() as session:
        if args.command == "rates":
            tz = ZoneInfo(directory.timezone)
            start = datetime.combine(args.start, time(), tz)
            end = datetime.combine(args.end + timedelta(days=1), time(), tz)
            rows = [r.row() for r in await compute_rates(session, start, end)]
            print(strings.rates_report(strings.rates_title(f"{args.start}至{args.end}"), rows))
        else:
            counts = await topic_counts(session)
            print(strings.proposals_summary(counts, sum(n for _, n in counts)))
    await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(prog="python -m bot", description="小清, the residents' group assistant")
    parser.add_argument("--community", type=Path, default=settings.community_file)
    parser.add_argument(
        "--db", default=settings.database_url, help="database URL (sqlite:///... or postgresql://...)"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="serve WeChat when a puppet token is set, else the console chat")
    sub.add_parser("console", help="an interactive group chat in the terminal")
    rp = sub.add_parser("replay", help="replay a transcript on a virtual clock")
    rp.add_argument("--transcript", required=True, help="JSON Lines file, or - for stdin")
    rp.add_argument("--until", type=_iso)
    rp.add_argument("--state", type=Path)
    rp.add_argument("--nlu-wait", type=float, default=600.0, help="seconds to wait for a down NLU service")
    rp.add_argument("--db", dest="replay_db", help="database URL; default: a fresh SQLite file per run")
    ra = sub.add_parser("rates", help="响应率 / 解决率 / 满意率 by community and building for a period")
    ra.add_argument("--from", dest="start", type=date.fromisoformat, required=True, help="first day")
    ra.add_argument("--to", dest="end", type=date.fromisoformat, required=True, help="last day")
    sub.add_parser("proposals", help="residents' proposals counted by topic")
    # Accept the common options after the subcommand too, as replay-format.md writes them.
    for p in sub.choices.values():
        p.add_argument("--community", type=Path, default=argparse.SUPPRESS)
        if p is not rp:
            p.add_argument("--db", default=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    logging.basicConfig(
        stream=sys.stderr,
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    directory = _load(args.community)
    settings = Settings(
        database_url=args.db,
        nlu_url=settings.nlu_url,
        community_file=args.community,
        nlu_timeout=settings.nlu_timeout,
        puppet_token=settings.puppet_token,
        puppet_endpoint=settings.puppet_endpoint,
    )

    if args.command == "replay":
        from bot.gateways.replay import replay

        if args.transcript != "-" and not Path(args.transcript).is_file():
            print(f"error: transcript {args.transcript} does not exist", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory(prefix="xiaoqing-replay-") as scratch:
            database_url = args.replay_db or f"sqlite:///{scratch}/replay.db"
            bad = asyncio.run(
                replay(
                    directory=directory,
                    transcript=args.transcript,
                    database_url=database_url,
                    nlu_url=settings.nlu_url,
                    until=args.until,
                    state_path=args.state,
                    nlu_wait=args.nlu_wait,
                )
            )
        if bad:
            print(f"{bad} transcript lines were skipped", file=sys.stderr)
        return 0
    if args.command in ("rates", "proposals"):
        asyncio.run(_report(args, settings.database_url, directory))
        return 0
    if args.command == "run" and settings.puppet_token:
        asyncio.run(_until_signalled(_wechat(settings, directory)))
        return 0
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_console(settings, directory))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
