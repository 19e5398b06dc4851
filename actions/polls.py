"""Household polls: council members launch them, each household votes once (the latest ballot counts),
acknowledgements come batched, a reminder before the deadline, the result at it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot import strings
from bot.store.models import Ballot, Poll, PollStatus
from bot.store.timers import arm, arm_once, cancel
from bot.turn import Context, Turn
from nlu.polls import clean, parse_ballot
from nlu.shape import resolve_time

DEFAULT_OPTIONS = ["同意", "不同意", "弃权"]
ORGANISERS = ("council", "staff")
# Ballots are acknowledged together a little later: one message for a burst of votes, not one per voter.
ACK_DELAY = timedelta(minutes=2)
DRAFT_WINDOW = timedelta(hours=24)

POLL_ACK = "poll_ack"
POLL_REMINDER = "poll_reminder"
POLL_CLOSE = "poll_close"

_ANONYMOUS = re.compile(r"匿名|不记名|无记名")
_NAMED = re.compile(r"实名|记名|公开每户")
_QUORUM = re.compile(r"(过半|超过一半|半数以上|三分之二|(\d{1,3})\s*%)")
_SCOPE = re.compile(r"(?:仅限|只限|限)\s*(\d+)\s*(?:号楼|栋)(?:\s*(\d+)\s*单元)?")
_COMMUNITY_SCOPE = re.compile(r"全社区|全小区|所有楼|全体住户")
_MENTIONS_DEADLINE = re.compile(r"截止|结束|为止")
_CODE = re.compile(r"(?<![A-Za-z0-9])[Pp](\d+)(?![0-9])")


# An answer to the bot's question is short and means nothing else; "下周三开会" is its own request.
_OWN_MEANING = {"complaint", "proposal", "poll_create", "meeting_request", "case_query", "vote"}


def looks_like_an_answer(turn: Turn) -> bool:
    """Short replies ("周日晚上8点") answer the bot; longer ones only when they mean nothing else."""
    text = turn.message.text.strip()
    return len(text) <= 12 or (turn.understanding.intent not in _OWN_MEANING and len(text) <= 30)


def _quorum(text: str) -> float | None:
    m = _QUORUM.search(text)
    if not m:
        return None
    if m.group(2):
        return min(int(m.group(2)), 100) / 100
    return 2 / 3 if m.group(1) == "三分之二" else 0.5


def option_index(choice: str, options: list[str]) -> int | None:
    """The 0-based option a ballot names: a number, the option's text, or the one option it contains."""
    choice = choice.strip()
    if choice.isdigit():
        i = int(choice) - 1
        return i if 0 <= i < len(options) else None
    if choice in options:
        return options.index(choice)
    inside = [i for i, option in enumerate(options) if option in choice]
    if inside:
        return max(inside, key=lambda i: len(options[i]))  # 不同意 over 同意
    partial = [i for i, option in enumerate(options) if choice in option]
    return partial[0] if len(partial) == 1 else None


def _scope(turn: Turn, text: str) -> tuple[str | None, str | None]:
    m = _SCOPE.search(text)
    if m:
        return m.group(1), m.group(2)
    if _COMMUNITY_SCOPE.search(text):
        return None, None
    placement = turn.directory.placement(turn.room) if turn.room else None
    return (placement.group.building if placement else None), None


def _eligible(turn: Turn, community: str, building: str | None, unit: str | None) -> int | None:
    found = turn.directory.community(community)
    if found is None or unit is not None:
        return None
    groups = [g for g in found.groups if g.building and (building is None or g.building == building)]
    if not groups or any(g.households is None for g in groups):
        return None
    return sum(g.households or 0 for g in groups)


async def on_poll_create(turn: Turn) -> None:
    if turn.role not in ORGANISERS:
        turn.reply(strings.POLL_NOT_ALLOWED)
        return
    room = turn.group
    if room is None:
        turn.reply(strings.POLL_NO_GROUP)
        return
    parsed = turn.understanding.poll or {}
    text = turn.message.text
    deadline = datetime.fromisoformat(parsed["deadline"]) if parsed.get("deadline") else None
    building, unit = _scope(turn, text)
    community = turn.directory.community_of(room, turn.sender).name
    poll = Poll(
        community=community,
        room=room,
        question=(parsed.get("question") or text).strip(),
        options=list(parsed.get("options") or DEFAULT_OPTIONS),
        status=PollStatus.OPEN,
        creator=turn.sender,
        anonymous=not _NAMED.search(text) or bool(_ANONYMOUS.search(text)),
        quorum=_quorum(text),
        scope_building=building,
        scope_unit=unit,
        eligible_households=_eligible(turn, community, building, unit),
        deadline=deadline,
        created_at=turn.now,
    )
    turn.session.add(poll)
    await turn.session.flush()
    if deadline is None and _MENTIONS_DEADLINE.search(text):
        # A deadline was meant but not understood: ask, never guess.
        poll.status = PollStatus.DRAFT
        turn.reply(strings.POLL_ASK_DEADLINE)
        return
    await _announce(turn, poll)


