"""Council meetings: scheduled by council members or staff, requested by residents, announced in the group,
a 接龙 of 参加 / 请假, reminders 24 h and 2 h before, minutes whose action items become cases."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from actions.cases import arm_resolve, record
from actions.complaints import new_case_number
from actions.polls import looks_like_an_answer
from bot import strings
from bot.store.models import Case, CaseReport, CaseStatus, Meeting, MeetingStatus, Rsvp
from bot.store.timers import arm, arm_once, cancel
from bot.turn import Context, Turn
from nlu.entities import find_entities
from nlu.shape import resolve_time
from nlu.timeparse import Moment

ORGANISERS = ("council", "staff")
ACK_DELAY = timedelta(minutes=2)
DRAFT_WINDOW = timedelta(hours=24)

MEETING_ACK = "meeting_ack"
MEETING_24H = "meeting_24h"
MEETING_2H = "meeting_2h"

_TOPIC = re.compile(
    r"(?:讨论|商量|议题|主题|关于|说说|研究|聊聊)\s*[:：]?\s*(?:一下)?(?P<topic>[^,，。!！;；\n]+)"
)
_COMING = re.compile(r"^(?:我|我们|我家|本人)?\s*(?:\+1\s*)?(?:参加|报名|会来|能来|准时到|一定到|到场)")
_APOLOGY = re.compile(r"请假|来不了|不参加|去不了|参加不了|有事不能")
_CODE = re.compile(r"(?<![A-Za-z0-9])[Mm](\d+)(?![0-9])")
_ACTION_ITEM = re.compile(
    r"^\s*(?:待办|行动项|事项|任务)\s*\d*\s*[:：]\s*(?P<what>.+?)\s*[,，]?\s*(?:负责人|由)\s*[:：]?\s*"
    r"(?P<owner>[^\s,，:：\d]+?)(?:负责)?(?:\s+|\s*[,，]\s*|(?=\d)|$)(?P<when>[^,，]*?)\s*(?:前|之前)?(?:完成)?\s*$"
)


def _topic(text: str) -> str:
    m = _TOPIC.search(text)
    topic = m.group("topic") if m else text
    return re.sub(r"^@\S+\s*", "", topic).strip(" 的事") or text


def _council_of(turn: Turn, community: str) -> list[str]:
    found = turn.directory.community(community)
    buildings = {g.building for g in found.groups} if found else set()
    council = [p for p in turn.directory.data.people if p.role == "council"]
    mine = [p.name for p in council if p.household and p.household.split("-")[0] in buildings]
    return mine or [p.name for p in council]


async def on_meeting_request(turn: Turn) -> None:
    entities = turn.understanding.entities
    room = turn.group
    community = turn.directory.community_of(room, turn.sender).name
    meeting = Meeting(
        community=community,
        room=room,
        topic=_topic(turn.message.text),
        place=entities.get("place"),
        organiser=turn.sender,
        status=MeetingStatus.REQUESTED,
        created_at=turn.now,
    )
    turn.session.add(meeting)
    await turn.session.flush()
    if turn.role not in ORGANISERS:
        for member in _council_of(turn, community):
            turn.tell(
                member,
                strings.meeting_request_for_council(meeting.code, turn.sender, turn.room, turn.message.text),
            )
        turn.reply(strings.meeting_requested(meeting.code))
        return
    if "datetime" not in entities:
        meeting.status = MeetingStatus.DRAFT
        turn.reply(strings.MEETING_ASK_TIME)
        return
    meeting.starts_at = datetime.fromisoformat(entities["datetime"])
    await _schedule(turn, meeting)


async def _schedule(ctx: Context, meeting: Meeting) -> None:
    assert meeting.starts_at is not None
    meeting.status = MeetingStatus.SCHEDULED
    if meeting.room:
        ctx.post(
            meeting.room,
            strings.meeting_notice(meeting.code, meeting.topic, ctx.local(meeting.starts_at), meeting.place),
        )
    for kind, before in ((MEETING_24H, timedelta(hours=24)), (MEETING_2H, timedelta(hours=2))):
        if meeting.starts_at - before > ctx.now:
            await arm(ctx.session, kind, meeting.id, meeting.starts_at - before)


def _when_and_place(text: str, ctx: Context) -> tuple[Moment | None, str | None]:
    moment = resolve_time(text, ctx.local(ctx.now))
    place = next((s.value for s in find_entities(text) if s.key == "place"), None)
    return (moment if moment and moment.has_clock and moment.value > ctx.now else None), place


async def answer_time_question(turn: Turn) -> bool:
    """The organiser's answer to 请问几点开会 schedules the waiting meeting."""
    if not looks_like_an_answer(turn):
        return False
    meeting = await turn.session.scalar(
        select(Meeting)
        .where(
            Meeting.status == MeetingStatus.DRAFT,
            Meeting.organiser == turn.sender,
            Meeting.created_at >= turn.now - DRAFT_WINDOW,
        )
        .order_by(Meeting.id.desc())
        .limit(1)
    )
    if meeting is None:
        return False
    moment, place = _when_and_place(turn.message.text, turn)
    if moment is None:
        return False
    meeting.starts_at = moment.value
    meeting.place = place or meeting.place
    await _schedule(turn, meeting)
    return True


