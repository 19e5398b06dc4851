"""The three 接诉即办 rates (响应率, 解决率, 满意率) by community and building; the daily digest."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot import strings
from bot.store.models import Case, CaseStatus, Timer
from bot.store.timers import arm
from bot.turn import Context, Turn

DIGEST = "daily_digest"


@dataclass
class Rates:
    """Counts for one community or building over a period; the rates are derived, never stored."""

    name: str
    cases: int = 0
    responded_on_time: int = 0
    resolved: int = 0
    rated: int = 0
    satisfied: int = 0

    @staticmethod
    def _pct(part: int, whole: int) -> str:
        return f"{100 * part / whole:.0f}%" if whole else "—"

    @property
    def response_rate(self) -> str:
        return self._pct(self.responded_on_time, self.cases)

    @property
    def resolution_rate(self) -> str:
        return self._pct(self.resolved, self.cases)

    @property
    def satisfaction_rate(self) -> str:
        return self._pct(self.satisfied, self.rated)

    def row(self) -> tuple[str, int, str, str, str]:
        return (self.name, self.cases, self.response_rate, self.resolution_rate, self.satisfaction_rate)


async def compute_rates(
    session: AsyncSession, start: datetime, end: datetime, *, community: str | None = None
) -> list[Rates]:
    """For cases filed in [start, end): one row per community, then one per building within it.

    响应率: responded (accepted, or any first staff action) before the response deadline.
    解决率: resolved or closed. 满意率: of the households that rated, 满意 or 基本满意.
    """
    query = (
        select(Case)
        .where(Case.created_at >= start, Case.created_at < end)
        .options(selectinload(Case.reports))
        .order_by(Case.community, Case.building)
    )
    if community is not None:
        query = query.where(Case.community == community)
    rows: dict[str, Rates] = {}
    for case in (await session.scalars(query)).all():
        keys = [case.community, f"{case.community} {case.building}号楼" if case.building else None]
        for key in filter(None, keys):
            r = rows.setdefault(key, Rates(key))
            r.cases += 1
            on_time = case.accepted_at is not None and (
                case.respond_due is None or case.accepted_at <= case.respond_due
            )
            r.responded_on_time += on_time
            r.resolved += case.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED)
            ratings = [rep.rating for rep in case.reports if rep.rating]
            r.rated += len(ratings)
            r.satisfied += sum(rating != "不满意" for rating in ratings)
    return list(rows.values())


def period(text: str, now: datetime) -> tuple[datetime, datetime, str] | None:
    """本月 / 上月 / 本周 / 今天 / 昨天 / 2026-11-01到2026-11-30, in local time; None when unreadable."""
    tz = now.tzinfo
    today = now.date()

    def span(a: date, b: date, title: str) -> tuple[datetime, datetime, str]:
        return datetime.combine(a, time(), tz), datetime.combine(b, time(), tz), title

    text = text.strip() or "本月"
    month_start = today.replace(day=1)
    if text == "本月":
        return span(month_start, today + timedelta(days=1), f"{today.month}月至今")
    if text == "上月":
        last = (month_start - timedelta(days=1)).replace(day=1)
        return span(last, month_start, f"{last.month}月")
    if text == "本周":
        monday = today - timedelta(days=today.weekday())
        return span(monday, today + timedelta(days=1), "本周")
    if text in ("今天", "昨天"):
        day = today - timedelta(days=text == "昨天")
        return span(day, day + timedelta(days=1), text)
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*(?:到|至|~|-{1,2})\s*(\d{4}-\d{2}-\d{2})", text)
    if m:
        a, b = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        return span(a, b + timedelta(days=1), f"{a}至{b}")
    return None


async def rates_command(turn: Turn) -> None:
    assert turn.match is not None
    found = period(turn.match.group("period") or "", turn.local(turn.now))
    if found is None:
        turn.reply(strings.usage(strings.RATES_EXAMPLE))
        return
    start, end, title = found
    rows = await compute_rates(turn.session, start, end)
    turn.reply(strings.rates_report(strings.rates_title(title), [r.row() for r in rows]))


def _next_digest(ctx: Context, after: datetime) -> datetime | None:
    at = ctx.directory.data.digest_at
    if at is None:
        return None
    local = ctx.local(after)
    moment = datetime.combine(local.date(), at, ZoneInfo(ctx.directory.timezone))
    return moment if moment > local else moment + timedelta(days=1)


def _day_key(moment: datetime) -> int:
    return int(moment.strftime("%Y%m%d"))


async def ensure_digest(ctx: Context) -> None:
    """At start: make sure tomorrow's (or today's) digest is armed, exactly once."""
    pending = await ctx.session.scalar(
        select(func.count())
        .select_from(Timer)
        .where(Timer.kind == DIGEST, Timer.fired_at.is_(None), Timer.cancelled.is_(False))
    )
    due = _next_digest(ctx, ctx.now)
    if not pending and due is not None:
        await arm(ctx.session, DIGEST, _day_key(due), due)


async def daily_digest(ctx: Context, day_key: int) -> None:
    """One message a day to each community staff member: yesterday's cases, what is open, the rates."""
    now = ctx.local(ctx.now)
    today = datetime.combine(now.date(), time(), now.tzinfo)
    month_start = today.replace(day=1)
    month = {r.name: r for r in await compute_rates(ctx.session, month_start, today + timedelta(days=1))}
    cases = (await ctx.session.scalars(select(Case).where(Case.status.in_(CaseStatus.OPEN)))).all()
    open_by: dict[str, int] = defaultdict(int)
    overdue_by: dict[str, int] = defaultdict(int)
    for case in cases:
        open_by[case.community] += 1
        overdue_by[case.community] += bool(case.resolve_due and case.resolve_due < ctx.now)
    new_by = dict(
        (
            await ctx.session.execute(
                select(Case.community, func.count())
                .where(Case.created_at >= today - timedelta(days=1), Case.created_at < today)
                .group_by(Case.community)
            )
        ).all()
    )
    for community in ctx.directory.data.communities:
        if not open_by[community.name] and not new_by.get(community.name):
            continue  # nothing to report: no message rather than a daily row of zeros
        r = month.get(community.name, Rates(community.name))
        summary = f"响应率{r.response_rate},解决率{r.resolution_rate},满意率{r.satisfaction_rate}"
        text = strings.daily_digest(
            now.strftime("%m月%d日"),
            community.name,
            int(new_by.get(community.name, 0)),
            open_by[community.name],
            overdue_by[community.name],
            summary,
        )
        for staff in community.staff:
            ctx.tell(staff.name, text)
    due = _next_digest(ctx, ctx.now + timedelta(minutes=1))
    if due is not None:
        await arm(ctx.session, DIGEST, _day_key(due), due)
