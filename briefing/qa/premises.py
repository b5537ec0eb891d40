"""A question's own figures must not be contradicted by the sentence that answers it.

Why: a news archive holds the same story from other years or outlets with other figures. "Which
carmaker asked for 5,000,000,000 dollars more and plans to fire 3000 employees?" shares every
word with a twin that says "US$ 2 billion ... eleven thousand employees"; word overlap, the focus
and the answer type all pass, and the twin would be quoted as the answer. When the question
counts a thing ("3000 employees") and the sentence counts the same thing with other numbers only,
the sentence is about another event (or another figure of it) and does not answer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.qa.features import QUANTITY, quantity_value

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_MODIFIERS = frozenset("more extra additional new other further fewer".split())  # noqa: SIM905
_STOP = frozenset(
    "the a an and or of in on at to for by from with as is was were are be that this it".split()  # noqa: SIM905
)
_CURRENCY = {"$": "dollars", "us$": "dollars", "€": "euros", "£": "pounds"}
_COUNTED_GAP = 2  # words between a figure and what it counts ("3000 more employees")


def counted_figures(text: str) -> dict[str, set[float]]:
    """What each figure of ``text`` counts (its noun, singular-folded) -> the figures counting it."""
    counted: dict[str, set[float]] = {}
    for match in QUANTITY.finditer(text):
        value = quantity_value(match)
        if value is None or _DATED_YEAR.search(text[: match.end()]):
            continue  # "the August 2016 air raids": a date, not 2,016 of anything
        noun = _currency_before(text, match.start()) or _noun_after(text, match.end())
        if noun:
            counted.setdefault(noun, set()).add(value)
        toll = _toll_of(text, match.start(), match.end())
        if toll:
            counted.setdefault(toll, set()).add(value)
    return counted


# A figure that is a toll: "killing over 40", "killed at least 19", "40 people were killed", "19 dead".
_HEDGE = r"(?:(?:at least|more than|over|nearly|almost|about|around|some|up to|another)\s+)?"
_TOLL_BEFORE = re.compile(rf"\b(kill(?:s|ed|ing)?|wound(?:s|ed|ing)?|injur(?:e|es|ed|ing))\s+{_HEDGE}$", re.I)
_TOLL_AFTER = re.compile(
    r"^\s+(?:[a-z]+\s+){0,2}?(?:(?:were|have been|had been|was)\s+)?"
    r"(killed|dead|died|wounded|injured)\b",
    re.I,
)


def _toll_of(text: str, start: int, end: int) -> str:
    """ "toll killed" or "toll wounded" when the figure at ``start:end`` counts the killed or the
    wounded, whatever noun it has or lacks ("killing over 40" has none): the count of one event."""
    found = _TOLL_BEFORE.search(text[max(0, start - 40) : start]) or _TOLL_AFTER.match(text[end : end + 48])
    if found is None:
        return ""
    word = found.group(1).lower()
    return "toll killed" if word.startswith(("kill", "dead", "died")) else "toll wounded"


def other_figure(question: str, sentence: str) -> str:
    """Why ``sentence`` contradicts a figure of ``question`` ("" when it does not): it counts the
    same thing as the question, with none of the question's numbers anywhere in it."""
    asked = counted_figures(question)
    if not asked:
        return ""
    given = counted_figures(sentence)
    present = {v for values in given.values() for v in values}
    for noun, values in asked.items():
        if noun in given and not values & present:
            what = f"{noun.split()[1]} toll" if noun.startswith("toll ") else f"{noun}(s)"
            return f"it counts the {what} with other figures than the question's {_plain(min(values))}"
    return ""


_DIGITS = re.compile(r"(?<![\w.,-])\d[\d,]*(?:\.\d+)?")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATED_YEAR = re.compile(  # a year or a day written after a month: "August 2016", "May 12"
    rf"\b{_MONTH}\s+(?:(?:\d{{1,2}},?\s+)?(?:19|20)\d\d|\d{{1,2}})$", re.IGNORECASE
)
_DAY_OF_MONTH = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}|\b{_MONTH}\s+\d{{1,2}}\b", re.IGNORECASE
)


