"""The callback after resolution: a rating per household; "还没修好" reopens the case."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from actions.cases import CASE_NUMBER, record
from actions.casework import reopen_deadlines
from bot import strings
from bot.store.models import Case, CaseReport, CaseStatus
from bot.turn import Turn

CALLBACK_WINDOW = timedelta(days=14)
_UNHAPPY = re.compile(r"不满意|没修好|没解决|没弄好|还是坏|又坏了|还在漏|还漏|差评|根本没|不行")
_SO_SO = re.compile(r"基本满意|还行|一般")
_HAPPY = re.compile(r"满意|挺好|很好|好评|点赞|谢谢|解决了|修好了")


def rating_of(text: str) -> str | None:
    for pattern, rating in ((_UNHAPPY, "不满意"), (_SO_SO, "基本满意"), (_HAPPY, "满意")):
        if pattern.search(text):
            return rating
    return None


async def _asked_report(turn: Turn) -> CaseReport | None:
    """The sender's latest callback still waiting for an answer (or the case the text names)."""
    query = (
        select(CaseReport)
        .join(Case)
        .where(
            CaseReport.reporter == turn.sender,
            CaseReport.asked_at.is_not(None),
            CaseReport.asked_at >= turn.now - CALLBACK_WINDOW,
            Case.status.in_((CaseStatus.RESOLVED, CaseStatus.CLOSED)),
        )
        .options(selectinload(CaseReport.case).selectinload(Case.events))
        .order_by(CaseReport.asked_at.desc())
    )
    number = CASE_NUMBER.search(turn.message.text)
    if number:
        query = query.where(Case.number == number.group().upper())
    else:
        query = query.where(CaseReport.rating.is_(None))
    return await turn.session.scalar(query.limit(1))


async def answer_callback(turn: Turn) -> bool:
    """A private answer to the callback (or feedback naming the case) rates it; 不满意 reopens it."""
    if turn.room is not None and turn.understanding.intent != "feedback":
        return False
    rating = rating_of(turn.message.text)
    if rating is None:
        return False
    report = await _asked_report(turn)
    if report is None:
        return False
    case = report.case
    report.rating = rating
    report.rated_at = turn.now
    record(case, turn, turn.sender, "rated", None, f"{rating}:{turn.message.text}")
    if rating != "不满意":
        turn.reply(strings.thanks_for_rating(case.number))
        return True
    record(case, turn, turn.sender, "reopen", CaseStatus.REOPENED, turn.message.text)
    await reopen_deadlines(turn, case)
    turn.reply(strings.reopened_after_rating(case.number))
    if case.handler:
        turn.tell(case.handler, strings.handler_reopened(case.number, turn.sender, turn.message.text))
    return True
