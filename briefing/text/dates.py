"""Dates as stated by the sources: parsed, never invented.

Time expressions in the running text ("last Tuesday", "three weeks ago", "05/03/2024") resolved
against the publication date. Publication dates themselves (ISO, RFC 2822 in feeds, free-form in
front matter; only complete absolute dates, so "yesterday" never becomes today's date silently)
and numeric dates that read two ways are :mod:`briefing.text.written_dates`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from briefing.text.numbers import NUMBER_WORDS
from briefing.text.written_dates import ambiguous_date, reading_near
from briefing.text.written_dates import parse_date as parse_date

# ----- time expressions: phrase -> calendar value (used by briefing.brief.timeline)

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""The month names, for every reader of dates (time expressions, figures, questions naming a month)."""
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec")
MONTHS = "|".join(MONTH_NAMES)
_MON_ABBR = "|".join(rf"{abbr}\.?" for abbr in MONTH_ABBREVIATIONS)
_NUMBER_WORDS = {"a": 1, "an": 1} | {word: n for word, n in NUMBER_WORDS.items() if n <= 30}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_PARTS = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650}
WD = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
MON = rf"(?:{MONTHS}|{_MON_ABBR})"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]\d\d|20\d\d)"
NUM = rf"(?:\d+|{'|'.join(_NUMBER_WORDS)})"
UNIT = r"(?:day|week|month|year|decade|hour)s?"
PART = r"(?:morning|afternoon|evening|night)"


@dataclass
class Resolved:
    """What a phrase means on the calendar, if it can be known."""

    value: str | None  # TIMEX-style: 2020-02-24, 2020-W08, 2020-02, 2018, 2009-Q1, P19D...
    start: dt.date | None = None
    end: dt.date | None = None
    relative: bool = False  # needs a publication date that the article does not have


@dataclass
class DateContext:
    anchor: dt.date | None
    future: bool
    previous: dt.date | None
    sentence: str


# ----- handlers: phrase -> Resolved | None


def _day(d: dt.date) -> Resolved:
    return Resolved(d.isoformat(), d, d)


def _week(d: dt.date) -> Resolved:
    year, week, _ = d.isocalendar()
    monday = d - dt.timedelta(days=d.weekday())
    return Resolved(f"{year}-W{week:02d}", monday, monday + dt.timedelta(days=6))


def _month(year: int, month: int) -> Resolved:
    last = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
    return Resolved(f"{year:04d}-{month:02d}", dt.date(year, month, 1), last)


def _year(year: int) -> Resolved:
    return Resolved(f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31))


def _relative() -> Resolved:
    return Resolved(None, relative=True)


def _weekday(phrase: str, ctx: DateContext) -> Resolved | None:
    low = re.sub(r"^on\s+", "", phrase.lower())
    if re.search(MON, phrase):  # "Monday, February 24, 2020": the calendar date decides
        cal = re.search(rf"{MON}\s+{DAY}(?:,?\s+{YEAR})?|{DAY}\s+{MON}(?:,?\s+{YEAR})?", phrase)
        if cal:
            return _calendar(cal.group(), ctx)
    if ctx.anchor is None:
        return _relative()
    target = next(i for i, name in enumerate(_WEEKDAYS) if name in low)
    back = (ctx.anchor.weekday() - target) % 7
    if low.startswith("next") or (ctx.future and not low.startswith(("last", "past"))):
        ahead = (target - ctx.anchor.weekday()) % 7 or (7 if low.startswith("next") else 0)
        day = ctx.anchor + dt.timedelta(days=ahead)
    else:
        day = ctx.anchor - dt.timedelta(days=back or (7 if low.startswith("last") else 0))
    part = next((code for word, code in _PARTS.items() if low.endswith(word)), "")
    return Resolved(day.isoformat() + part, day, day) if part else _day(day)


