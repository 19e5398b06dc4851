"""Chinese dates and times (下周三晚上7点, 明晚八点, 12月9号下午两点半) resolved against a message's time.

Mainland usage (nlu-schema.md): weeks start on Monday; 下周三 is the
Wednesday of the next calendar week; 周五 / 这周五 is this week's Friday, or
next week's when it has passed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from nlu.numerals import NUMBER_CHARS, normalize, to_int

_N = f"[{NUMBER_CHARS}]"
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
for _i in range(1, 8):
    _WEEKDAY[str(_i)] = _i - 1

_RELATIVE_DAY = {
    "今天": 0, "今日": 0, "今儿": 0, "今晚": 0, "今早": 0, "今天晚上": 0,
    "明天": 1, "明日": 1, "明儿": 1, "明晚": 1, "明早": 1,
    "后天": 2, "后晚": 2, "大后天": 3,
}  # fmt: skip
_IMPLIED_PERIOD = {"今晚": "晚上", "明晚": "晚上", "后晚": "晚上", "今早": "早上", "明早": "早上"}

_DATE = re.compile(
    rf"(?P<rel>大后天|今天|今日|今儿|今晚|今早|明天|明日|明儿|明晚|明早|后天|后晚)"
    rf"|(?P<week>下下|下|这|本|)(?:个)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天末1-7])"
    rf"|(?:(?P<y>\d{{4}})\s*年\s*)?(?P<m>{_N}{{1,2}})\s*月\s*(?P<d>{_N}{{1,3}})\s*[日号]?"
    rf"|(?P<m2>\d{{1,2}})[/.](?P<d2>\d{{1,2}})(?![\d.])"
    rf"|(?<![\d月])(?P<d3>{_N}{{1,3}})\s*号(?!楼|院|房)"
)
_PERIOD = re.compile(r"凌晨|早上|早晨|清早|上午|中午|午后|下午|傍晚|晚上|晚间|夜里|半夜|晚|早")
_CLOCK = re.compile(
    rf"(?P<h>{_N}{{1,3}})\s*(?:点|时|:|：)\s*"
    rf"(?:(?P<half>半)|(?P<q>[一三])刻|(?P<min>{_N}{{1,3}})\s*分?)?"
)


@dataclass(frozen=True)
class Moment:
    """A resolved time: has_clock says whether a clock time was named (not just a day)."""

    value: datetime
    has_clock: bool
    has_date: bool
    start: int
    end: int


def _weekday_date(ref: date, prefix: str, weekday: int) -> date:
    monday = ref - timedelta(days=ref.weekday())
    if prefix == "下":
        return monday + timedelta(days=7 + weekday)
    if prefix == "下下":
        return monday + timedelta(days=14 + weekday)
    day = monday + timedelta(days=weekday)
    return day if day >= ref else day + timedelta(days=7)


def _resolve_date(m: re.Match[str], ref: date) -> date | None:
    if m.group("rel"):
        return ref + timedelta(days=_RELATIVE_DAY[m.group("rel")])
    if m.group("wd"):
        return _weekday_date(ref, m.group("week"), _WEEKDAY[m.group("wd")])
    if m.group("m") or m.group("m2"):
        month = to_int(m.group("m") or m.group("m2"))
        day = to_int(m.group("d") or m.group("d2"))
        year = int(m.group("y")) if m.group("y") else ref.year
        try:
            found = date(year, month or 0, day or 0)
        except ValueError:
            return None
        if not m.group("y") and (ref - found).days > 180:
            found = found.replace(year=year + 1)
        return found
    day = to_int(m.group("d3"))
    if not day or day > 31:
        return None
    try:
        found = ref.replace(day=day)
    except ValueError:
        return None
    if found < ref:
        month_after = (ref.replace(day=1) + timedelta(days=32)).replace(day=1)
        try:
            found = month_after.replace(day=day)
        except ValueError:
            return None
    return found


def _hour(hour: int, period: str | None) -> int:
    if period in ("下午", "午后", "傍晚", "晚上", "晚间", "晚", "夜里") and hour < 12:
        return hour + 12
    if period == "中午" and hour < 11:
        return hour + 12
    if period in ("半夜", "凌晨") and hour == 12:
        return 0
    return hour


def find_time(text: str, ref: datetime) -> Moment | None:
    """The first date and/or clock time in text, resolved against ref (an aware datetime).

    text should have building, unit and room numbers masked already (entities.mask).
    """
    text = normalize(text)
    date_m = _DATE.search(text)
    search_from = date_m.end() if date_m else 0
    period_m = _PERIOD.search(text, search_from) if date_m else _PERIOD.search(text)
    clock_m = _CLOCK.search(text, search_from)
    # A period or clock far from the date belongs to something else in the message.
    if date_m and clock_m and clock_m.start() - date_m.end() > 8:
        clock_m = None
    if clock_m is None and not date_m:
        return None
    if clock_m is not None and period_m is not None and period_m.start() > clock_m.start():
        period_m = None
    ref_day = ref.date()
    day = _resolve_date(date_m, ref_day) if date_m else None
    if date_m and day is None and clock_m is None:
        return None
    period = period_m.group() if period_m else None
    if period is None and date_m and date_m.group("rel") in _IMPLIED_PERIOD:
        period = _IMPLIED_PERIOD[date_m.group("rel")]
    start = min(x.start() for x in (date_m, clock_m) if x is not None)
    end = max(x.end() for x in (date_m, clock_m, period_m) if x is not None)
    if clock_m is None:
        assert day is not None
        # A day alone ends at 23:59; "12月15日中午" names its hour all the same.
        at = time(12, 0) if period == "中午" else time(23, 59)
        return Moment(datetime.combine(day, at, ref.tzinfo), period == "中午", True, start, end)
    hour = to_int(clock_m.group("h"))
    minute = (
        30
        if clock_m.group("half")
        else 15 * int(clock_m.group("q") == "一") + 45 * int(clock_m.group("q") == "三")
    )
    if clock_m.group("min"):
        minute = to_int(clock_m.group("min")) or 0
    if hour is None or hour > 24 or minute > 59:
        return None
    hour = _hour(hour, period) % 24
    at = time(hour, minute)
    if day is None:
        day = ref_day
        if datetime.combine(day, at, ref.tzinfo) < ref:
            day += timedelta(days=1)
    return Moment(datetime.combine(day, at, ref.tzinfo), True, date_m is not None, start, end)
