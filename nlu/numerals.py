"""Chinese numerals as residents write them (三, 十一, 两, 一百零一, 五零二, 三〇一, 幺零三) to integers.

Only ever applied to a matched number span, never to a whole message:
一起 and 下周三 must stay words.
"""

from __future__ import annotations

import unicodedata

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "洞": 0,
    "一": 1, "幺": 1, "壹": 1,
    "二": 2, "两": 2, "贰": 2,
    "三": 3, "叁": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6,
    "七": 7, "柒": 7, "拐": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9, "勾": 9,
}  # fmt: skip
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}

# A character class for regular expressions that look for number spans.
NUMBER_CHARS = "0-9" + "".join(DIGITS) + "".join(UNITS)


def normalize(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms (NFKC), nothing else."""
    return unicodedata.normalize("NFKC", text)


def to_int(span: str) -> int | None:
    """The value of a number span, or None when it is not one."""
    span = normalize(span).strip()
    if not span:
        return None
    if span.isdigit():
        return int(span)
    if all(ch in DIGITS or ch.isdigit() for ch in span):
        # Read digit by digit, as room numbers are said: 五零二 -> 502.
        return int("".join(str(DIGITS[ch]) if ch in DIGITS else ch for ch in span))
    total = current = 0
    for ch in span:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch.isdigit():
            current = int(ch)
        elif ch in UNITS:
            total += (current or 1) * UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def to_digits(span: str) -> str | None:
    value = to_int(span)
    return None if value is None else str(value)
