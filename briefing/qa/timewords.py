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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from briefing.core.models import Answer, AnswerPart, Article, SourceSentence
from briefing.text import incidents
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


def window_articles(question: str, as_of: dt.date, articles: Mapping[str, Article]) -> set[str] | None:
    """For a question that names a bounded time ("yesterday", "this week"), the ids of the
    retrieved articles published then; ``None`` when it names none or none was (then
    :func:`outside_window` abstains). Why: the window's articles are boosted, but a sentence of an
    article from another year could still be chosen ("What happened yesterday?" answered from 2024
    while yesterday's strike article was retrieved first)."""
    intent = time_intent(question, as_of)
    if intent is None or intent.start is None or intent.newest_first:
        return None
    inside = {aid for aid, article in articles.items() if intent.contains(article.published)}
    return inside or None


def outside_window(question: str, as_of: dt.date, published: Iterable[dt.date | None]) -> Answer | None:
    """An abstention for a question that names a bounded time ("yesterday", "this week") when
    none of the articles retrieved for it was published then (None otherwise); the caller adds
    the retrieved articles and the closest sentences, from other days, as related.

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
        "--as-of moves it): nothing to answer from; the closest sentences from outside it are "
        "listed as related"
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
    """Dated figures newest first, one event at a time, in place.

    When the parts' answer spans give different figures from different dates (or the question
    asked for the latest), the parts of one event run newest first, each stamped with its
    source's date (``as_of``): a toll that changed. Figures of different events (another place,
    incident, day or thing counted, or a whole-war total: :func:`_event`) are not one toll: each
    event's parts stay together, the events in the order of their first part, and each part
    names its event (``event``) when there is more than one.
    """
    groups: list[list[tuple[AnswerPart, dt.date | None, _Event]]] = []
    for part in parts:
        day = sources[part.citations[0]].published if part.citations else None
        told = _event(part, sources, day)
        home = next((g for g in groups if all(_same_event(told, other) for _, _, other in g)), None)
        if home is None:
            groups.append([(part, day, told)])
        else:
            home.append((part, day, told))
    several = sum(1 for g in groups if any(p.answer_span for p, _, _ in g)) > 1
    ordered: list[AnswerPart] = []
    for group in groups:
        figures = {p.answer_span.text for p, _, _ in group if p.answer_span is not None}
        days = {day for _, day, _ in group if day is not None}
        if len(days) >= 2 and (len(figures) >= 2 or newest_first):
            group.sort(key=lambda item: item[1] or dt.date.min, reverse=True)
            for part, day, _ in group:
                part.as_of = day
        for part, _, told in group:
            if several and part.answer_span is not None:
                part.event = told.label
            ordered.append(part)
    parts[:] = ordered


@dataclass(frozen=True)
class _Event:
    """What a figure of an answer counts: the incident, places, day and thing counted its sentence
    names ('' / empty when it does not say), and whether it is a whole-war total."""

    incident: str
    places: tuple[str, ...]
    day: dt.date | None
    counted: str
    war: bool

    @property
    def label(self) -> str:
        bits = [self.counted, self.incident, ", ".join(self.places[:2])]
        bits.append("the whole war" if self.war else (self.day.isoformat() if self.day else ""))
        return " · ".join(b for b in bits if b)


def _event(part: AnswerPart, sources: dict[str, SourceSentence], published: dt.date | None) -> _Event:
    sentence = (
        sources[part.citations[0]].text if part.citations and part.citations[0] in sources else part.text
    )
    span = part.answer_span
    start, end = (span.start, span.end) if span is not None and span.end <= len(sentence) else (0, 0)
    where = incidents.context(sentence, start)
    weekday = incidents.weekday_phrase(where)
    day = None
    if weekday and published is not None:
        resolved = HANDLERS["weekday"](weekday, DateContext(published, False, None, sentence))
        day = resolved.start if resolved is not None else None
    return _Event(
        incident=incidents.incident(where),
        places=tuple(incidents.places(where)),
        day=day,
        counted=incidents.counted(sentence, start, end) if span is not None else "",
        war=bool(incidents.scope(sentence)),
    )


def _same_event(a: _Event, b: _Event) -> bool:
    """Could ``a`` and ``b`` count one thing? Only what both say can tell them apart."""
    if a.war != b.war or (a.counted and b.counted and a.counted != b.counted):
        return False
    if a.day and b.day and abs((a.day - b.day).days) > 1:
        return False
    weak = {"air strike"}  # a gas attack or a shelling is also delivered by air: says little
    if a.incident and b.incident and a.incident != b.incident and not {a.incident, b.incident} & weak:
        return False
    pa, pb = incidents.place_keys(list(a.places)), incidents.place_keys(list(b.places))
    return not pa or not pb or bool(pa & pb)
