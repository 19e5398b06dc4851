"""The case store's tables: raw messages, cases and their audit trail, the outbox, counters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, TypeDecorator, UniqueConstraint
from sqlalchemy import DateTime as SADateTime
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware datetimes out, stored as UTC on every backend.

    SQLite keeps no offset, so without this a value read back would be naive
    and compare wrongly with the clock's aware times.
    """

    impl = SADateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; attach a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


class MessageStatus:
    PENDING = "pending"
    HANDLED = "handled"
    FAILED = "failed"


class Message(Base):
    """Every message a resident sent, stored before anything else happens to it."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    room: Mapped[str | None] = mapped_column(String(200))
    sender: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    mentions_bot: Mapped[bool] = mapped_column(default=False)
    sent_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default=MessageStatus.PENDING, index=True)
    intent: Mapped[str | None] = mapped_column(String(32))
    nlu: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)
    handled_at: Mapped[datetime | None]


class CaseStatus:
    NEW = "new"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REJECTED = "rejected"
    REOPENED = "reopened"

    OPEN = (NEW, ACCEPTED, IN_PROGRESS, REOPENED)


class Case(Base):
    """A problem on file: what, where, who reported it, who handles it, by when."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_open_place", "community", "building", "category", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    category: Mapped[str] = mapped_column(String(32))
    urgent: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.NEW)
    community: Mapped[str] = mapped_column(String(200))
    group_room: Mapped[str | None] = mapped_column(String(200))
    building: Mapped[str | None] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(String(16))
    room_no: Mapped[str | None] = mapped_column(String(16))
    place: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    reporter: Mapped[str] = mapped_column(String(200))
    household: Mapped[str | None] = mapped_column(String(32))
    handler: Mapped[str | None] = mapped_column(String(200))
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    respond_due: Mapped[datetime | None]
    resolve_due: Mapped[datetime | None]
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    accepted_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(Text)
    # Set while the bot waits for the reporter to say where the problem is.
    needs_place: Mapped[bool] = mapped_column(default=False)

    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )
    reports: Mapped[list[CaseReport]] = relationship(
        back_populates="case", order_by="CaseReport.id", cascade="all, delete-orphan"
    )

    @property
    def households(self) -> list[str]:
        """Who reported it, one entry per household (a reporter with no known household counts alone)."""
        seen: dict[str, None] = {}
        for report in self.reports:
            seen.setdefault(report.household or report.reporter, None)
        return list(seen)


class CaseReport(Base):
    """One household's report of a case: the first one, and every "+1 我家也是" that joined it."""

    __tablename__ = "case_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reporter: Mapped[str] = mapped_column(String(200))
    household: Mapped[str | None] = mapped_column(String(32))
    room: Mapped[str | None] = mapped_column(String(200))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    at: Mapped[datetime]
    # The callback: asked after resolution, answered 满意 / 基本满意 / 不满意.
    asked_at: Mapped[datetime | None]
    rating: Mapped[str | None] = mapped_column(String(16))
    rated_at: Mapped[datetime | None]

    case: Mapped[Case] = relationship(back_populates="reports")


class CaseEvent(Base):
    """The audit trail: each change of a case, with who and when."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="events")


class Timer(Base):
    """Work due at a time (a reminder, a whistle, a poll's close): the source of truth for scheduling.

    Scheduler jobs carry only a timer's id and are rebuilt from this table at
    start; fired_at is set in the same transaction as the work, so a timer
    fires once, however often the bot restarts.
    """

    __tablename__ = "timers"
    __table_args__ = (UniqueConstraint("kind", "ref_id", name="uq_timers_kind_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    ref_id: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(index=True)
    fired_at: Mapped[datetime | None]
    cancelled: Mapped[bool] = mapped_column(default=False)


class Proposal(Base):
    """A resident's suggestion, kept with its topic so campaigns can be counted by theme."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(32), index=True)
    text: Mapped[str] = mapped_column(Text)
    community: Mapped[str] = mapped_column(String(200))
    group_room: Mapped[str | None] = mapped_column(String(200))
    building: Mapped[str | None] = mapped_column(String(16))
    place: Mapped[str | None] = mapped_column(String(100))
    sender: Mapped[str] = mapped_column(String(200))
    household: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))


