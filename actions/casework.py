"""Staff move cases along with short chat commands: 受理, 处理中, 办结, 关闭, 退回, 重办, 吹哨, 转派."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from actions.cases import (
    arm_resolve,
    disarm_resolve,
    disarm_respond,
    find_case,
    record,
    tell_reporters,
    where,
)
from bot import strings
from bot.store.models import Case, CaseStatus
from bot.turn import Turn

NUMBER = r"(?P<number>[Qq]\d{8}-\d{4})"
NOTE = r"(?:\s*[:：,，]?\s*(?P<note>.+))?"

S = CaseStatus


@dataclass(frozen=True)
class Move:
    """One command: its name (a key of strings.MOVE_VERBS), the status it leads to, and from where."""

    name: str
    to_status: str
    from_statuses: tuple[str, ...]
    notify: Callable[[Case], str] | None


def _accepted(case: Case) -> str:
    return strings.resident_accepted(case.number, case.handler or "")


def _started(case: Case) -> str:
    return strings.resident_in_progress(case.number)


def _reopened(case: Case) -> str:
    return strings.resident_reopened(case.number)


OPEN_NOT_DONE = (S.NEW, S.ACCEPTED, S.IN_PROGRESS, S.REOPENED)
MOVES = {
    "accept": Move("accept", S.ACCEPTED, (S.NEW, S.REOPENED), _accepted),
    "start": Move("start", S.IN_PROGRESS, (S.NEW, S.ACCEPTED, S.REOPENED), _started),
    "resolve": Move("resolve", S.RESOLVED, OPEN_NOT_DONE, None),
    "close": Move("close", S.CLOSED, (S.RESOLVED, S.REJECTED), None),
    "reject": Move("reject", S.REJECTED, OPEN_NOT_DONE, None),
    "reopen": Move("reopen", S.REOPENED, (S.RESOLVED, S.CLOSED, S.REJECTED), _reopened),
}


async def _case_for_staff(turn: Turn) -> Case | None:
    """The case the command names, if it exists and the sender may work it (else they are told why)."""
    assert turn.match is not None
    number = turn.match.group("number").upper()
    case = await find_case(turn.session, number)
    if case is None:
        turn.reply(strings.case_not_found(number))
        return None
    if not turn.directory.may_work_cases(turn.sender, case.community):
        turn.reply(strings.NOT_ALLOWED)
        return None
    return case


def _note(turn: Turn) -> str:
    assert turn.match is not None
    return (turn.match.groupdict().get("note") or "").strip()


async def _move(turn: Turn, name: str) -> Case | None:
    move = MOVES[name]
    case = await _case_for_staff(turn)
    if case is None:
        return None
    if case.status not in move.from_statuses:
        turn.reply(strings.bad_transition(case.number, case.status, strings.MOVE_VERBS[move.name]))
        return None
    first_response = case.accepted_at is None and move.to_status != S.REOPENED
    record(case, turn, turn.sender, name, move.to_status, _note(turn) or None)
    if first_response:
        case.accepted_at = turn.now
        if case.handler is None:
            case.handler = turn.sender
        await disarm_respond(turn.session, case)
    turn.reply(strings.staff_done(case.number, case.status))
    if move.notify is not None:
        tell_reporters(turn, case, move.notify(case))
    return case


def _simple(name: str) -> Callable[[Turn], Awaitable[None]]:
    async def handler(turn: Turn) -> None:
        await _move(turn, name)

    return handler


async def resolve(turn: Turn) -> None:
    case = await _move(turn, "resolve")
    if case is None:
        return
    case.resolution = _note(turn) or strings.DEFAULT_RESOLUTION
    case.resolved_at = turn.now
    await disarm_resolve(turn.session, case)
    tell_reporters(turn, case, strings.resident_resolved(case.number, case.resolution))
    # The callback: each reporting household is asked, privately, how it went.
    asked: set[str] = set()
    for report in case.reports:
        key = report.household or report.reporter
        if key in asked:
            continue
        asked.add(key)
        report.asked_at = turn.now
        report.rating = None
        turn.tell(report.reporter, strings.callback_question(case.number, case.text, case.resolution))


async def reject(turn: Turn) -> None:
    case = await _move(turn, "reject")
    if case is None:
        return
    await disarm_resolve(turn.session, case)
    tell_reporters(
        turn, case, strings.resident_rejected(case.number, _note(turn) or strings.DEFAULT_REJECTION)
    )


async def reopen(turn: Turn) -> None:
    case = await _move(turn, "reopen")
    if case is not None:
        await reopen_deadlines(turn, case)


async def reopen_deadlines(turn: Turn, case: Case) -> None:
    """A reopened case gets a fresh resolution deadline, with its reminder and whistle."""
    sla = turn.directory.sla(case.category, case.urgent)
    case.resolve_due = turn.now + timedelta(hours=sla.resolve)
    case.resolved_at = None
    await arm_resolve(turn.session, case, turn.now)


async def close(turn: Turn) -> None:
    await _move(turn, "close")


async def whistle(turn: Turn) -> None:
    """吹哨: staff send the case to the street level now, without waiting for the deadline."""
    case = await _case_for_staff(turn)
    if case is None:
        return
    people = turn.directory.street_handlers(case.category)
    if not people:
        turn.reply(strings.NO_STREET_STAFF)
        return
    reason = strings.whistle_by_staff(turn.sender, _note(turn))
    case.escalation_level = max(case.escalation_level, 2)
    record(case, turn, turn.sender, "whistle", None, reason)
    for person in people:
        turn.tell(person, strings.second_whistle(case.number, case.community, where(case), case.text, reason))
    turn.reply(strings.whistled(case.number, people))


async def reassign(turn: Turn) -> None:
    case = await _case_for_staff(turn)
    if case is None:
        return
    assert turn.match is not None
    person = turn.match.group("person")
    if not turn.directory.may_work_cases(person, case.community):
        turn.reply(strings.usage(strings.REASSIGN_EXAMPLE))
        return
    record(case, turn, turn.sender, "reassign", None, person)
    case.handler = person
    turn.tell(
        person,
        strings.case_for_handler(
            case.number, case.category, case.urgent, where(case), case.text, case.reporter,
            turn.local(case.respond_due or turn.now), turn.local(case.resolve_due or turn.now),
        ),
    )  # fmt: skip
    turn.reply(strings.reassigned(case.number, person))


async def my_cases(turn: Turn) -> None:
    cases = (
        await turn.session.scalars(
            select(Case).where(Case.handler == turn.sender, Case.status.in_(S.OPEN)).order_by(Case.created_at)
        )
    ).all()
    lines = [
        f"{c.number} {strings.CATEGORY_NAMES[c.category]} {where(c)} {strings.STATUS_NAMES[c.status]}"
        for c in cases
    ]
    turn.reply(strings.my_open_cases(lines))


async def staff_help(turn: Turn) -> None:
    turn.reply(strings.STAFF_HELP)


async def malformed(turn: Turn) -> None:
    turn.reply(strings.usage(strings.ACCEPT_EXAMPLE) + "\n" + strings.STAFF_HELP)


COMMANDS: list[tuple[str, Callable[[Turn], Awaitable[None]]]] = [
    (rf"(?:受理|接单)\s*{NUMBER}{NOTE}", _simple("accept")),
    (rf"(?:处理中|开始处理)\s*{NUMBER}{NOTE}", _simple("start")),
    (rf"(?:办结|已办结|完成)\s*{NUMBER}{NOTE}", resolve),
    (rf"关闭\s*{NUMBER}{NOTE}", close),
    (rf"(?:退回|驳回)\s*{NUMBER}{NOTE}", reject),
    (rf"(?:重办|重新办理|重开)\s*{NUMBER}{NOTE}", reopen),
    (rf"吹哨\s*{NUMBER}{NOTE}", whistle),
    (rf"转派\s*{NUMBER}\s*(?:给|到)?\s*(?P<person>\S+)", reassign),
    (r"(?:我的工单|工单列表)", my_cases),
    (r"(?:工单命令|工单帮助|命令)", staff_help),
    # A command word with a wrong or missing number: say how, never stay silent.
    (r"(?:受理|接单|处理中|办结|关闭|退回|驳回|重办|吹哨|转派)(?:\s*[Qq]\S*.*)?", malformed),
]
