"""Dates as stated by the sources: parsed, never invented.

Publication dates come in many shapes (ISO, RFC 2822 in feeds, free-form in front matter); only
complete absolute dates are accepted, so "yesterday" never becomes today's date silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def parse_date(value: Any) -> dt.date | None:
    """A stated date: ISO first, then RFC 2822, then dateparser for free-form text; else None.

    The date as written is kept (no conversion to UTC). dateparser only accepts absolute dates
    with day, month and year, so "yesterday" or "April" never turn into an invented date.
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
    import dateparser

    settings = {"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"]}
    parsed = dateparser.parse(text, settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None