def _calendar(phrase: str, ctx: DateContext) -> Resolved | None:
    has_year = re.search(YEAR, phrase) is not None
    if not has_year and ctx.anchor is None:
        return _relative()
    parsed = by_dateparser(re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", phrase), ctx, prefer="current_period")
    if has_year or parsed is None or parsed.start is None or ctx.anchor is None:
        return parsed
    gap = (parsed.start - ctx.anchor).days  # no year given: the nearest year that fits the tense
    if gap > 60 and not ctx.future:
        return _day(parsed.start.replace(year=parsed.start.year - 1))
    if gap < -60 and ctx.future:
        return _day(parsed.start.replace(year=parsed.start.year + 1))
    return parsed


def _month_year(phrase: str, ctx: DateContext) -> Resolved | None:
    parsed = by_dateparser(re.sub(r"^(early|late|mid-?)\s*|\bof\s+", "", phrase, flags=re.I), ctx)
    return parsed if parsed and parsed.start else None


def _month_only(phrase: str, ctx: DateContext) -> Resolved | None:
    low = phrase.lower()
    name = re.sub(r"^(last|this|next|early|late|mid-?)\s*", "", low)
    month = [m.lower() for m in MONTH_NAMES].index(name) + 1
    if ctx.anchor is None:
        return _relative()
    year = ctx.anchor.year
    if low.startswith("last"):
        year -= 1 if month >= ctx.anchor.month else 0
    elif low.startswith("next"):
        year += 1 if month <= ctx.anchor.month else 0
    elif ctx.future:
        year += 1 if month < ctx.anchor.month else 0
    elif month > ctx.anchor.month:
        year -= 1
    return _month(year, month)


def _numeric(phrase: str, ctx: DateContext) -> Resolved | None:
    """05/03/2024 is taken only when the publication date and tense rule out the other reading."""
    if readings := ambiguous_date(phrase):
        day = reading_near(readings, ctx.anchor, ctx.future)
        return _day(day) if day else None
    return by_dateparser(phrase, ctx)


def _relday(phrase: str, ctx: DateContext) -> Resolved | None:
    low = phrase.lower()
    if ctx.anchor is None:
        return _relative()
    shift = -1 if "yesterday" in low else 1 if "tomorrow" in low else 0
    day = ctx.anchor + dt.timedelta(days=shift)
    part = "TNI" if "tonight" in low or low.endswith("night") else ""
    part = part or next((code for word, code in _PARTS.items() if low.endswith(word)), "")
    return Resolved(day.isoformat() + part, day, day) if part else _day(day)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower(), 0)


