"""Absolute dates as written: an article's publication date, a date the user types, and the
all-numeric date whose day and month can be swapped.

``05/03/2024`` is 5 March in most of the world and 3 May in the US; nothing in the string says
which. Reading it one way without a word was the bug: an article landed two months away from its
day, in the wrong brief window, with nothing to make anyone look. So the swap is never silent:
a typed date (a flag, a TUI box) that reads two ways is refused with both ISO spellings to pick
from; an article's date is read the way the ``inputs.day_first`` setting says and, while that is
unset, counted and reported (:func:`briefing.inputs.sources.read_input_with_problems`); a date in
the running text (timelines, questions) is taken only when the publication date rules one reading
out (:func:`reading_near`). ``13/03/2024`` or ``05/05/2024`` read one way only and are taken.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

_DAY_MONTH_YEAR = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-])")
NOT_A_DATE = "{value!r} is not a date; use YYYY-MM-DD, e.g. 2020-02-24"


class Readings(NamedTuple):
    """The two calendar days one numeric date can be: ``05/03/2024`` -> 3 May / 5 March."""

    written: str
    month_first: dt.date
    day_first: dt.date


def ambiguous_date(value: str) -> Readings | None:
    """The two readings of the first ``D/M/Y`` (or ``.``, ``-``) date in ``value`` when both are real,
    different days (both fields at most 12, and not equal), else None. A two-digit year follows
    Python's ``%y`` (69-99: 1900s)."""
    found = _DAY_MONTH_YEAR.search(value)
    if not found:
        return None
    first, second, year = int(found.group(1)), int(found.group(3)), found.group(4)
    full = int(year) if len(year) == 4 else dt.datetime.strptime(year, "%y").year
    month_first, day_first = _day(full, first, second), _day(full, second, first)
    if month_first is None or day_first is None or month_first == day_first:
        return None
    return Readings(found.group(), month_first, day_first)


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def day_first_only(value: str) -> str | None:
    """The numeric date of ``value`` as written when it can only be day first (``13/03/2024``),
    else None: evidence of how the source writes its dates."""
    found = _DAY_MONTH_YEAR.search(value)
    if not found or int(found.group(1)) <= 12 or int(found.group(3)) > 12:
        return None
    return found.group()


def read_day(value: str) -> dt.date:
    """A date the user typed: ``YYYY-MM-DD``, or ``D/M/YYYY`` that reads one way only
    (``13/03/2024``). ValueError with the line to show otherwise: an ambiguous one names both ISO
    spellings (``05/03/2024 is ambiguous: write 2024-03-05 or 2024-05-03``)."""
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    found = _DAY_MONTH_YEAR.fullmatch(text)
    if found and len(found.group(4)) == 4:
        readings = ambiguous_date(text)
        if readings is not None:
            days = sorted((readings.day_first.isoformat(), readings.month_first.isoformat()))
            raise ValueError(f"{text} is ambiguous: write {days[0]} or {days[1]}")
        first, second, year = int(found.group(1)), int(found.group(3)), int(found.group(4))
        day = _day(year, first, second) or _day(year, second, first)
        if day is not None:
            return day
    raise ValueError(NOT_A_DATE.format(value=value))


def reading_near(readings: Readings, anchor: dt.date | None, future: bool) -> dt.date | None:
    """The one reading of an ambiguous date in running text that its context allows: a past-tense
    sentence tells of a day on or before the publication date ``anchor``, a future one of a day
    on or after it. None when both (or neither) fit, or there is no anchor: no guess."""
    if anchor is None:
        return None
    days = {readings.month_first, readings.day_first}
    fitting = [day for day in days if (day >= anchor if future else day <= anchor)]
    return fitting[0] if len(fitting) == 1 else None


def parse_date(value: Any, day_first: bool = False) -> dt.date | None:
    """A stated date: ISO first, then RFC 2822, then dateparser for free-form text; else None.

    The date as written is kept (no conversion to UTC). dateparser only accepts absolute dates
    with day, month and year, so "yesterday" or "April" never turn into an invented date; a year
    before 1000 (``-0001-01-01`` read by dateparser as year 1) is never a news date. A numeric
    date that reads two ways is read day first when ``day_first``, else month first (the caller
    reports it: see the module's docstring).
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for parse in (dt.date.fromisoformat, lambda s: dt.datetime.fromisoformat(s).date()):
        try:
            return parse(text)
        except ValueError:
            pass
    import email.utils

    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    if readings := ambiguous_date(text):
        return readings.day_first if day_first else readings.month_first
    import dateparser

    settings = {"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"]}
    parsed = dateparser.parse(text, settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed and parsed.year >= 1000 else None
