"""Time expressions in sentences, resolved against the article's publication date.

News dates events relative to the day it is published ("on Monday", "last week", "over the past
19 days"), so a timeline across articles has to resolve each phrase against *its own* article's
date. Each mention keeps the phrase as written beside what it resolves to (a TIMEX-style value
and a first/last day), so a reader can check the resolution. Without a publication date,
relative phrases stay relative and say so; absolute ones ("back in 2018") still resolve.

dateparser parses the calendar forms (month names, numeric dates, "3 days ago"); the rest is
rules, because the right answer depends on news conventions a generic parser does not know:
a bare weekday is the most recent such day on or before publication (the next one when the
sentence speaks of the future), "last week" is the ISO week before, "over the past 19 days" is a
range ending on the publication date, and "the same day" refers back to the last date mentioned.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.core.brief_models import TimelineEntry, Window
from briefing.core.models import Article
from briefing.text.dates import (
    DAY,
    HANDLERS,
    MON,
    MONTHS,
    NUM,
    PART,
    UNIT,
    WD,
    YEAR,
    DateContext,
    Resolved,
    by_dateparser,
    handle_time,
)

_FUTURE_WORDS = frozenset(
    "will won't wont 'll shall should expected expects scheduled due plans plan planned "  # noqa: SIM905
    "planning intends going upcoming forthcoming set until want wants aims hopes".split()
)
_PAST_WORDS = frozenset(
    "said told made took met fell rose held came went began sent won lost hit saw left gave "  # noqa: SIM905
    "got was were had did struck shot killed closed ended".split()
)
_BE = frozenset("be been being is are".split())  # noqa: SIM905
_TOKEN = re.compile(r"[\w']+")


# (name, pattern): tried together; at each place the longest match wins.
_PATTERNS: list[tuple[str, str]] = [
    (
        "time",
        r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\((?:GMT|UTC)[^)]*\)|\s*(?:UTC|GMT)\b)?"
        r"|\b[012]\d[0-5]\d\s+(?:UTC|GMT)\b",
    ),
    (
        "weekday",
        rf"\b(?:on\s+)?(?:(?:last|this|next|past)\s+)?{WD}(?:\s+{PART})?"
        rf"(?:,?\s+{MON}\s+{DAY}(?:,?\s+{YEAR})?|,?\s+{DAY}\s+{MON}(?:,?\s+{YEAR})?)?",
    ),
    ("calendar", rf"\b{MON}\s+{DAY}(?:,?\s+{YEAR})?\b|\b{DAY}\s+{MON}(?:,?\s+{YEAR})?\b"),
    ("month_year", rf"\b(?:(?:early|late|mid-?)\s*)?{MON}\s+(?:of\s+)?{YEAR}\b"),
    ("month", rf"\b(?:(?:last|this|next|early|late|mid-?)\s*)?(?:{MONTHS})\b(?!\s+\d)"),
    ("numeric", r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b"),
    (
        "relday",
        rf"\b(?:(?:earlier|later)\s+)?(?:yesterday|today|tomorrow|tonight)(?:\s+{PART})?"
        rf"|\b(?:this|last)\s+{PART}\b",
    ),
    ("ago", rf"\b{NUM}\s+{UNIT}\s+ago\b"),
    (
        "past_n",
        rf"\b(?:(?:over|in|during|for|within)\s+)?the\s+(?:past|last|previous|next|coming)\s+"
        rf"(?:{NUM}\s+)?(?:\w+\s+)?{UNIT}\b",
    ),
    (
        "quarter",
        rf"\b(?:the\s+)?(?:first|second|third|fourth|final|last)[ -]quarter"
        rf"(?:\s+of\s+(?:{YEAR}|this year|last year|next year))?",
    ),
    (
        "season",
        rf"\b(?:(?:last|this|next)\s+)?(?:spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?{YEAR})?\b",
    ),
    (
        "relperiod",
        r"\b(?:(?:earlier|later)\s+)?(?:this|last|next|the previous|the past|the coming)\s+"
        r"(?:week|weekend|month|year|decade)\b"
        r"|\bthe\s+(?:weekend|year previous|previous year|same (?:period|month) last year)\b",
    ),
    (
        "year_edge",
        rf"\b(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+(?:the\s+|this\s+|last\s+|next\s+)?"
        rf"(?:year|{YEAR})\b",
    ),
    ("decade", r"\b(?:the\s+)?(?:1[89]|20)\d0s\b|\b(?:the\s+)?'?[2-9]0s\b"),
    ("year", rf"\b(?:(?:back\s+)?in\s+)?(?:(?:early|late|mid-?)\s*)?{YEAR}\b(?![,.]?\d)(?!\s+[a-z]+s\b)"),
    ("anaphor", r"\b(?:the|that)\s+(?:same\s+)?day\b|\bits date\b"),
]
_REGEX = [(name, re.compile(pattern, re.I if name != "month" else 0)) for name, pattern in _PATTERNS]


@dataclass
class Mention:
    """A time expression in a sentence and its resolution."""

    text: str
    start: int
    end: int
    kind: str
    resolved: Resolved


def find_spans(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) of time expressions, longest first at each place.

    Kept per text: 17 regular expressions over every sentence, and a brief dates each sentence
    twice (its figures and its timeline).
    """
    return list(_spans(text))