class PollStatus:
    DRAFT = "draft"  # waiting for the organiser to say when it closes
    OPEN = "open"
    CLOSED = "closed"


class Poll(Base):
    """A household poll in a group: one ballot per household, the latest one counts."""

    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(primary_key=True)
    community: Mapped[str] = mapped_column(String(200))
    room: Mapped[str | None] = mapped_column(String(200), index=True)
    question: Mapped[str] = mapped_column(Text)
    options: Mapped[list[str]]
    status: Mapped[str] = mapped_column(String(16), default=PollStatus.OPEN)
    creator: Mapped[str] = mapped_column(String(200))
    anonymous: Mapped[bool] = mapped_column(default=True)
    quorum: Mapped[float | None]
    # Who may vote: households of a building ("3"), of a unit ("3-2"), or the whole community (None).
    scope_building: Mapped[str | None] = mapped_column(String(16))
    scope_unit: Mapped[str | None] = mapped_column(String(16))
    eligible_households: Mapped[int | None]
    deadline: Mapped[datetime | None]
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]

    ballots: Mapped[list[Ballot]] = relationship(
        back_populates="poll", order_by="Ballot.id", cascade="all, delete-orphan"
    )

    @property
    def code(self) -> str:
        return f"P{self.id}"


class Ballot(Base):
    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("poll_id", "household", name="uq_ballots_household"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), index=True)
    household: Mapped[str] = mapped_column(String(32))
    voter: Mapped[str] = mapped_column(String(200))
    option: Mapped[int] = mapped_column(Integer)  # 0-based index into Poll.options
    at: Mapped[datetime]
    changed: Mapped[bool] = mapped_column(default=False)
    # Set when the batched acknowledgement has mentioned this ballot.
    acked_at: Mapped[datetime | None]

    poll: Mapped[Poll] = relationship(back_populates="ballots")


class MeetingStatus:
    REQUESTED = "requested"  # asked for by a resident, waiting for a council member
    DRAFT = "draft"  # waiting for a time
    SCHEDULED = "scheduled"
    DONE = "done"
    CANCELLED = "cancelled"


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    community: Mapped[str] = mapped_column(String(200))
    room: Mapped[str | None] = mapped_column(String(200), index=True)
    topic: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(100))
    starts_at: Mapped[datetime | None]
    organiser: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    minutes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]

    rsvps: Mapped[list[Rsvp]] = relationship(
        back_populates="meeting", order_by="Rsvp.id", cascade="all, delete-orphan"
    )

    @property
    def code(self) -> str:
        return f"M{self.id}"


class Rsvp(Base):
    """One line of the 接龙: who comes (参加) and who sends apologies (请假)."""

    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("meeting_id", "person", name="uq_rsvps_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    person: Mapped[str] = mapped_column(String(200))
    answer: Mapped[str] = mapped_column(String(8))
    at: Mapped[datetime]
    acked_at: Mapped[datetime | None]

    meeting: Mapped[Meeting] = relationship(back_populates="rsvps")


class GroupBinding(Base):
    """A group the bot was added to: which community and building it serves, and whether it said hello."""

    __tablename__ = "group_bindings"

    room: Mapped[str] = mapped_column(String(200), primary_key=True)
    community: Mapped[str | None] = mapped_column(String(200))
    building: Mapped[str | None] = mapped_column(String(16))
    bound_by: Mapped[str | None] = mapped_column(String(200))
    joined_at: Mapped[datetime]
    greeted_at: Mapped[datetime | None]


class Outbox(Base):
    """What the bot will say, written in the same transaction as the work that caused it.

    A crash between commit and send loses nothing: unsent rows go out on restart.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    room: Mapped[str | None] = mapped_column(String(200))
    to: Mapped[str | None] = mapped_column(String(200))
    mentions: Mapped[list[str]] = mapped_column(default=list)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)


class Counter(Base):
    """Named sequences, such as the daily case number."""

    __tablename__ = "counters"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
