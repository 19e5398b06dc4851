"""The database away for a while: what residents say is kept, stored and handled once it is back."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import psycopg
import pytest
from sqlalchemy import func, select

from bot.app import STORE_ERRORS, build_bot, open_parts
from bot.clock import VirtualClock
from bot.community import Directory
from bot.store.models import Case
from tests.conftest import PG_DSN, POSTGRES_UP
from tests.test_pipeline import T0, complaint, recorder

pytestmark = [
    pytest.mark.nlu,
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_UP, reason=f"no PostgreSQL answers at {PG_DSN}"),
]


class TcpHop:
    """A real TCP hop between the bot and PostgreSQL that the test cuts and restores."""

    def __init__(self, target: tuple[str, int] = ("127.0.0.1", 5432)) -> None:
        self._target = target
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []
        self.port = 0

    async def open(self) -> None:
        self._server = await asyncio.start_server(self._connect, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self._target)
        self._writers += [writer, up_writer]

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in self._writers:
            writer.transport.abort()
        self._writers.clear()
        await self._server.wait_closed()


@pytest.fixture
async def hop() -> AsyncIterator[TcpHop]:
    hop = TcpHop()
    await hop.open()
    yield hop
    await hop.cut()


async def test_messages_said_while_the_database_is_down_are_kept(
    hop: TcpHop, nlu_url: str, directory: Directory
) -> None:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = f"postgresql://postgres@127.0.0.1:{hop.port}/test?options=-csearch_path%3D{schema}"
    sent, send = recorder()
    try:
        async with open_parts(url, nlu_url) as parts:
            bot = build_bot(parts, directory, VirtualClock(T0), send)
            await bot.on_message(complaint("wx-1"))
            await bot.step()

            await hop.cut()
            assert await bot.on_message(complaint("wx-2", "5号楼楼道里堆满了纸箱子 好几天没人清")) is False
            with pytest.raises(STORE_ERRORS):
                await bot.step()

            await hop.open()
            await bot.step()
            async with parts.sessions() as s:
                cases = await s.scalar(select(func.count()).select_from(Case))
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
    assert cases == 2
    assert [m.mentions for m in sent if m.room] == [("3-2-502 王姐",), ("3-2-502 王姐",)]
