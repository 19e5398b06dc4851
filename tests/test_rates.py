"""The three rates computed from the store for a small known history, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from actions.rates import compute_rates, period
from bot.store.models import Case, CaseReport

T0 = datetime.fromisoformat("2026-11-02T09:00:00+08:00")


def case(
    n: int, building: str, *, accepted_after: float | None, status: str, ratings: list[str | None]
) -> Case:
    created = T0 + timedelta(days=n)
    c = Case(
        number=f"Q202611{n:02d}-0001", category="property", status=status, community="毛纺北社区",
        building=building, text="t", reporter=f"r{n}", created_at=created,
        respond_due=created + timedelta(hours=2), resolve_due=created + timedelta(days=7),
        accepted_at=created + timedelta(hours=accepted_after) if accepted_after is not None else None,
    )  # fmt: skip
    c.reports = [
        CaseReport(reporter=f"r{n}-{i}", household=f"{building}-1-{i}01", at=created, rating=rating)
        for i, rating in enumerate(ratings)
    ]
    return c


async def test_rates_for_a_known_history(session: AsyncSession) -> None:
    session.add_all(
        [
            case(1, "3", accepted_after=1, status="resolved", ratings=["满意", "基本满意"]),
            case(2, "3", accepted_after=3, status="closed", ratings=["不满意"]),  # responded late
            case(3, "5", accepted_after=0.5, status="in_progress", ratings=[None]),
            case(4, "5", accepted_after=None, status="new", ratings=[None]),  # nobody responded
            case(40, "5", accepted_after=1, status="resolved", ratings=["满意"]),  # outside the period
        ]
    )
    await session.flush()
    start, end, _ = period("2026-11-01到2026-11-30", T0)
    rows = {r.name: r.row() for r in await compute_rates(session, start, end)}
    assert rows == {
        "毛纺北社区": ("毛纺北社区", 4, "50%", "50%", "67%"),
        "毛纺北社区 3号楼": ("毛纺北社区 3号楼", 2, "50%", "100%", "67%"),
        "毛纺北社区 5号楼": ("毛纺北社区 5号楼", 2, "50%", "0%", "—"),
    }


def test_periods() -> None:
    now = datetime.fromisoformat("2026-11-25T10:00:00+08:00")
    start, end, title = period("本月", now)
    assert (start.day, end.day, title) == (1, 26, "11月至今")
    start, end, _ = period("上月", now)
    assert (start.month, start.day, end.month, end.day) == (10, 1, 11, 1)
    start, _, _ = period("本周", now)
    assert start.day == 23
    assert period("明年", now) is None
