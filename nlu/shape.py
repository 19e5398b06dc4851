"""Turns the NLU service's parse into the contract of nlu-schema.md, resolving times against sent_at.

Shared by `python -m nlu parse` (in the Rasa environment) and the bot's NLU
client (over HTTP): Rasa's parse endpoint never sees the message's time, so
dates are resolved here, where it is known.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nlu.entities import Span, find_entities, mask
from nlu.timeparse import Moment, find_time

ENTITY_KEYS = ("building", "unit", "room", "place")


def resolve_time(text: str, ref: datetime) -> Moment | None:
    """The first time in text, against ref, with building, unit and room numbers masked first."""
    return find_time(mask(text, find_entities(text)), ref)


def finish(parsed: dict[str, Any], sent_at: datetime) -> dict[str, Any]:
    intent_info = parsed.get("intent") or {}
    intent = intent_info.get("name") or "other"
    text = parsed.get("text") or ""
    entities: dict[str, str] = {}
    spans: list[Span] = []
    for ent in parsed.get("entities") or []:
        key = ent.get("entity")
        if key in ENTITY_KEYS and key not in entities:
            entities[key] = str(ent.get("value"))
            spans.append(Span(key, str(ent.get("value")), int(ent.get("start", 0)), int(ent.get("end", 0))))
    poll = None
    vote = None
    if intent == "meeting_request":
        moment = find_time(mask(text, spans), sent_at)
        if moment is not None and moment.has_clock:
            entities["datetime"] = moment.value.isoformat()
    elif intent == "poll_create":
        raw = parsed.get("poll") or {}
        deadline = None
        if raw.get("deadline_text"):
            moment = find_time(raw["deadline_text"], sent_at)
            deadline = moment.value.isoformat() if moment else None
        poll = {
            "question": raw.get("question") or text,
            "options": list(raw.get("options") or []),
            "deadline": deadline,
        }
    elif intent == "vote":
        vote = parsed.get("vote") or {"option": ""}
    complaint = intent == "complaint"
    return {
        "intent": intent,
        "confidence": round(float(intent_info.get("confidence") or 0.0), 4),
        "category": (parsed.get("category") or "other") if complaint else None,
        "urgent": bool(parsed.get("urgent")) if complaint else False,
        "entities": entities,
        "poll": poll,
        "vote": vote,
    }
