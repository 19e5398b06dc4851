"""Case queries: "查一下 Q20261125-0007", "我上周报的漏水有人管吗": status, handler, next deadline."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from actions.cases import CASE_NUMBER, find_case
from actions.duplicates import similarity
from bot import strings
from bot.store.models import Case, CaseReport, CaseStatus
from bot.turn import Turn


def _answer(turn: Turn, case: Case) -> None:
    due = None
    if case.status in CaseStatus.OPEN:
        due = case.resolve_due if case.accepted_at else case.respond_due
    turn.reply(
        strings.case_status(
            case.number, case.status, case.handler, turn.local(due) if due else None, len(case.households)
        )
    )


def _may_see(turn: Turn, case: Case) -> bool:
    """Residents see their own cases and their group's; staff see their community's."""
    if turn.directory.may_work_cases(turn.sender, case.community):
        return True
    household = turn.directory.household(turn.sender)
    mine = any(r.reporter == turn.sender or (household and r.household == household) for r in case.reports)
    return mine or (turn.room is not None and case.group_room == turn.room)


async def on_case_query(turn: Turn) -> None:
    number = CASE_NUMBER.search(turn.message.text)
    if number:
        case = await find_case(turn.session, number.group())
        if case is None:
            turn.reply(strings.case_not_found(number.group().upper()))
        elif not _may_see(turn, case):
            turn.reply(strings.not_your_case(case.number))
        else:
            _answer(turn, case)
        return
    household = turn.directory.household(turn.sender)
    mine = (
        or_(CaseReport.reporter == turn.sender, CaseReport.household == household)
        if household
        else (CaseReport.reporter == turn.sender)
    )
    cases = (
        await turn.session.scalars(
            select(Case)
            .join(CaseReport)
            .where(mine)
            .options(selectinload(Case.reports))
            .order_by(Case.created_at.desc())
            .distinct()
        )
    ).all()
    if not cases:
        turn.reply(strings.NO_CASES_FOUND)
        return
    # The one the question talks about ("漏水"), else the latest still open, else the latest.
    best = max(cases, key=lambda c: similarity(turn.message.text, c.text))
    if similarity(turn.message.text, best.text) == 0:
        best = next((c for c in cases if c.status in CaseStatus.OPEN), cases[0])
    _answer(turn, best)
