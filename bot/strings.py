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
