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


# -- help and errors -------------------------------------------------------------

HELP = (
    "我是{bot},本楼的小助手。在群里直接说问题就行,比如“3号楼电梯又坏了”,"
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