async def _announce(turn: Turn, poll: Poll) -> None:
    assert poll.room is not None
    scope = strings.poll_scope_text(poll.scope_building, poll.scope_unit)
    deadline = turn.local(poll.deadline) if poll.deadline else None
    turn.post(
        poll.room, strings.poll_post(poll.code, poll.question, poll.options, deadline, scope, poll.anonymous)
    )
    if turn.room != poll.room:
        turn.reply(strings.poll_launched(poll.code, poll.room))
    await _arm_deadline(turn, poll)


async def _arm_deadline(ctx: Context, poll: Poll) -> None:
    if poll.deadline is None:
        return
    await arm(ctx.session, POLL_CLOSE, poll.id, poll.deadline)
    remind_at = _civil(ctx, poll.deadline - min((poll.deadline - ctx.now) / 4, timedelta(hours=24)))
    if remind_at > ctx.now:
        await arm(ctx.session, POLL_REMINDER, poll.id, remind_at)


def _civil(ctx: Context, moment: datetime) -> datetime:
    """A group reminder due in the night goes out at 20:00 the evening before instead."""
    local = ctx.local(moment)
    if 8 <= local.hour < 22:
        return moment
    evening = local.replace(hour=20, minute=0, second=0, microsecond=0)
    return evening - timedelta(days=1) if local.hour < 8 else evening


async def answer_deadline_question(turn: Turn) -> bool:
    """The organiser's answer to 请问投票什么时候截止 opens the waiting poll."""
    if not looks_like_an_answer(turn):
        return False
    poll = await turn.session.scalar(
        select(Poll)
        .where(
            Poll.status == PollStatus.DRAFT,
            Poll.creator == turn.sender,
            Poll.created_at >= turn.now - DRAFT_WINDOW,
        )
        .order_by(Poll.id.desc())
        .limit(1)
    )
    if poll is None:
        return False
    moment = resolve_time(turn.message.text, turn.local(turn.now))
    if moment is None or moment.value <= turn.now:
        return False
    poll.deadline = moment.value
    poll.status = PollStatus.OPEN
    await _announce(turn, poll)
    return True


async def _open_polls(ctx: Context, room: str | None) -> list[Poll]:
    query = select(Poll).where(Poll.status == PollStatus.OPEN).options(selectinload(Poll.ballots))
    if room is not None:
        query = query.where(Poll.room == room)
    return list((await ctx.session.scalars(query.order_by(Poll.id))).all())


async def _poll_for(turn: Turn, *, quiet: bool) -> Poll | None:
    """The one open poll a message is about: named by its code, or the only one in the group."""
    code = _CODE.search(turn.message.text) or (turn.match and _CODE.search(turn.match.group(0)))
    polls = await _open_polls(turn, turn.group)
    if code:
        polls = [p for p in polls if p.id == int(code.group(1))]
    if len(polls) == 1:
        return polls[0]
    if len(polls) > 1:
        turn.reply(strings.several_polls([p.code for p in polls]))
    elif not quiet:
        turn.reply(strings.poll_not_found(code.group(0).upper() if code else None))
    return None


def _in_scope(poll: Poll, household: str) -> bool:
    building, unit, _ = household.split("-")
    if poll.scope_building and building != poll.scope_building:
        return False
    return not (poll.scope_unit and unit != poll.scope_unit)


async def on_vote(turn: Turn) -> None:
    # "同意" said in passing, with no poll open, is chat: answer only someone who spoke to the bot.
    poll = await _poll_for(turn, quiet=not (turn.message.mentions_bot or turn.room is None))
    if poll is None:
        return
    household = turn.directory.household(turn.sender)
    if household is None:
        turn.reply(strings.NO_HOUSEHOLD)
        return
    if not _in_scope(poll, household):
        turn.reply(strings.poll_out_of_scope(strings.poll_scope_text(poll.scope_building, poll.scope_unit)))
        return
    choice = (turn.understanding.vote or {}).get("option", "")
    index = option_index(choice, poll.options)
    if index is None:
        turn.reply(strings.poll_bad_option(poll.options))
        return
    ballot = next((b for b in poll.ballots if b.household == household), None)
    if ballot is None:
        poll.ballots.append(Ballot(household=household, voter=turn.sender, option=index, at=turn.now))
    elif ballot.option != index:
        ballot.option, ballot.voter, ballot.at = index, turn.sender, turn.now
        ballot.changed, ballot.acked_at = True, None
    await arm_once(turn.session, POLL_ACK, poll.id, turn.now + ACK_DELAY)