@lru_cache(maxsize=512)
def figures_in(text: str) -> frozenset[float]:
    """Every figure of ``text`` by value: as written ("16", "2,000") and scaled ("5 billion").
    Kept for the process: each question reads whole articles' figures, and the next question
    (the TUI, eval, a follow-up) often reads the same articles."""
    values = {
        float(m.replace(",", ""))
        for m in _DIGITS.findall(text)
        if m.replace(",", "").replace(".", "").isdigit()
    }
    values |= {v for m in QUANTITY.finditer(text) if (v := quantity_value(m)) is not None}
    return frozenset(values)


def absent_figure(question: str, article: frozenset[float]) -> str:
    """A figure the question states ("the *16*-foot asteroid", "*45* dead") that the article
    nowhere holds: the article is about another thing, as much as if a name were missing.
    Years are checked against the article's date elsewhere (:mod:`briefing.qa.answerability`)."""
    dates = [m.span() for m in _DAY_OF_MONTH.finditer(question)]
    for found in _DIGITS.finditer(question):
        raw, plain = found.group(), found.group().replace(",", "")
        if any(a <= found.start() < b for a, b in dates):
            continue  # "on 12 October 2009": the article may say "Monday"
        if _YEAR.match(plain) or not plain.replace(".", "").isdigit():
            continue
        if float(plain) not in article:
            return raw
    return ""


def _noun_after(text: str, end: int) -> str:
    """The noun right after a figure, past "more"/"new"-like words ("3000 more employees");
    nothing when another word comes first ("in 2009 the company": 2009 counts nothing)."""
    rest = text[end:]
    if rest[:1].isalpha() or not rest[:1].isspace():  # "5bn", "3,000-strong": not a plain count
        return ""
    for word in _WORD.findall(rest[:60])[: _COUNTED_GAP + 1]:
        lowered = word.lower()
        if lowered in _MODIFIERS:
            continue
        return _singular(lowered) if lowered not in _STOP else ""
    return ""


def _currency_before(text: str, start: int) -> str:
    before = text[max(0, start - 4) : start].rstrip().lower()
    for sign, noun in _CURRENCY.items():
        if before.endswith(sign):
            return _singular(noun)
    return ""


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _plain(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


_PERIOD = re.compile(r"\b(first|second|third|fourth|final|last)[\s-]+(quarter|half)\b|\bQ([1-4])\b", re.I)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _periods(text: str) -> set[tuple[str, int]]:
    """The quarters and halves of a year that ``text`` names: ("quarter", 3) for "third quarter"
    or "Q3"; "final" and "last" are the fourth quarter and the second half."""
    found = set()
    for match in _PERIOD.finditer(text):
        if match.group(3):
            found.add(("quarter", int(match.group(3))))
            continue
        period = match.group(2).lower()
        word = match.group(1).lower()
        found.add((period, _ORDINALS.get(word, 4 if period == "quarter" else 2)))
    return found


def other_period(question: str, sentence: str, window: str) -> str:
    """Why ``sentence`` does not report the quarter or half of the year the question asks about
    ("" when it may): it names another one ("GM lost $6 billion in the first quarter" does not
    answer what GM posted in the third), or neither it nor its neighbours name the asked one (an
    annual profit is not a quarter's)."""
    asked = _periods(question)
    if not asked:
        return ""
    given, near = _periods(sentence), _periods(window)
    for period, number in sorted(asked):
        others = sorted(n for p, n in given if p == period)
        if others and number not in others:
            return f"it reports {period} {others[0]}, not {period} {number}"
        if (period, number) not in near:
            return f"nothing near it names {period} {number}"
    return ""


_IN_YEAR = re.compile(r"\b(?:[Ii]n|[Dd]uring|[Bb]y the end of)\s+((?:19|20)\d\d)\b")


def other_year(years: tuple[str, ...], sentence: str) -> str:
    """Why ``sentence`` dates its fact in another year than the question asks about ("" when it
    does not): "In 2003 there were 632 MST camps" does not say how many there were in 2004. Only a
    year the sentence places its fact in ("in 2003") counts; "since 2001" only compares."""
    if not years or any(y in sentence for y in years):
        return ""
    placed = _IN_YEAR.findall(sentence)
    return f"it is about {placed[0]}, not {', '.join(years)}" if placed else ""
