"""group bindings

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "group_bindings",
        sa.Column("room", sa.String(length=200), nullable=False),
        sa.Column("community", sa.String(length=200), nullable=True),
        sa.Column("building", sa.String(length=16), nullable=True),
        sa.Column("bound_by", sa.String(length=200), nullable=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("greeted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("room"),
    )


def downgrade() -> None:
    op.drop_table("group_bindings")