async def _meeting_for(turn: Turn, statuses: tuple[str, ...], *, quiet: bool = False) -> Meeting | None:
    code = _CODE.search(turn.message.text)
    query = select(Meeting).where(Meeting.status.in_(statuses)).options(selectinload(Meeting.rsvps))
    if code:
        query = query.where(Meeting.id == int(code.group(1)))
    elif turn.room is not None:
        query = query.where(Meeting.room == turn.room)
    else:
        query = query.where(Meeting.organiser == turn.sender)
    found = list((await turn.session.scalars(query.order_by(Meeting.id.desc()))).all())
    if len(found) == 1 or (found and code is None and not quiet):
        return found[0]
    if not quiet:
        turn.reply(strings.meeting_not_found(code.group(0).upper() if code else None))
    return None


async def rsvp(turn: Turn) -> bool:
    """参加 / 请假 said in a group with one upcoming meeting joins its 接龙."""
    text = turn.message.text.strip()
    if turn.room is None or len(text) > 12:
        return False
    answer = "请假" if _APOLOGY.search(text) else ("参加" if _COMING.search(text) else None)
    if answer is None:
        return False
    meetings = [
        m
        for m in (
            await turn.session.scalars(
                select(Meeting)
                .where(Meeting.room == turn.room, Meeting.status == MeetingStatus.SCHEDULED)
                .options(selectinload(Meeting.rsvps))
            )
        ).all()
        if m.starts_at and m.starts_at > turn.now
    ]
    if len(meetings) != 1:
        return False
    meeting = meetings[0]
    existing = next((r for r in meeting.rsvps if r.person == turn.sender), None)
    if existing is None:
        meeting.rsvps.append(Rsvp(person=turn.sender, answer=answer, at=turn.now))
    elif existing.answer != answer:
        existing.answer, existing.at, existing.acked_at = answer, turn.now, None
    await arm_once(turn.session, MEETING_ACK, meeting.id, turn.now + ACK_DELAY)
    return True


async def _load(ctx: Context, meeting_id: int) -> Meeting | None:
    return await ctx.session.scalar(
        select(Meeting).where(Meeting.id == meeting_id).options(selectinload(Meeting.rsvps))
    )


def _lists(meeting: Meeting) -> tuple[list[str], list[str]]:
    coming = [r.person for r in meeting.rsvps if r.answer == "参加"]
    return coming, [r.person for r in meeting.rsvps if r.answer == "请假"]


async def ack_rsvps(ctx: Context, meeting_id: int) -> None:
    meeting = await _load(ctx, meeting_id)
    if meeting is None or meeting.room is None or meeting.status != MeetingStatus.SCHEDULED:
        return
    for r in meeting.rsvps:
        r.acked_at = r.acked_at or ctx.now
    ctx.post(meeting.room, strings.rsvp_ack(meeting.code, meeting.topic, *_lists(meeting)))


async def remind(ctx: Context, meeting_id: int) -> None:
    meeting = await _load(ctx, meeting_id)
    if (
        meeting is None
        or meeting.status != MeetingStatus.SCHEDULED
        or not meeting.room
        or not meeting.starts_at
    ):
        return
    coming, _ = _lists(meeting)
    text = strings.meeting_reminder(
        meeting.code, meeting.topic, ctx.local(meeting.starts_at), meeting.place, len(coming)
    )
    ctx.post(meeting.room, text)


