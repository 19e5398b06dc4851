"""Atomic named counters: one statement, safe against two writers on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import Counter


async def next_value(session: AsyncSession, key: str) -> int:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Counter).values(key=key, value=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[Counter.key], set_={"value": Counter.value + 1}
    ).returning(Counter.value)
    return int((await session.execute(stmt)).scalar_one())