def forget() -> None:
    """Drop the time expressions kept per text (see :func:`find_spans`)."""
    _spans.cache_clear()


@lru_cache(maxsize=20_000)
def _spans(text: str) -> tuple[tuple[int, int, str], ...]:
    found = [
        (m.start(), m.end(), name) for name, rx in _REGEX for m in rx.finditer(text) if m.group().strip()
    ]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    spans: list[tuple[int, int, str]] = []
    for start, end, name in found:
        if spans and start < spans[-1][1]:
            continue
        spans.append((start, end, name))
    return tuple(spans)


def mentions(sentence: str, anchor: dt.date | None, previous: dt.date | None = None) -> list[Mention]:
    """Every time expression of a sentence, resolved against ``anchor`` (the publication date)."""
    ctx = DateContext(anchor, False, previous, sentence)
    out = []
    for start, end, kind in find_spans(sentence):
        ctx.future = is_future(sentence, start, end)
        resolved = HANDLERS[kind](sentence[start:end], ctx)
        if resolved is not None:
            out.append(Mention(sentence[start:end], start, end, kind, resolved))
            if resolved.start and resolved.start == resolved.end:
                ctx.previous = resolved.start
    return out


def resolve(
    phrase: str, anchor: dt.date | None, sentence: str = "", previous: dt.date | None = None
) -> Resolved | None:
    """Resolve one phrase (e.g. a gold time expression); the sentence decides past or future."""
    at = sentence.find(phrase) if sentence else -1
    future = is_future(sentence, at, at + len(phrase)) if at >= 0 else is_future(phrase, 0, 0)
    ctx = DateContext(anchor, future, previous, sentence)
    spans = find_spans(phrase)
    if not spans:
        return by_dateparser(phrase, ctx)
    dated = [(s, e, k) for s, e, k in spans if k != "time"]
    if any(k == "time" for _, _, k in spans) and dated:  # "12:00 UTC Monday": the day, then the time
        day = HANDLERS[dated[0][2]](phrase[dated[0][0] : dated[0][1]], ctx)
        if day and day.start:
            ctx.previous = day.start
        timed = next(s for s in spans if s[2] == "time")
        return handle_time(phrase[timed[0] : timed[1]], ctx)
    start, end, kind = max(spans, key=lambda s: s[1] - s[0])
    return HANDLERS[kind](phrase[start:end], ctx)