def _ago(phrase: str, ctx: DateContext) -> Resolved | None:
    m = re.match(rf"({NUM})\s+({UNIT})", phrase, re.I)
    if ctx.anchor is None or not m:
        return _relative() if ctx.anchor is None else None
    n, unit = _count(m.group(1)), m.group(2).lower().rstrip("s")
    if unit == "year":
        return _year(ctx.anchor.year - n)
    if unit == "month":
        index = ctx.anchor.year * 12 + ctx.anchor.month - 1 - n
        return _month(index // 12, index % 12 + 1)
    return _day(ctx.anchor - dt.timedelta(days=n * _UNIT_DAYS.get(unit, 1)))


def _past_n(phrase: str, ctx: DateContext) -> Resolved | None:
    """'over the past 19 days': a range ending on the publication date (a duration value)."""
    m = re.search(rf"\b(past|last|previous|next|coming)\s+(?:({NUM})\s+)?(?:\w+\s+)?({UNIT})\b", phrase, re.I)
    if not m:
        return None
    n = _count(m.group(2)) if m.group(2) else 1
    unit = m.group(3).lower().rstrip("s")
    if not m.group(2) and unit in ("year", "decade") and m.group(1).lower() != "next" and ctx.anchor:
        if unit == "year":  # "the previous year", "the last year": the calendar year before
            return _year(ctx.anchor.year - 1)
        return Resolved(str(ctx.anchor.year // 10 - 1), None, None)  # "the past decade": the 2000s
    code = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "hour": "H"}[unit]
    value = f"PT{n}H" if unit == "hour" else (f"P{n * 10}Y" if unit == "decade" else f"P{n}{code}")
    if n == 0:
        value = f"PX{code}"
    if ctx.anchor is None:
        return Resolved(value, relative=True)
    days = dt.timedelta(days=max(n, 1) * _UNIT_DAYS.get(unit, 1))
    future = m.group(1).lower() in ("next", "coming")
    first, last = (ctx.anchor, ctx.anchor + days) if future else (ctx.anchor - days, ctx.anchor)
    return Resolved(value, first, last)


def _quarter(phrase: str, ctx: DateContext) -> Resolved | None:
    low = phrase.lower()
    word = re.search(r"(first|second|third|fourth|final|last)", low)
    year_match = re.search(YEAR, low)
    if ctx.anchor is None and not year_match:
        return _relative()
    anchor = ctx.anchor or dt.date(int(year_match.group()) if year_match else 2000, 1, 1)
    current = (anchor.month - 1) // 3 + 1
    if word and word.group() == "last" and "of" not in low:
        q, year = (current - 1, anchor.year) if current > 1 else (4, anchor.year - 1)
    else:
        q = _ORDINALS.get(word.group() if word else "first", 4)
        year = anchor.year
        if year_match:
            year = int(year_match.group())
        elif "last year" in low:
            year -= 1
        elif "next year" in low:
            year += 1
        elif "this year" not in low and q > current and not ctx.future:
            year -= 1
    first = dt.date(year, 3 * q - 2, 1)
    return Resolved(f"{year}-Q{q}", first, _month(year, 3 * q).end)


def _season(phrase: str, ctx: DateContext) -> Resolved | None:
    low = phrase.lower()
    code = next(c for name, c in _SEASONS.items() if name in low)
    year_match = re.search(YEAR, low)
    if year_match:
        year = int(year_match.group())
    elif ctx.anchor is None:
        return _relative()
    else:
        year = ctx.anchor.year + (1 if low.startswith("next") else -1 if low.startswith("last") else 0)
    return Resolved(f"{year}-{code}", None, None)


def _relperiod(phrase: str, ctx: DateContext) -> Resolved | None:
    low = phrase.lower()
    if ctx.anchor is None:
        return _relative()
    a = ctx.anchor
    shift = (
        -1
        if re.search(r"\b(last|previous|past)\b", low)
        else 1
        if re.search(r"\b(next|coming)\b", low)
        else 0
    )
    if "same period last year" in low or "same month last year" in low:
        return _month(a.year - 1, a.month)
    if "year" in low:
        return _year(a.year + shift)
    if "decade" in low:
        return Resolved(f"{(a.year + 10 * shift) // 10}", None, None)
    if "month" in low:
        index = a.year * 12 + a.month - 1 + shift
        return _month(index // 12, index % 12 + 1)
    week = _week(a + dt.timedelta(days=7 * shift))
    if "weekend" in low:
        saturday = (week.start or a) + dt.timedelta(days=5)
        return Resolved(f"{week.value}-WE", saturday, saturday + dt.timedelta(days=1))
    return week


def _year_edge(phrase: str, ctx: DateContext) -> Resolved | None:
    year_match = re.search(YEAR, phrase)
    if year_match:
        return _year(int(year_match.group()))
    if ctx.anchor is None:
        return _relative()
    low = phrase.lower()
    return _year(ctx.anchor.year + (-1 if "last" in low else 1 if "next" in low else 0))


def _decade(phrase: str, ctx: DateContext) -> Resolved | None:
    digits = re.search(r"(\d+)0s", phrase)
    if not digits:
        return None
    head = digits.group(1)
    if len(head) == 1:
        head = ("19" if int(head) >= 2 else "20") + head
    return Resolved(head, dt.date(int(head) * 10, 1, 1), dt.date(int(head) * 10 + 9, 12, 31))


def _year_only(phrase: str, ctx: DateContext) -> Resolved | None:
    year = int(re.search(YEAR, phrase).group())  # type: ignore[union-attr]
    return _year(year)


def _anaphor(phrase: str, ctx: DateContext) -> Resolved | None:
    day = ctx.previous or ctx.anchor
    return _day(day) if day else None


def handle_time(phrase: str, ctx: DateContext) -> Resolved | None:
    m = re.search(r"(\d{1,2})[:.]?(\d{2})\s*([ap])?", phrase, re.I)
    day = ctx.previous or ctx.anchor
    if not m or day is None:
        return _relative() if day is None else None
    hour = int(m.group(1)) % 12 + (12 if (m.group(3) or "").lower() == "p" else 0)
    if not m.group(3):
        hour = int(m.group(1))
    zone = "Z" if re.search(r"UTC|GMT", phrase) else ""
    return Resolved(f"{day.isoformat()}T{hour:02d}:{m.group(2)}{zone}", day, day)


HANDLERS: dict[str, Callable[[str, DateContext], Resolved | None]] = {
    "time": handle_time,
    "weekday": _weekday,
    "calendar": _calendar,
    "month_year": _month_year,
    "month": _month_only,
    "numeric": _numeric,
    "relday": _relday,
    "ago": _ago,
    "past_n": _past_n,
    "quarter": _quarter,
    "season": _season,
    "relperiod": _relperiod,
    "year_edge": _year_edge,
    "decade": _decade,
    "year": _year_only,
    "anaphor": _anaphor,
}


@lru_cache(maxsize=256)
def _parser(anchor: dt.date | None, prefer: str) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": prefer, "DATE_ORDER": "MDY"}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(anchor, dt.time(12))
    return DateDataParser(languages=["en"], settings=settings)


def by_dateparser(phrase: str, ctx: DateContext, prefer: str = "current_period") -> Resolved | None:
    """Calendar forms through dateparser; its period (day/week/month/year) sets the granularity."""
    if ctx.anchor is None and not re.search(r"\d{4}|/\d{2}\b", phrase):
        return None
    data = _parser(ctx.anchor, prefer).get_date_data(phrase)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return _year(d.year)
    if period == "month":
        return _month(d.year, d.month)
    if period == "week":
        return _week(d)
    return _day(d)
