"""The bot's capabilities, one module each, registered with the router here and only here."""

from __future__ import annotations

from actions import (
    cases,
    casework,
    complaints,
    deadlines,
    feedback,
    groups,
    help,
    meetings,
    polls,
    proposals,
    queries,
    rates,
)
from bot.router import Router


def build_router() -> Router:
    router = Router()

    # Chat commands, tried before the NLU reads a message; staff only unless said otherwise.
    router.command(r"统计\s*(?P<period>.*)", rates.rates_command)
    router.command(r"建议汇总", proposals.summary, roles=("staff", "council"))
    for pattern, handler in casework.COMMANDS:
        router.command(pattern, handler)
    for pattern, handler, roles in polls.COMMANDS + meetings.COMMANDS + groups.COMMANDS:
        router.command(pattern, handler, roles=roles)

    # Answers to a question the bot asked, before the message's own intent.
    router.follow_up(complaints.answer_place_question)
    router.follow_up(feedback.answer_callback)
    router.follow_up(polls.answer_deadline_question)
    router.follow_up(meetings.answer_time_question)
    router.follow_up(meetings.rsvp)
    router.follow_up(polls.bare_ballot)
    router.follow_up(complaints.me_too)

    router.on("complaint", complaints.on_complaint)
    router.on("proposal", proposals.on_proposal)
    router.on("case_query", queries.on_case_query)
    router.on("help", help.on_help)
    router.on("poll_create", polls.on_poll_create)
    router.on("vote", polls.on_vote)
    router.on("meeting_request", meetings.on_meeting_request)

    router.on_timer(cases.RESPOND_REMINDER, deadlines.respond_reminder)
    router.on_timer(cases.RESPOND_DUE, deadlines.respond_due)
    router.on_timer(cases.RESOLVE_REMINDER, deadlines.resolve_reminder)
    router.on_timer(cases.RESOLVE_DUE, deadlines.resolve_due)
    router.on_timer(rates.DIGEST, rates.daily_digest)
    router.on_timer(polls.POLL_ACK, polls.ack_ballots)
    router.on_timer(polls.POLL_REMINDER, polls.remind)
    router.on_timer(polls.POLL_CLOSE, polls.close_at_deadline)
    router.on_timer(meetings.MEETING_ACK, meetings.ack_rsvps)
    router.on_timer(meetings.MEETING_24H, meetings.remind)
    router.on_timer(meetings.MEETING_2H, meetings.remind)

    router.on_join(groups.on_join)

    router.on_start(groups.load_bindings)
    router.on_start(rates.ensure_digest)
    return router
