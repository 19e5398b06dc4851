"""Every word residents and staff see, in one place, out of the logic."""

from __future__ import annotations

from datetime import datetime

CATEGORY_NAMES = {
    "property": "物业服务",
    "construction": "施工装修",
    "environment": "环境卫生",
    "parking_traffic": "停车交通",
    "facilities": "公共设施",
    "safety": "安全隐患",
    "neighbor": "邻里纠纷",
    "other": "其他",
}

STATUS_NAMES = {
    "new": "待受理",
    "accepted": "已受理",
    "in_progress": "处理中",
    "resolved": "已办结",
    "closed": "已关闭",
    "rejected": "已退回",
    "reopened": "重新办理",
}


def hours_text(hours: float) -> str:
    if hours < 1:
        return f"{round(hours * 60)}分钟"
    if hours >= 48 and hours % 24 == 0:
        return f"{int(hours // 24)}天"
    return f"{hours:g}小时"


def when_text(moment: datetime) -> str:
    return f"{moment.month}月{moment.day}日{moment.hour:02d}:{moment.minute:02d}"


def place_text(building: str | None, unit: str | None, room: str | None, place: str | None) -> str:
    parts = []
    if building:
        parts.append(f"{building}号楼")
    if unit:
        parts.append(f"{unit}单元")
    if room:
        parts.append(f"{room}室")
    if place:
        parts.append(place)
    return "".join(parts) or "未说明地点"


# -- complaints ---------------------------------------------------------------


def case_filed(number: str, category: str, handler: str | None, respond_hours: float) -> str:
    who = f"已转{handler}处理" if handler else "已转社区处理"
    return f"收到,已登记工单 {number}({CATEGORY_NAMES[category]}),{who},{hours_text(respond_hours)}内回复您。"


def urgent_case_filed(number: str, handler: str | None) -> str:
    who = handler or "社区工作人员"
    return f"紧急情况已登记工单 {number},已立即通知{who}。有危险请先拨打119/110/120!"


def case_for_handler(
    number: str,
    category: str,
    urgent: bool,
    where: str,
    text: str,
    reporter: str,
    respond_due: datetime,
    resolve_due: datetime,
) -> str:
    head = "【紧急工单】" if urgent else "【新工单】"
    return (
        f"{head}{number}\n类别:{CATEGORY_NAMES[category]}\n地点:{where}\n"
        f"反映人:{reporter}\n内容:{text}\n"
        f"请在{when_text(respond_due)}前响应,{when_text(resolve_due)}前办结。"
    )


def case_joined(number: str, households: int) -> str:
    return f"这个问题已有工单 {number},已记上您家,现在共{households}户反映,会一并处理。"


def case_more_households(number: str, households: int, text: str) -> str:
    return f"【工单{number}】又有住户反映,现在共{households}户:{text}"


def urgent_alert(number: str, where: str, text: str, handler: str | None) -> str:
    who = f",已通知{handler}" if handler else ""
    return f"【紧急】工单{number} {where}:{text}{who}。请立即关注!"


ASK_PLACE = "请问是几号楼几单元?说一下具体位置,好派人去处理。"


def place_completed(number: str, where: str) -> str:
    return f"好的,工单 {number} 地点已补充为{where}。"


# -- case work: staff commands and residents' notices ---------------------------

NOT_ALLOWED = "抱歉,这个操作只有社区工作人员可以做。"


def case_not_found(number: str) -> str:
    return f"没找到工单 {number},请核对一下编号。"


def bad_transition(number: str, status: str, wanted: str) -> str:
    return f"工单 {number} 现在是「{STATUS_NAMES[status]}」,不能{wanted}。"


def staff_done(number: str, status: str) -> str:
    return f"好的,工单 {number} 已改为「{STATUS_NAMES[status]}」。"


def resident_accepted(number: str, handler: str) -> str:
    return f"您反映的问题(工单 {number})已受理,由{handler}负责。"


