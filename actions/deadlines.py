"""Deadlines (接诉即办): reminders before them, the community whistle at a missed response,
the street whistle at a missed resolution (吹哨报到)."""

from __future__ import annotations

from actions.cases import load_case, record, where
from bot import strings
from bot.store.models import CaseStatus
from bot.turn import Context


async def respond_reminder(ctx: Context, case_id: int) -> None:
    case = await load_case(ctx.session, case_id)
    if case is None or case.accepted_at is not None or case.handler is None or case.respond_due is None:
        return
    ctx.tell(case.handler, strings.respond_reminder(case.number, ctx.local(case.respond_due)))


async def respond_due(ctx: Context, case_id: int) -> None:
    """First whistle: nobody responded in time, so every staff member of the community hears it."""
    case = await load_case(ctx.session, case_id)
    if case is None or case.accepted_at is not None or case.status not in CaseStatus.OPEN:
        return
    community = ctx.directory.community(case.community)
    case.escalation_level = max(case.escalation_level, 1)
    record(case, ctx, ctx.directory.bot_name, "whistle_community", None, strings.AUDIT_RESPOND_OVERDUE)
    text = strings.first_whistle(case.number, case.handler, where(case), case.text, len(case.households))
    for staff in community.staff if community else ():
        ctx.tell(staff.name, text)


async def resolve_reminder(ctx: Context, case_id: int) -> None:
    case = await load_case(ctx.session, case_id)
    if case is None or case.status not in CaseStatus.OPEN or case.handler is None or case.resolve_due is None:
        return
    ctx.tell(case.handler, strings.resolve_reminder(case.number, ctx.local(case.resolve_due)))


async def resolve_due(ctx: Context, case_id: int) -> None:
    """Second whistle: not solved in time, so the street staff who handle the category are called in."""
    case = await load_case(ctx.session, case_id)
    if case is None or case.status not in CaseStatus.OPEN:
        return
    case.escalation_level = max(case.escalation_level, 2)
    record(case, ctx, ctx.directory.bot_name, "whistle_street", None, strings.WHISTLE_OVERDUE)
    text = strings.second_whistle(
        case.number, case.community, where(case), case.text, strings.WHISTLE_OVERDUE
    )
    for person in ctx.directory.street_handlers(case.category):
        ctx.tell(person, text)
    if case.handler:
        ctx.tell(case.handler, text)
