"""Poll launches (question, options, deadline) and ballots (which option a vote names)."""

from __future__ import annotations

import re

from nlu.numerals import normalize, to_int

_NOISE = re.compile(r"@\S+\s*|\[[^\[\]]{1,4}\]|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_TRIGGER = re.compile(
    r"^.*?(?:发起|发|搞|组织|开|来)(?:一个|一下|个|一次)?(?:匿名)?投票(?:吧)?"
    r"|^.*?投个票"
)
_QUESTION_LABEL = re.compile(r"^(?:问题|议题|主题|内容|事项)\s*[:：]?\s*")
_DEADLINE_AFTER = re.compile(
    r"[,，;；\s]*截止(?:时间|日期)?\s*(?:到|为|是)?\s*[:：]?\s*(?P<when>[^,，。;；]+?)\s*(?:前|为止)?\s*$"
)
_DEADLINE_BEFORE = re.compile(r"\s*(?:前|之前)?\s*截止\s*$")
# How the poll runs, not what it asks (需过半住户参与, 匿名, 仅限3号楼): the bot reads these itself.
_MODIFIER = re.compile(
    r"[,，;；]\s*(?:需|须|要求|需要)?[^,，;；?？]*?(?:参与|匿名|实名|记名|仅限|只限|限\d+号楼|全社区)[^,，;；?？]*(?=[,，;；]|$)"
)
_CHUNK_SEP = re.compile(r"[,，;；\s]")
_OPTIONS_LABEL = re.compile(r"(?:可选)?选项\s*(?:有|为|是)?\s*[:：]?\s*")
_LETTERED = re.compile(r"(?:^|\s)([A-Ha-h])\s*[.、:：)]?\s*(?=\S)")
_NUMBERED = re.compile(r"(?:^|\s|选项)([1-9])\s*[.、:：)]?\s*(?=[^\d\s])")
_SPLIT = re.compile(r"\s*(?:/|／|、|,|，|;|；|\||或者|还是)\s*|\s+")
_YES_NO = {
    "同意", "不同意", "弃权", "支持", "反对", "赞成", "要", "不要", "无所谓",
    "好", "不好", "可以", "不可以", "需要", "不需要",
}  # fmt: skip


def clean(text: str) -> str:
    """Without mentions, [emoticons] and emoji, full-width forms folded."""
    return _NOISE.sub(" ", normalize(text)).strip()


def _options(segment: str) -> list[str]:
    segment = segment.strip(" ,，。.:：")
    if not segment:
        return []
    for marker in (_LETTERED, _NUMBERED):
        parts = marker.split(" " + segment)
        # split() gives [before, label, text, label, text, ...]
        if len(parts) >= 5:
            return [p.strip(" ,，、.;；") for p in parts[2::2] if p.strip(" ,，、.;；")]
    return [p for p in (x.strip(" .。") for x in _SPLIT.split(segment)) if p]


def _split_deadline(body: str) -> tuple[str, str | None]:
    """The body without its deadline clause, and that clause ("周五18点" in "...周五18点截止")."""
    body = _MODIFIER.sub("", body).strip(" ,，;；")
    # A deadline clause in the middle ("...,周五18点截止,选项..."): move it to the end.
    middle = re.search(r"([,，;；?？])\s*([^,，;；?？]*截止[^,，;；?？]*)[,，;；]", body)
    if middle:
        body = body[: middle.start()] + middle.group(1) + body[middle.end() :] + "," + middle.group(2)
    m = _DEADLINE_AFTER.search(body)
    if m:
        return body[: m.start()].rstrip(" ,，。;；"), m.group("when").strip()
    m = _DEADLINE_BEFORE.search(body)
    if not m:
        return body, None
    head = body[: m.start()]
    # The deadline is the last chunk, or the last two when written "12月5日 18点".
    cuts = [i for i, ch in enumerate(head) if _CHUNK_SEP.match(ch)]
    start = cuts[-1] + 1 if cuts else 0
    if len(cuts) >= 2 and _looks_like_time(head[cuts[-2] + 1 : cuts[-1]]):
        start = cuts[-2] + 1
    return head[:start].rstrip(" ,，。;；"), head[start:].strip() or None


def _looks_like_time(chunk: str) -> bool:
    return bool(re.search(r"\d[:：]\d|[月日号点]|周|星期|礼拜|[今明后]天|[今明]晚", chunk))


def parse_poll(text: str) -> dict[str, object] | None:
    """{question, options, deadline_text} for a poll launch, or None when no poll is launched.

    The deadline stays text here; it is resolved against the message's time
    later (nlu.shape), where that time is known.
    """
    body = clean(text)
    trigger = _TRIGGER.search(body)
    if trigger is None:
        return None
    body = body[trigger.end() :].lstrip(" :：,，")
    body = _QUESTION_LABEL.sub("", body)
    body, deadline_text = _split_deadline(body)
    options: list[str] = []
    label = _OPTIONS_LABEL.search(body)
    if label:
        question, options = body[: label.start()], _options(body[label.end() :])
    else:
        q_end = max(body.rfind("?"), body.rfind("？"))
        if 0 <= q_end < len(body) - 1:
            question, options = body[: q_end + 1], _options(body[q_end + 1 :])
        else:
            question = body
            numbered = _NUMBERED.search(body) or _LETTERED.search(body)
            if numbered and numbered.start() > 0:
                question, options = body[: numbered.start()], _options(body[numbered.start() :])
            else:
                words = body.split()
                tail = [w for w in words[1:] if w in _YES_NO or "/" in w]
                if len(tail) >= 1 and words[-len(tail) :] == tail:
                    question = " ".join(words[: -len(tail)])
                    options = _options(" ".join(tail))
    question = question.strip(" ,，:：;；")
    if not question:
        return None
    return {"question": question, "options": options, "deadline_text": deadline_text}


_BALLOT_NUMBER = re.compile(
    r"(?:投|选|选择)?\s*(?:第)?\s*([1-9一二三四五六七八九两])\s*(?:号|个|项|票)?(?:选项)?$"
)
_BALLOT_LETTER = re.compile(r"(?:投|选|选择)?\s*([A-Ha-h])\s*(?:项|票)?$")
_BALLOT_TEXT = re.compile(
    r"(?:投|选|选择|支持选)\s*(?:给)?\s*([\u4e00-\u9fff]{1,8}?)(?:票|一票)?(?=$|[\s,，。!！]|吧|了)"
)


def parse_ballot(text: str) -> dict[str, str] | None:
    """{option}: the 1-based number for 投2 / 选B / 投第三个, else the option's text (我选同意)."""
    body = clean(text)
    body = re.sub(r"^(?:我家|我们家|我|咱家)\s*", "", body)
    head = re.split(r"[\s,，。!！]", body, maxsplit=1)[0] if body else ""
    for candidate in (head, body):
        m = _BALLOT_LETTER.fullmatch(candidate)
        if m:
            return {"option": str(ord(m.group(1).upper()) - ord("A") + 1)}
        m = _BALLOT_NUMBER.fullmatch(candidate)
        if m:
            return {"option": str(to_int(m.group(1)))}
    m = _BALLOT_TEXT.search(body)
    if m:
        return {"option": m.group(1)}
    if head and len(head) <= 6:
        return {"option": head.removesuffix("票")}
    return None