def is_future(sentence: str, start: int, end: int) -> bool:
    """Does the clause around ``sentence[start:end]`` speak of the future?

    The nearest decisive word before the phrase wins ("announced Friday that it will..." is past,
    "is expected to arrive on Monday" future); failing that, the next few words ("On Monday, the
    company will..."). A participle after "be" ("won't be renewed after October") is not decisive.
    """
    before = _TOKEN.findall(sentence[:start])[-8:]
    for i in range(len(before) - 1, -1, -1):
        word = before[i].lower()
        if word in _FUTURE_WORDS:
            return True
        if word in _PAST_WORDS or (word.endswith("ed") and len(word) > 4 and word not in ("need", "indeed")):
            if i > 0 and before[i - 1].lower() in _BE and word not in _PAST_WORDS:
                continue
            return False
    return any(w.lower() in _FUTURE_WORDS for w in _TOKEN.findall(sentence[end:])[:5])


# ----- the brief's timeline


def article_timeline(article: Article, story: str = "") -> list[TimelineEntry]:
    """Dated events of one article: each sentence with a date-like time expression."""
    entries: list[TimelineEntry] = []
    previous: dt.date | None = None
    for sentence in article.sentences:
        for mention in mentions(sentence.text, article.published, previous):
            r = mention.resolved
            if r.start and r.start == r.end:
                previous = r.start
            if mention.kind in ("time", "anaphor") or not (r.relative or r.start or r.value):
                continue
            if not r.relative and r.start is None:
                continue
            entries.append(
                TimelineEntry(
                    story=story,
                    phrase=mention.text,
                    value=r.value,
                    start=r.start,
                    end=r.end,
                    label=label(r),
                    relative=r.relative,
                    event=sentence.text,
                    citations=[sentence.id],
                )
            )
    return entries


def label(r: Resolved) -> str:
    """What a reader sees for a resolution: a day, a range, or 'relative (no publication date)'."""
    if r.relative:
        return "relative (no publication date)"
    if r.start is None:
        return r.value or "?"
    if r.start == r.end:
        return f"{r.start.isoformat()} ({r.start:%a})"
    if r.value and re.fullmatch(r"\d{2,3}", r.value):  # TIMEX decade "198" / century "19"
        return f"the {r.value}0s" if len(r.value) == 3 else f"the {r.value}00s"
    if r.value and r.value[:4].isdigit() and not r.value.startswith("P"):
        return f"{r.value} ({r.start.isoformat()} – {r.end.isoformat() if r.end else '…'})"
    return f"{r.start.isoformat()} – {r.end.isoformat() if r.end else '…'}"


def sort_key(entry: TimelineEntry) -> tuple[int, dt.date, dt.date]:
    """Dated entries by first day (then last day); relative ones after them, in order given."""
    if entry.start is None:
        return (1, dt.date.max, dt.date.max)
    return (0, entry.start, entry.end or entry.start)


def for_window(
    entries: list[TimelineEntry], window: Window, articles: list[Article], background_days: int = 7
) -> list[TimelineEntry]:
    """The brief's timeline: duplicates merged, sorted, and dates ending more than
    ``background_days`` before the window (or, without one, before its oldest article) marked
    ``background`` — history an analyst sees summed up in one line, not as 100 events."""
    dates = [a.published for a in articles if a.published]
    first = window.since or (min(dates) if dates else None)
    merged: dict[tuple[dt.date | None, dt.date | None, str], TimelineEntry] = {}
    for e in entries:
        key = (e.start, e.end, e.phrase + e.event if e.start is None else e.event)
        if key in merged:
            merged[key].citations += [c for c in e.citations if c not in merged[key].citations]
            continue
        merged[key] = e
    out = sorted(merged.values(), key=sort_key)
    if first is not None:
        edge = first - dt.timedelta(days=background_days)
        for e in out:
            e.background = e.start is not None and (e.end or e.start) < edge
    return out


def background_summary(entries: list[TimelineEntry]) -> str:
    """One line for the background dates: 'N earlier dates, 1978 – 2016'."""
    old = [e for e in entries if e.background and e.start]
    if not old:
        return ""
    years = sorted({e.start.year for e in old if e.start})
    span = str(years[0]) if len(years) == 1 else f"{years[0]} – {years[-1]}"
    return f"{len(old)} earlier date(s), {span} (history; listed in the JSON)"
