"""Proposals: residents' ideas, kept by topic and counted, as the 路见清河 campaign reported them."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import strings
from bot.store.models import Proposal
from bot.turn import Turn

# First match wins; the order puts the narrow themes before the broad ones.
TOPICS: list[tuple[str, re.Pattern[str]]] = [
    ("共享单车与停车", re.compile(r"共享单车|单车|自行车|停车|车位|充电桩|充电|电动车|车棚")),
    ("适老与无障碍", re.compile(r"加装电梯|坡道|无障碍|扶手|轮椅|适老")),
    (
        "公共空间",
        re.compile(
            r"长椅|座椅|广场|花园|绿地|口袋公园|凉亭|健身|游乐|篮球|菜园|晾晒|种|花|树|草坪|围栏|地垫"
        ),
    ),
    ("环境卫生", re.compile(r"垃圾|分类|卫生|便便|清洁|洗手")),
    ("社区活动", re.compile(r"活动|市集|集市|读书|运动会|课|讲座|百家宴|跳蚤|联欢|交换|互助|志愿")),
    ("安全", re.compile(r"监控|安全|AED|急救|消防|照明|灯|门禁")),
    ("便民服务", re.compile(r"快递|食堂|饮水|托管|维修|理发|公告|屏")),
]
OTHER_TOPIC = "其他"


def topic_of(text: str) -> str:
    return next((name for name, pattern in TOPICS if pattern.search(text)), OTHER_TOPIC)


async def on_proposal(turn: Turn) -> None:
    placement = turn.directory.placement(turn.room) if turn.room else None
    community = turn.directory.community_of(turn.room, turn.sender)
    topic = topic_of(turn.message.text)
    turn.session.add(
        Proposal(
            topic=topic,
            text=turn.message.text,
            community=community.name,
            group_room=turn.room,
            building=turn.understanding.entities.get("building")
            or (placement.group.building if placement else None),
            place=turn.understanding.entities.get("place"),
            sender=turn.sender,
            household=turn.directory.household(turn.sender),
            created_at=turn.now,
            message_id=turn.message.id,
        )
    )
    await turn.session.flush()
    count = await turn.session.scalar(
        select(func.count()).select_from(Proposal).where(Proposal.topic == topic)
    )
    turn.reply(strings.proposal_recorded(int(count or 0), topic))


async def topic_counts(session: AsyncSession, community: str | None = None) -> list[tuple[str, int]]:
    query = select(Proposal.topic, func.count()).group_by(Proposal.topic).order_by(func.count().desc())
    if community is not None:
        query = query.where(Proposal.community == community)
    return [(topic, int(n)) for topic, n in (await session.execute(query)).all()]


async def summary(turn: Turn) -> None:
    rows = await topic_counts(turn.session)
    turn.reply(strings.proposals_summary(rows, sum(n for _, n in rows)))
