"""The store on SQLite and PostgreSQL: migrations, aware times, atomic counters, case numbers."""

from __future__ import annotations

import asyncio
from datetime import datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from actions.complaints import new_case_number
from bot.store.counters import next_value
from bot.store.db import make_engine, migrate
from bot.store.models import Base, Message, Outbox


async def test_migrations_build_the_models_schema(db_url: str) -> None:
    engine = make_engine(db_url)
    await migrate(engine)
    await migrate(engine)  # idempotent: every start runs it
    async with engine.connect() as conn:
        tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    await engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


async def test_migrations_and_models_agree(db_url: str) -> None:
    """A model change without its migration fails here (alembic's autogenerate finds a difference)."""
    engine = make_engine(db_url)
    await migrate(engine)
    async with engine.connect() as conn:
        diff = await conn.run_sync(lambda c: compare_metadata(MigrationContext.configure(c), Base.metadata))
    await engine.dispose()
    assert diff == []


async def test_times_come_back_aware_and_equal(session: AsyncSession) -> None:
    sent = datetime.fromisoformat("2026-11-25T09:30:00+08:00")
    session.add(Message(key="k1", room="r", sender="s", text="t", sent_at=sent))
    await session.flush()
    stored = await session.scalar(select(Message.sent_at).where(Message.key == "k1"))
    assert stored == sent
    assert stored is not None and stored.tzinfo is not None


async def test_counter_counts(session: AsyncSession) -> None:
    assert [await next_value(session, "x") for _ in range(3)] == [1, 2, 3]
    assert await next_value(session, "y") == 1


async def test_case_numbers_follow_the_local_day(session: AsyncSession) -> None:
    late = datetime.fromisoformat("2026-11-25T23:59:00+08:00")
    assert await new_case_number(session, late, "Asia/Shanghai") == "Q20261125-0001"
    assert await new_case_number(session, late, "Asia/Shanghai") == "Q20261125-0002"
    # 16:30 UTC is already the next day in Beijing.
    next_day = datetime.fromisoformat("2026-11-25T16:30:00+00:00")
    assert await new_case_number(session, next_day, "Asia/Shanghai") == "Q20261126-0001"


async def test_concurrent_counters_never_repeat(sessions) -> None:
    async def take() -> int:
        async with sessions.begin() as s:
            return await next_value(s, "busy")

    values = await asyncio.gather(*(take() for _ in range(20)))
    assert sorted(values) == list(range(1, 21))


async def test_outbox_keeps_mentions(session: AsyncSession) -> None:
    now = datetime.fromisoformat("2026-11-25T09:30:00+08:00")
    session.add(Outbox(room="g", mentions=["3-2-502 王姐"], text="hi", created_at=now))
    await session.flush()
    row = await session.scalar(select(Outbox))
    assert row is not None and row.mentions == ["3-2-502 王姐"] and row.sent_at is None