async def confirm(turn: Turn) -> None:
    """A council member takes up a resident's request: 确认会议 M3 周六上午10点 会客厅."""
    meeting = await _meeting_for(turn, (MeetingStatus.REQUESTED, MeetingStatus.DRAFT))
    if meeting is None:
        return
    assert turn.match is not None
    moment, place = _when_and_place(turn.match.group("rest"), turn)
    meeting.place = place or meeting.place
    if moment is None:
        meeting.status = MeetingStatus.DRAFT
        meeting.organiser = turn.sender
        turn.reply(strings.MEETING_ASK_TIME)
        return
    meeting.organiser = turn.sender
    meeting.starts_at = moment.value
    await _schedule(turn, meeting)


async def cancel_meeting(turn: Turn) -> None:
    meeting = await _meeting_for(
        turn, (MeetingStatus.SCHEDULED, MeetingStatus.DRAFT, MeetingStatus.REQUESTED)
    )
    if meeting is None:
        return
    meeting.status = MeetingStatus.CANCELLED
    for kind in (MEETING_ACK, MEETING_24H, MEETING_2H):
        await cancel(turn.session, kind, meeting.id)
    if meeting.room:
        turn.post(meeting.room, strings.meeting_cancelled(meeting.code, meeting.topic))


async def minutes(turn: Turn) -> None:
    """会议纪要 M3 + lines; each "待办:事项 负责人:某某 12月10日前" line becomes a case with an owner."""
    meeting = await _meeting_for(turn, (MeetingStatus.SCHEDULED, MeetingStatus.DONE))
    if meeting is None:
        return
    assert turn.match is not None
    body = turn.match.group("body").strip()
    kept, items = [], []
    for line in body.splitlines():
        m = _ACTION_ITEM.match(line)
        if m is None:
            kept.append(line)
            continue
        due = resolve_time(m.group("when"), turn.local(turn.now)) if m.group("when") else None
        deadline = due.value if due and due.value > turn.now else turn.now + timedelta(days=7)
        case = await _file_action_item(turn, meeting, m.group("what"), m.group("owner"), deadline)
        items.append(strings.action_item_line(case.number, case.text, m.group("owner"), turn.local(deadline)))
    meeting.minutes = body
    meeting.status = MeetingStatus.DONE
    if meeting.room:
        turn.post(meeting.room, strings.meeting_minutes(meeting.code, meeting.topic, "\n".join(kept), items))
    if turn.room != meeting.room:
        turn.reply(strings.meeting_done(meeting.code))


async def _file_action_item(turn: Turn, meeting: Meeting, what: str, owner: str, deadline: datetime) -> Case:
    placement = turn.directory.placement(meeting.room) if meeting.room else None
    case = Case(
        number=await new_case_number(turn.session, turn.now, turn.directory.timezone),
        category="other",
        urgent=False,
        status=CaseStatus.ACCEPTED,
        community=meeting.community,
        group_room=meeting.room,
        building=placement.group.building if placement else None,
        text=what,
        reporter=turn.sender,
        household=turn.directory.household(turn.sender),
        handler=owner,
        created_at=turn.now,
        accepted_at=turn.now,
        respond_due=turn.now,
        resolve_due=deadline,
    )
    case.reports.append(CaseReport(reporter=turn.sender, household=case.household, room=None, at=turn.now))
    record(case, turn, turn.sender, "created", CaseStatus.ACCEPTED, strings.audit_action_item(meeting.code))
    turn.session.add(case)
    await turn.session.flush()
    await arm_resolve(turn.session, case, turn.now)
    turn.tell(owner, strings.action_item_for_owner(case.number, meeting.code, what, turn.local(deadline)))
    return case


COMMANDS = [
    (r"确认会议\s*[Mm]\d+\s*(?P<rest>.*)", confirm, ORGANISERS),
    (r"(?s)会议纪要\s*(?:[Mm]\d+)?\s*(?P<body>.+)", minutes, ORGANISERS),
    (r"取消会议\s*(?:[Mm]\d+)?", cancel_meeting, ORGANISERS),
]
