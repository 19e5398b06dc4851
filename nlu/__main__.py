"""Command line: `python -m nlu parse | evaluate FILE | generate`; parse and evaluate run in the Rasa env."""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import io
import json
import logging
import os
import sys
import warnings
from contextlib import redirect_stdout
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = ROOT / "models" / "nlu.tar.gz"
DEFAULT_SCORER = ROOT.parent / "shared" / "eval" / "score.py"

log = logging.getLogger("nlu")


def _quiet_rasa() -> None:
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    warnings.filterwarnings("ignore")
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)


class Parser:
    """The trained model, loaded in this process, finishing each parse with the message's time."""

    def __init__(self, model: Path) -> None:
        _quiet_rasa()
        # Rasa prints to stdout while loading; stdout carries only our JSON lines.
        with redirect_stdout(sys.stderr):
            from rasa.core.agent import Agent
            from rasa.utils.common import configure_logging_and_warnings
            from rasa.utils.log_utils import configure_structlog

            # Rasa's structured log writes to stdout at debug level unless told otherwise.
            configure_logging_and_warnings(logging.WARNING)
            configure_structlog(logging.WARNING)
            self._agent = Agent.load(str(model))

    async def parse(self, text: str, sent_at: datetime) -> dict[str, Any]:
        from nlu.shape import finish

        return finish(await self._agent.parse_message(text), sent_at)


def _read_line(line: str) -> tuple[str, datetime]:
    data = json.loads(line)
    text, sent_at = data.get("text"), data.get("sent_at")
    if not isinstance(text, str):
        raise ValueError("'text' must be a string")
    moment = datetime.fromisoformat(sent_at) if sent_at else datetime.now().astimezone()
    if moment.tzinfo is None:
        raise ValueError("'sent_at' needs a UTC offset, like +08:00")
    return text, moment


async def parse_stream(parser: Parser, source: TextIO, out: TextIO) -> int:
    """One JSON object out per line in; a bad line gets {"error": ...} so the order holds."""
    bad = 0
    for number, line in enumerate(source, 1):
        if not line.strip():
            continue
        try:
            text, sent_at = _read_line(line)
            result = await parser.parse(text, sent_at)
        except (ValueError, json.JSONDecodeError) as exc:
            bad += 1
            print(f"line {number}: {exc}", file=sys.stderr)
            result = {"error": str(exc)}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()
    return bad


def evaluate(parser: Parser, gold: Path, scorer: Path, errors: int) -> None:
    spec = importlib.util.spec_from_file_location("score", scorer)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {scorer}")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    rows = score.load(str(gold))
    predictions = io.StringIO()
    source = io.StringIO("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    asyncio.run(parse_stream(parser, source, predictions))
    preds = [json.loads(line) for line in predictions.getvalue().splitlines()]
    score.report(score.score(rows, preds), errors)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m nlu", description="小清's Chinese NLU")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="JSON Lines in on stdin, nlu-schema.md JSON out on stdout")
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    e = sub.add_parser("evaluate", help="score a labelled JSON Lines file with shared/eval/score.py")
    e.add_argument("file", type=Path)
    e.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    e.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    e.add_argument("--errors", type=int, default=0, help="list this many misread messages")
    g = sub.add_parser("generate", help="write data/nlu/*.yml from the templates in nlu/datagen")
    g.add_argument("--data", type=Path, default=ROOT / "data")
    args = ap.parse_args(argv)

    if args.command == "generate":
        from nlu.datagen import write

        for intent, count in write(args.data).items():
            print(f"{intent}: {count}", file=sys.stderr)
        return 0
    if not args.model.exists():
        print(f"error: no trained model at {args.model}; run `make model` first", file=sys.stderr)
        return 2
    parser = Parser(args.model)
    if args.command == "parse":
        bad = asyncio.run(parse_stream(parser, sys.stdin, sys.stdout))
        return 1 if bad else 0
    evaluate(parser, args.file, args.scorer, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
