"""Words the generated training messages are made of: places, people, and the noise of real group chat."""

from __future__ import annotations

import random

PLACES = [
    "东门", "西门", "南门", "北门", "小区门口", "后门", "楼道", "楼梯间", "地下车库", "车库入口",
    "车棚", "电动车棚", "小广场", "中心花园", "花坛边", "篮球场", "健身区", "儿童游乐区",
    "凉亭", "快递驿站", "垃圾站", "垃圾分类点", "主路", "消防通道", "地下室", "楼顶",
    "电梯间", "一楼大厅", "停车场", "会客厅", "社区活动室", "党群服务中心", "绿地", "围墙边",
]  # fmt: skip
MEETING_PLACES = [
    "会客厅",
    "社区活动室",
    "党群服务中心",
    "议事厅",
    "小广场",
    "一楼大厅",
    "多功能厅",
    "老年活动中心",
]
NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
EMOTICONS = ["[捂脸]", "[裂开]", "[发怒]", "[流泪]", "[强]", "[抱拳]", "[玫瑰]", "[破涕为笑]", "[叹气]", "[微笑]", "[旺柴]", "[囧]", "[皱眉]"]  # fmt: skip
EMOJI = ["😭", "😡", "🙏", "👍", "😂", "🤦", "😤", "😱", "🔥", "⚠️", "💢", "😓", "🙄"]
OPENERS = [
    "", "", "", "", "", "各位邻居 ", "大家好 ", "请问 ", "哎 ", "唉 ", "我说一下 ", "物业看一下 ",
    "社区的同志 ", "真受不了了 ", "又来了 ", "说个事 ", "麻烦问下 ", "有没有人管管 ", "吐槽一下 ",
]  # fmt: skip
CLOSERS = [
    "", "", "", "", "", "", "谢谢", "麻烦了", "辛苦了", "有人管吗", "能不能处理一下", "快来看看吧",
    "气死了", "太离谱了", "真是服了", "这都第几次了", "谁来管管", "希望尽快解决", "拜托了",
]  # fmt: skip
SPEAKERS = ["王姐", "老张", "李阿姨", "小刘", "赵大爷", "陈女士", "孙哥", "周老师", "吴师傅", "郑姐"]


def building(rng: random.Random) -> str:
    n = rng.randint(1, 16)
    style = rng.random()
    if style < 0.55:
        return f"{n}号楼"
    if style < 0.75:
        return f"{NUMERALS[n - 1] if n <= 12 else n}号楼"
    if style < 0.9:
        return f"{n}栋"
    return f"{n}#"


def where(rng: random.Random) -> str:
    """A place prefix, often empty: most complaints name no place at all."""
    roll = rng.random()
    if roll < 0.35:
        return ""
    if roll < 0.55:
        return building(rng)
    if roll < 0.7:
        return f"{building(rng)}{rng.randint(1, 6)}单元"
    if roll < 0.8:
        return f"{building(rng)}{rng.choice(['楼下', '门口', '旁边', '后面'])}"
    return rng.choice(PLACES)


def noisy(text: str, rng: random.Random) -> str:
    """Group-chat noise: a mention, emoticons, lost punctuation, repeated marks, voice-to-text run-ons."""
    roll = rng.random()
    if roll < 0.15:
        text = "@小清 " + text
    elif roll < 0.2:
        text = "@小清" + text
    if rng.random() < 0.25:
        text = text.replace(",", " ").replace("，", " ").replace("。", " ").strip()
    if rng.random() < 0.1:
        # Voice input: no punctuation, no spaces.
        text = "".join(ch for ch in text if ch not in " ,，。!！?？")
    roll = rng.random()
    if roll < 0.15:
        text += rng.choice(EMOTICONS) * rng.randint(1, 2)
    elif roll < 0.27:
        text += rng.choice(EMOJI) * rng.randint(1, 3)
    elif roll < 0.35:
        text += rng.choice(["!!!", "!!", "???", "。。。", "……", "!"])
    return text.strip()


def quoted(text: str, rng: random.Random) -> str:
    """A reply that quotes an earlier message, as WeChat lays it out."""
    who = rng.choice(SPEAKERS)
    earlier = rng.choice(["收到", "大家注意一下", "物业说明天来看", "有人知道怎么回事吗", "今天又这样了"])
    return f"「{who}:{earlier}」\n- - - - - - - - - - - - - - -\n{text}"
