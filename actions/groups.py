"""Groups the bot is added to: bound to a community and building (by the community file, by a building
number in the group's name, or by staff), with one hello."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot import strings
from bot.community import Community
from bot.messages import Joined
from bot.store.models import GroupBinding
from bot.turn import Context, Turn
from nlu.numerals import to_digits

_BUILDING_IN_NAME = re.compile(r"([0-9一二三四五六七八九十两]{1,4})\s*(?:号楼|栋|幢|号院)")


def _community_by_name(ctx: Context, room: str) -> Community:
    """The community whose name (without 社区) the group's name starts with, else the first one."""
    for community in ctx.directory.data.communities:
        stem = community.name.removesuffix("社区")
        if stem and stem in room:
            return community
    return ctx.directory.data.communities[0]


async def load_bindings(ctx: Context) -> None:
    """At start: groups bound earlier serve their building again."""
    for binding in (await ctx.session.scalars(select(GroupBinding))).all():
        if binding.community:
            ctx.directory.bind(binding.room, binding.community, binding.building)


async def on_join(ctx: Context, joined: Joined) -> None:
    if not joined.includes_bot:
        return
    binding = await ctx.session.get(GroupBinding, joined.room)
    if binding is not None and binding.greeted_at is not None:
        return  # a join event delivered twice, or the bot re-added: one hello is enough
    placement = ctx.directory.placement(joined.room)
    if placement is not None:
        community, building = placement.community.name, placement.group.building
    else:
        m = _BUILDING_IN_NAME.search(joined.room)
        building = to_digits(m.group(1)) if m else None
        community = _community_by_name(ctx, joined.room).name if building else None
    if binding is None:
        binding = GroupBinding(room=joined.room, joined_at=ctx.now)
        ctx.session.add(binding)
    binding.community, binding.building, binding.bound_by = community, building, joined.by
    binding.greeted_at = ctx.now
    if community is None:
        ctx.post(joined.room, strings.group_hello_unbound(ctx.directory.bot_name))
        return
    ctx.directory.bind(joined.room, community, building)
    ctx.post(
        joined.room, strings.group_hello(ctx.directory.bot_name, strings.place_of_group(community, building))
    )


async def bind_command(turn: Turn) -> None:
    """绑定 3号楼, said by staff in the group itself."""
    if turn.room is None:
        turn.reply(strings.usage(strings.BIND_EXAMPLE))
        return
    assert turn.match is not None
    building = to_digits(turn.match.group("building"))
    community = turn.directory.community_of(None, turn.sender).name
    binding = await turn.session.get(GroupBinding, turn.room)
    if binding is None:
        binding = GroupBinding(room=turn.room, joined_at=turn.now, greeted_at=turn.now)
        turn.session.add(binding)
    binding.community, binding.building, binding.bound_by = community, building, turn.sender
    placement = turn.directory.bind(turn.room, community, building)
    where = (
        strings.place_of_group(placement.community.name, placement.group.building) if placement else community
    )
    turn.reply(strings.group_bound(where))


COMMANDS = [
    (r"绑定\s*(?P<building>[0-9一二三四五六七八九十两]{1,4})\s*(?:号楼|栋|幢)?", bind_command, ("staff",))
]