async def bare_ballot(turn: Turn) -> bool:
    """With one poll open in the group, a message that is just one of its options ("同意") is a ballot.

    The NLU cannot know a poll is open; out of context a bare 同意 is chit-chat.
    """
    if turn.room is None or turn.understanding.intent == "vote":
        return False
    text = clean(turn.message.text)
    if not text or len(text) > 6:
        return False
    polls = await _open_polls(turn, turn.room)
    if len(polls) != 1:
        return False
    choice = text if text in polls[0].options else (parse_ballot(text) or {}).get("option")
    if choice is None or option_index(choice, polls[0].options) is None:
        return False
    turn.understanding = replace(turn.understanding, intent="vote", vote={"option": choice})
    await on_vote(turn)
    return True


async def ack_ballots(ctx: Context, poll_id: int) -> None:
    poll = await ctx.session.scalar(
        select(Poll).where(Poll.id == poll_id).options(selectinload(Poll.ballots))
    )
    if poll is None or poll.room is None:
        return
    waiting = [b for b in poll.ballots if b.acked_at is None]
    if not waiting:
        return
    new = [b.household for b in waiting if not b.changed]
    changed = [(b.household, poll.options[b.option]) for b in waiting if b.changed]
    for ballot in waiting:
        ballot.acked_at = ctx.now
    ctx.post(
        poll.room, strings.ballots_ack(poll.code, new, changed, len(poll.ballots), poll.eligible_households)
    )


async def remind(ctx: Context, poll_id: int) -> None:
    poll = await ctx.session.scalar(
        select(Poll).where(Poll.id == poll_id).options(selectinload(Poll.ballots))
    )
    if poll is None or poll.status != PollStatus.OPEN or poll.deadline is None or poll.room is None:
        return
    text = strings.poll_reminder(
        poll.code, poll.question, ctx.local(poll.deadline), len(poll.ballots), poll.eligible_households
    )
    ctx.post(poll.room, text)


def result_text(poll: Poll) -> str:
    tallies = [
        (
            option,
            sum(b.option == i for b in poll.ballots),
            [b.household for b in poll.ballots if b.option == i],
        )
        for i, option in enumerate(poll.options)
    ]
    return strings.poll_result(
        poll.code,
        poll.question,
        tallies,
        len(poll.ballots),
        poll.eligible_households,
        poll.quorum,
        poll.anonymous,
    )


async def close_poll(ctx: Context, poll: Poll) -> None:
    poll.status = PollStatus.CLOSED
    poll.closed_at = ctx.now
    for ballot in poll.ballots:
        ballot.acked_at = ballot.acked_at or ctx.now  # the result covers them
    for kind in (POLL_ACK, POLL_REMINDER, POLL_CLOSE):
        await cancel(ctx.session, kind, poll.id)
    text = result_text(poll)
    if poll.room:
        ctx.post(poll.room, text)
    ctx.tell(poll.creator, text)


async def close_at_deadline(ctx: Context, poll_id: int) -> None:
    poll = await ctx.session.scalar(
        select(Poll).where(Poll.id == poll_id).options(selectinload(Poll.ballots))
    )
    if poll is not None and poll.status == PollStatus.OPEN:
        await close_poll(ctx, poll)


async def close_early(turn: Turn) -> None:
    poll = await _poll_for(turn, quiet=False)
    if poll is not None:
        await close_poll(turn, poll)


async def extend(turn: Turn) -> None:
    poll = await _poll_for(turn, quiet=False)
    if poll is None:
        return
    assert turn.match is not None
    when = turn.match.group("when")
    moment = resolve_time(when, turn.local(turn.now))
    if moment is None or moment.value <= turn.now:
        turn.reply(strings.BAD_TIME)
        return
    poll.deadline = moment.value
    await _arm_deadline(turn, poll)
    if poll.room:
        turn.post(poll.room, strings.poll_extended(poll.code, turn.local(poll.deadline)))
    if turn.room != poll.room:
        turn.reply(strings.poll_extended(poll.code, turn.local(poll.deadline)))


async def current_result(turn: Turn) -> None:
    poll = await _poll_for(turn, quiet=False)
    if poll is not None:
        turn.reply(result_text(poll))


COMMANDS = [
    (r"(?:提前)?结束投票\s*(?:[Pp]\d+)?", close_early, ORGANISERS),
    (
        r"(?:延长投票|投票延期|延期投票|投票延长)\s*(?:[Pp]\d+)?\s*(?:到|至)?\s*(?P<when>.+)",
        extend,
        ORGANISERS,
    ),
    (r"投票结果\s*(?:[Pp]\d+)?", current_result, ("resident", "council", "staff")),
]
