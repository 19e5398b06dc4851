"""Shared fixtures: the example community, real databases (SQLite, PostgreSQL) and the real NLU service."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.community import Directory, load_community
from bot.nlu_service import LocalNluService, answers
from bot.store.db import make_engine, make_sessions, migrate
from tests.ports import free_port
from tests.replaying import EXAMPLE_COMMUNITY

PG_DSN = os.environ.get("TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")


def _postgres_up() -> bool:
    try:
        with psycopg.connect(PG_DSN, connect_timeout=2):
            return True
    except psycopg.Error:
        return False


POSTGRES_UP = _postgres_up()


@pytest.fixture
def directory() -> Directory:
    return load_community(EXAMPLE_COMMUNITY)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if not POSTGRES_UP:
        pytest.skip(f"no PostgreSQL answers at {PG_DSN}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{PG_DSN}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
async def session(db_url: str) -> AsyncIterator[AsyncSession]:
    """A session inside a transaction that is rolled back after the test."""
    engine = make_engine(db_url)
    await migrate(engine)
    async with engine.connect() as conn:
        transaction = await conn.begin()
        async with AsyncSession(bind=conn, join_transaction_mode="create_savepoint") as s:
            yield s
        await transaction.rollback()
    await engine.dispose()


@pytest.fixture
async def sessions(db_url: str):
    engine = make_engine(db_url)
    await migrate(engine)
    yield make_sessions(engine)
    await engine.dispose()


@pytest.fixture(scope="session")
def nlu_url() -> Iterator[str]:
    """The real Rasa NLU service with the trained model: an already running one, or one started here."""
    url = os.environ.get("NLU_URL")
    if url and answers(url):
        yield url
        return
    port = int(os.environ.get("TEST_NLU_PORT") or free_port())
    with LocalNluService(port=port) as service:
        yield service.url
