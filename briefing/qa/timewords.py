"""Time words in questions ("latest", "yesterday", "this week") and dated figures in answers.

Why: news answers change with time. "What is the latest death toll?" must prefer the newest
report before the as-of date (default: today; ``--as-of`` moves it), "yesterday" and "last week"
point at a window before it, and when the cited sentences give different figures on different
dates the reader sees them newest first, each with its date, instead of 58 and 100 in no order.
Calendar arithmetic comes from :mod:`briefing.text.dates` (the resolver the timelines use).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.core.models import Answer, AnswerPart, SourceSentence
from briefing.text.dates import HANDLERS, DateContext

_TIME_WORDS = re.compile(
    r"\b(latest|most recent|newest|now|currently|current|so far|to date|recently|recent|today|tonight|"
    r"yesterday|this week|last week|past week|this month|last month)\b",
    re.IGNORECASE,
)
_RECENT_DAYS = 30
_LATEST = {"latest", "most recent", "newest", "now", "currently", "current", "so far", "to date"}


@dataclass(frozen=True)
class TimeIntent:
    """What a question's time word asks for: a window before the as-of date, and/or the newest."""

    phrase: str
    start: dt.date | None
    end: dt.date
    newest_first: bool

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and (self.start is None or self.start <= day) and day <= self.end


def time_intent(question: str, as_of: dt.date) -> TimeIntent | None:
    """The time word of ``question`` resolved against ``as_of``, or None when it has none."""
    match = _TIME_WORDS.search(question)
    if match is None:
        return None
    phrase = match.group().lower()
    if phrase in _LATEST:
        return TimeIntent(phrase, None, as_of, newest_first=True)
    if phrase in {"recently", "recent"}:
        return TimeIntent(phrase, as_of - dt.timedelta(days=_RECENT_DAYS), as_of, newest_first=True)
    context = DateContext(anchor=as_of, future=False, previous=None, sentence=question)
    handler = HANDLERS["relday"] if phrase in {"today", "tonight", "yesterday"} else HANDLERS["relperiod"]
    resolved = handler(phrase.replace("past", "last"), context)
    if resolved is None or resolved.start is None or resolved.end is None:
        return None
    return TimeIntent(phrase, resolved.start, min(resolved.end, as_of), newest_first=False)


def outside_window(question: str, as_of: dt.date, published: Iterable[dt.date | None]) -> Answer | None:
    """An abstention for a question that names a bounded time ("yesterday", "this week") when
    none of the articles retrieved for it was published then (None otherwise).

    Why: the retrieval boost prefers the window's articles, but when the window holds none on
    the topic the best match is from another time (the WHO "yesterday" answered from 2016), and
    quoting it answers a question that was not asked. "latest" and "recently" are not bounded.
    """
    intent = time_intent(question, as_of)
    if intent is None or intent.start is None or intent.newest_first:
        return None
    if any(intent.contains(day) for day in published):
        return None
    days = intent.start.isoformat() + ("" if intent.start == intent.end else f" to {intent.end.isoformat()}")
    notice = (
        f"no article on this was published {intent.phrase} ({days}, as of {as_of.isoformat()}; "
        "--as-of moves it): nothing to answer from"
    )
    return Answer(question=question, abstained=True, notice=notice)


def recency_ranking(ranked: list[str], published: dict[str, dt.date | None], intent: TimeIntent) -> list[str]:
    """The articles a time word prefers, best first: those in its window (newest first when it
    asks for the latest), for the retrieval boost in :func:`briefing.qa.retrieval.retrieve`."""
    inside = [a for a in ranked if intent.contains(published.get(a))]
    if intent.newest_first:
        inside.sort(key=lambda a: published[a] or dt.date.min, reverse=True)
    return inside


def date_figures(parts: list[AnswerPart], sources: dict[str, SourceSentence], newest_first: bool) -> None:
    """Dated figures newest first: when the parts' answer spans give different figures from
    different dates (or the question asked for the latest), order the parts newest first and
    stamp each with its source's date (``as_of``), in place."""
    dated = [(p, sources[p.citations[0]].published if p.citations else None) for p in parts]
    figures = {p.answer_span.text for p in parts if p.answer_span is not None}
    days = {day for _, day in dated if day is not None}
    if len(days) < 2 or not (len(figures) >= 2 or newest_first):
        return
    dated.sort(key=lambda pair: pair[1] or dt.date.min, reverse=True)
    parts[:] = [p for p, _ in dated]
    for part, day in dated:
        part.as_of = day