def resident_in_progress(number: str) -> str:
    return f"工单 {number} 正在处理中。"


def resident_resolved(number: str, resolution: str) -> str:
    return f"工单 {number} 已办结:{resolution}。有问题随时说。"


def resident_rejected(number: str, reason: str) -> str:
    return f"工单 {number} 暂不受理:{reason}。如有疑问可以联系社区。"


def resident_reopened(number: str) -> str:
    return f"工单 {number} 已重新办理,会尽快给您答复。"


def callback_question(number: str, what: str, resolution: str) -> str:
    return (
        f"您好,您反映的「{what}」(工单 {number})已办结:{resolution}。"
        "请问您对处理结果满意吗?请回复:满意 / 基本满意 / 不满意"
    )


def thanks_for_rating(number: str) -> str:
    return f"谢谢您的评价,工单 {number} 已归档。"


def reopened_after_rating(number: str) -> str:
    return f"抱歉没处理好,工单 {number} 已重新办理,会尽快再派人去看。"


def handler_reopened(number: str, who: str, text: str) -> str:
    return f"【重办】工单 {number}:{who}反馈“{text}”,请重新处理。"


def reassigned(number: str, handler: str) -> str:
    return f"好的,工单 {number} 已转给{handler}。"


STAFF_HELP = (
    "工单命令(私聊或在群里都可以):\n"
    "  受理 Q20261125-0001\n"
    "  处理中 Q20261125-0001\n"
    "  办结 Q20261125-0001 已更换电梯主板\n"
    "  关闭 Q20261125-0001\n"
    "  退回 Q20261125-0001 原因\n"
    "  重办 Q20261125-0001\n"
    "  吹哨 Q20261125-0001 原因(报街道)\n"
    "  转派 Q20261125-0001 姓名\n"
    "  我的工单 / 统计 本月 / 建议汇总"
)


COUNCIL_HELP = (
    "议事委员还可以:\n"
    "  发起投票:问题?选项:同意/不同意/弃权,周五18点截止\n"
    "  提前结束投票 / 延长投票 到周日18点 / 投票结果\n"
    "  下周三晚上7点在会客厅开议事会,讨论停车位\n"
    "  确认会议 M1 周六上午10点 会客厅 / 会议纪要 M1 …… / 取消会议 M1 / 建议汇总"
)


MOVE_VERBS = {
    "accept": "受理", "start": "开始处理", "resolve": "办结",
    "close": "关闭", "reject": "退回", "reopen": "重办",
}  # fmt: skip
DEFAULT_RESOLUTION = "已处理完毕"
DEFAULT_REJECTION = "不属于社区处理范围"
ACCEPT_EXAMPLE = "受理 Q20261125-0001"
REASSIGN_EXAMPLE = "转派 Q20261125-0001 李梅(对方须是本社区工作人员)"
BIND_EXAMPLE = "在要绑定的群里发:绑定 3号楼"
RATES_EXAMPLE = "统计 本月(或 上月、本周、昨天、2026-11-01到2026-11-30)"
AUDIT_RESPOND_OVERDUE = "响应超时"


def rates_title(period: str) -> str:
    return f"{period}接诉即办统计"


def audit_action_item(meeting_code: str) -> str:
    return f"会议{meeting_code}待办"


def usage(example: str) -> str:
    return f"格式不对,应该这样说:{example}"


# -- deadlines and whistles -----------------------------------------------------


def respond_reminder(number: str, due: datetime) -> str:
    return f"【提醒】工单 {number} 请在{when_text(due)}前响应(回复“受理 {number}”)。"


def resolve_reminder(number: str, due: datetime) -> str:
    return f"【提醒】工单 {number} 请在{when_text(due)}前办结。"


def first_whistle(number: str, handler: str | None, where: str, text: str, households: int) -> str:
    return (
        f"【社区吹哨】工单 {number} 已超过响应时限,{handler or '无人'}未受理。"
        f"{where}:{text}({households}户反映)。请尽快安排。"
    )


