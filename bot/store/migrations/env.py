"""Alembic environment: runs on the connection the bot hands it (bot.store.db.migrate)."""

from alembic import context
from sqlalchemy import create_engine

from bot.store.models import Base

config = context.config
connection = config.attributes.get("connection")


def run(conn) -> None:
    context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    # Command-line use (alembic -x url=...): a plain synchronous engine.
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///var/xiaoqing.db")
    with create_engine(url).connect() as conn:
        run(conn)
        conn.commit()
