"""polls, ballots, meetings, rsvps

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community", sa.String(length=200), nullable=False),
        sa.Column("room", sa.String(length=200), nullable=True),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("organiser", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_room"), ["room"], unique=False)

    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community", sa.String(length=200), nullable=False),
        sa.Column("room", sa.String(length=200), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("creator", sa.String(length=200), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("quorum", sa.Double(), nullable=True),
        sa.Column("scope_building", sa.String(length=16), nullable=True),
        sa.Column("scope_unit", sa.String(length=16), nullable=True),
        sa.Column("eligible_households", sa.Integer(), nullable=True),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_polls_room"), ["room"], unique=False)

    op.create_table(
        "ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("household", sa.String(length=32), nullable=False),
        sa.Column("voter", sa.String(length=200), nullable=False),
        sa.Column("option", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed", sa.Boolean(), nullable=False),
        sa.Column("acked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("poll_id", "household", name="uq_ballots_household"),
    )
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ballots_poll_id"), ["poll_id"], unique=False)

    op.create_table(
        "rsvps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=200), nullable=False),
        sa.Column("answer", sa.String(length=8), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "person", name="uq_rsvps_person"),
    )
    with op.batch_alter_table("rsvps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rsvps_meeting_id"), ["meeting_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rsvps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rsvps_meeting_id"))

    op.drop_table("rsvps")
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ballots_poll_id"))

    op.drop_table("ballots")
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_polls_room"))

    op.drop_table("polls")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_room"))

    op.drop_table("meetings")