def second_whistle(number: str, community: str, where: str, text: str, reason: str) -> str:
    return f"【街道吹哨】{community}工单 {number} {reason}。{where}:{text}。请协调相关部门处理。"


WHISTLE_OVERDUE = "超过办结时限仍未解决"


def whistle_by_staff(who: str, reason: str) -> str:
    return f"由{who}发起:{reason}" if reason else f"由{who}发起"


def whistled(number: str, people: list[str]) -> str:
    return f"已为工单 {number} 吹哨,通知了{'、'.join(people)}。"


NO_STREET_STAFF = "街道没有负责这一类问题的人,请在社区文件里补上 street_staff。"


# -- case queries ------------------------------------------------------------------


def case_status(number: str, status: str, handler: str | None, due: datetime | None, households: int) -> str:
    parts = [f"工单 {number}:{STATUS_NAMES[status]}", f"负责人:{handler or '待分派'}"]
    if due is not None:
        parts.append(f"下一个时限:{when_text(due)}")
    if households > 1:
        parts.append(f"共{households}户反映")
    return ",".join(parts) + "。"


NO_CASES_FOUND = "没找到您反映过的工单。要报问题,直接在群里说就行。"


def not_your_case(number: str) -> str:
    return f"工单 {number} 不是您或本群反映的,查不了哦。"


def my_open_cases(lines: list[str]) -> str:
    return "您手上未办结的工单:\n" + "\n".join(lines) if lines else "您手上没有未办结的工单。"


# -- proposals and rates -------------------------------------------------------------


def proposal_recorded(count: int, topic: str) -> str:
    return f"谢谢您的建议!已记录在「{topic}」类,目前这类建议共{count}条,会汇总给社区和议事委员。"


def proposals_summary(rows: list[tuple[str, int]], total: int) -> str:
    if not rows:
        return "还没有收到建议。"
    lines = [f"  {topic}:{count}条" for topic, count in rows]
    return f"居民建议共{total}条:\n" + "\n".join(lines)


def rates_report(title: str, rows: list[tuple[str, int, str, str, str]]) -> str:
    if not rows:
        return f"{title}:这段时间没有工单。"
    lines = [f"  {name}:{n}件,响应率{r},解决率{s},满意率{m}" for name, n, r, s, m in rows]
    return f"{title}:\n" + "\n".join(lines)


def daily_digest(day: str, community: str, new: int, open_: int, overdue: int, rates: str) -> str:
    return (
        f"【{community}日报 {day}】昨日新工单{new}件,未办结{open_}件,其中超时{overdue}件。\n本月至今:{rates}"
    )


# -- polls ----------------------------------------------------------------------

POLL_NOT_ALLOWED = "发起投票需要议事委员或社区工作人员来操作。您可以把想法告诉议事委员,由他们发起。"
POLL_ASK_DEADLINE = "请问投票什么时候截止?比如“周五18点截止”或“12月5日截止”。"
POLL_NO_GROUP = "请在要投票的楼栋群里发起,或说明是哪个群。"
NO_HOUSEHOLD = "请先把群昵称改成“楼-单元-室 称呼”(如 3-2-502 王姐),才能按户计票。"


def poll_scope_text(building: str | None, unit: str | None) -> str:
    if unit and building:
        return f"{building}号楼{unit}单元住户"
    if building:
        return f"{building}号楼住户"
    return "全社区住户"


def poll_post(
    code: str, question: str, options: list[str], deadline: datetime | None, scope: str, anonymous: bool
) -> str:
    lines = [f"【投票 {code}】{question}"]
    lines += [f"{i}. {option}" for i, option in enumerate(options, 1)]
    end = f"{when_text(deadline)}截止" if deadline else "由发起人结束"
    how = "不公开每户选择" if anonymous else "结果公布每户选择"
    lines.append(f"{end};{scope}每户一票,以最后一次为准,{how}。回复“投1”或“选{options[0]}”投票。")
    return "\n".join(lines)


def poll_launched(code: str, room: str) -> str:
    return f"好的,投票 {code} 已在「{room}」发出。"


def poll_out_of_scope(scope: str) -> str:
    return f"这个投票只限{scope}参加。"


def poll_bad_option(options: list[str]) -> str:
    choices = " ".join(f"{i}.{o}" for i, o in enumerate(options, 1))
    return f"没看懂您投哪一项,可选:{choices}。回复“投1”这样就行。"


def several_polls(codes: list[str]) -> str:
    return f"群里有{len(codes)}个投票在进行({'、'.join(codes)}),请这样投:{codes[0]} 投1。"


def ballots_ack(
    code: str, new: list[str], changed: list[tuple[str, str]], voted: int, total: int | None
) -> str:
    parts = []
    if new:
        parts.append(f"已收到{'、'.join(new)}的投票")
    if changed:
        parts.append("；".join(f"{h}改投「{option}」,以这次为准" for h, option in changed))
    base = f",共{total}户" if total else ""
    return f"【投票 {code}】" + ";".join(parts) + f"。目前{voted}户已投{base}。"


def poll_reminder(code: str, question: str, deadline: datetime, voted: int, total: int | None) -> str:
    base = f"(共{total}户)" if total else ""
    return f"【投票提醒 {code}】{question} 将于{when_text(deadline)}截止,已有{voted}户投票{base},还没投的抓紧哦。"


def poll_result(
    code: str,
    question: str,
    tallies: list[tuple[str, int, list[str]]],
    voted: int,
    total: int | None,
    quorum: float | None,
    anonymous: bool,
) -> str:
    lines = [f"【投票结果 {code}】{question}"]
    for option, count, households in tallies:
        who = f"({'、'.join(households)})" if households and not anonymous else ""
        lines.append(f"{option}:{count}户{who}")
    if total:
        lines.append(f"参与{voted}户/共{total}户,参与率{100 * voted / total:.0f}%。")
    else:
        lines.append(f"参与{voted}户。")
    if quorum is not None:
        reached = total is not None and voted >= quorum * total
        lines.append(f"需{quorum:.0%}住户参与,{'已达到' if reached else '未达到'}。")
    return "\n".join(lines)


def poll_extended(code: str, deadline: datetime) -> str:
    return f"投票 {code} 延长到{when_text(deadline)}截止。"


def poll_not_found(code: str | None) -> str:
    return f"没找到进行中的投票{code or ''}。"


BAD_TIME = "没看懂时间,请说具体一些,比如“周日18点”或“12月5日”。"


# -- meetings --------------------------------------------------------------------

MEETING_ASK_TIME = "请问几点开会?比如“下周三晚上7点”。"


def meeting_notice(code: str, topic: str, starts_at: datetime, place: str | None) -> str:
    where = place or "地点待定"
    return (
        f"【会议通知 {code}】{topic}\n时间:{when_text(starts_at)}\n地点:{where}\n"
        "请回复“参加”或“请假”,小清帮大家接龙。"
    )


def meeting_requested(code: str) -> str:
    return f"好的,已把您的开会提议({code})转给议事委员,确定后会在群里通知。"


def meeting_request_for_council(code: str, who: str, room: str | None, text: str) -> str:
    return f"【开会提议 {code}】{who}({room or '私聊'})提议:{text}\n同意的话回复“确认会议 {code} 时间 地点”,比如“确认会议 {code} 周六上午10点 会客厅”。"


def rsvp_ack(code: str, topic: str, coming: list[str], apologies: list[str]) -> str:
    lines = [f"【接龙 {code}】{topic}", f"参加({len(coming)}):{'、'.join(coming) or '暂无'}"]
    if apologies:
        lines.append(f"请假({len(apologies)}):{'、'.join(apologies)}")
    return "\n".join(lines)


def meeting_reminder(code: str, topic: str, starts_at: datetime, place: str | None, coming: int) -> str:
    return f"【会议提醒 {code}】{when_text(starts_at)}在{place or '约定地点'}开会:{topic}。已有{coming}人报名参加。"


def meeting_minutes(code: str, topic: str, minutes: str, items: list[str]) -> str:
    text = f"【会议纪要 {code}】{topic}\n{minutes}"
    if items:
        text += "\n待办已建工单:\n" + "\n".join(items)
    return text


def action_item_line(number: str, what: str, owner: str, due: datetime) -> str:
    return f"  {number} {what}(负责人:{owner},{when_text(due)}前)"


def action_item_for_owner(number: str, code: str, what: str, due: datetime) -> str:
    return f"【会议待办】{code} 会议决定由您负责:{what},请在{when_text(due)}前完成(工单 {number})。"


def meeting_not_found(code: str | None) -> str:
    return f"没找到会议{code or ''}。"


def meeting_cancelled(code: str, topic: str) -> str:
    return f"【会议取消 {code}】{topic} 取消了,另行通知。"


def meeting_done(code: str) -> str:
    return f"好的,会议 {code} 的纪要已发到群里。"


# -- groups ------------------------------------------------------------------------


def group_hello(bot_name: str, where: str) -> str:
    return (
        f"大家好,我是{bot_name},{where}的小助手。楼里有问题直接在群里说,我来登记、转给负责的人、盯着进度;"
        f"议事委员可以让我发起投票和议事会。@{bot_name} 帮助 看怎么用。"
    )


def group_hello_unbound(bot_name: str) -> str:
    return (
        f"大家好,我是{bot_name},社区的小助手。还不知道这是哪栋楼的群,"
        "请社区工作人员在群里发“绑定 3号楼”(换成实际楼号)告诉我。"
    )


def group_bound(where: str) -> str:
    return f"好的,这个群已绑定为{where}。"


def place_of_group(community: str, building: str | None) -> str:
    return f"{community}{building}号楼" if building else community


# -- help and errors -------------------------------------------------------------

HELP = (
    "我是{bot},社区的小助手。在群里直接说问题就行,比如“3号楼电梯又坏了”,"
    "我会登记工单、转给负责的人,并告诉您进展。\n"
    "查进度:“查一下 Q20261125-0001”。\n"
    "提建议:“建议在小广场放几张长椅”。"
)


def help_text(bot_name: str) -> str:
    return HELP.format(bot=bot_name)


NLU_DOWN_NOTICE = "系统有点忙,您的消息已记下,稍后处理。"


# -- the console chat ------------------------------------------------------------

ROLE_NAMES = {"resident": "居民", "council": "议事委员", "staff": "工作人员"}
CONSOLE_PRIVATE = "私聊小清"
CONSOLE_HELP = (
    "直接输入文字就是在当前群里发言。命令:\n"
    "  /as 名字或编号   换个身份(如 /as 3-1-101 小刘,/as 李梅)\n"
    "  /in 群名或编号   换个群\n"
    "  /private         私聊小清\n"
    "  /groups /people  看有哪些群、哪些人\n"
    "  /quit            退出"
)
CONSOLE_AS_USAGE = "用法:/as 名字,比如 /as 3-2-502 王姐"
CONSOLE_NO_SUCH_GROUP = "没有这个群,可选的群:"
CONSOLE_NOW_PRIVATE = "现在是私聊小清。"


def console_banner(bot_name: str) -> str:
    return f"{bot_name} 控制台群聊。输入 /help 查看命令,/quit 退出。可选的群:"


def console_unknown(command: str) -> str:
    return f"没有 {command} 这个命令。"


def console_now_as(name: str, role: str, household: str | None) -> str:
    home = f",住户 {household}" if household else ",未登记门牌"
    return f"现在你是 {name}({ROLE_NAMES[role]}{home})。"


def console_now_in(room: str) -> str:
    return f"现在在群「{room}」里。"


def console_private_to(person: str) -> str:
    return f"私信 → {person}"
