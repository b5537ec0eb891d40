"""Key figures: a number with what it counts ("7,400 Turkish soldiers ... deployed") and who reports it.

Casualty counts, deployments and tolls are what outlets disagree on, so each figure is kept with
its qualifier ("at least", "as many as"), the counted noun normalised to a unit ("soldiers",
"troops" -> soldier), and the event (killed, injured, deployed). Qualifiers become intervals:
"at least 10" is compatible with "12" but not with "5"; two figures for the same unit and event
conflict only when their intervals are disjoint, so "at least 10" and "over 20" never clash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from briefing.brief.counted import PEOPLE, counted_nouns
from briefing.brief.quantity import same_quantity
from briefing.core.brief_models import Figure, FigureConflict
from briefing.text.dates import MONTH_ABBREVIATIONS, MONTH_NAMES
from briefing.text.numbers import NUMBER_WORDS

_WORD_NUMBERS = {word: n for word, n in NUMBER_WORDS.items() if n > 1} | {  # "one": too common
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
}
_QUALIFIERS = (
    r"at least|more than|over|nearly|almost|about|around|some|as many as|up to|roughly|"
    r"approximately|fewer than|less than|at most|an estimated|estimated"
)
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{'|'.join(_WORD_NUMBERS)})"
_FIGURE = re.compile(
    rf"(?:(?P<qual>{_QUALIFIERS})\s+)?(?P<cur>US\$|\$|€|£)?\s?(?P<num>{_NUMBER})(?P<pct>%)?"
    rf"(?:\s+(?P<mult>million|billion|thousand))?(?P<rest>(?:[\s-]+(?!\d)[\w’'-]+){{0,5}})",
    re.I,
)
_TOLL = re.compile(
    rf"(?P<what>(?:death|casualty|civilian death)\s+toll|number of (?:dead|deaths|victims|casualties))"
    rf"[^.;]{{0,160}}?\b(?:at|to|of|reached|hit|stood at|rose to|risen to|surpasses|passed)\s+"
    rf"(?:(?P<qual>{_QUALIFIERS})\s+)?"
    rf"(?P<num>{_NUMBER})\b",
    re.I,
)
_STOP = frozenset(
    "have has had were was are is been be of in on at from to and or who which that as by for "  # noqa: SIM905
    "with after near during since while the a an their his her its this these those into "
    "across over under than more including among mostly mainly many most all some".split()
)
_TIME_UNITS = frozenset(
    "day days week weeks month months year years hour hours minute minutes decade decades "  # noqa: SIM905
    "century o'clock am pm a.m. p.m. percent-year".split()
)
_EVENTS = {
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "deaths": "killed",
    "lives": "killed",
    "injured": "injured",
    "wounded": "injured",
    "hurt": "injured",
    "deployed": "deployed",
    "sent": "sent",
    "arrested": "arrested",
    "detained": "detained",
    "displaced": "displaced",
    "evacuated": "evacuated",
    "rescued": "rescued",
    "missing": "missing",
    "captured": "captured",
    "destroyed": "destroyed",
    "entered": "entered",
    "fled": "fled",
    "executed": "killed",
}
_MONTH_NAMES = "|".join(MONTH_ABBREVIATIONS + MONTH_NAMES)
_UNIT_SYNONYMS = {
    "troop": "soldier",
    "people": "person",
    "persons": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "militant": "fighter",
    "rebel": "fighter",
    "jihadist": "fighter",
    "casualty": "casualty",
}


@dataclass(frozen=True)
class FigureHit:
    """A figure found in one sentence (before it is cited)."""

    number: str
    value: float
    qualifier: str
    counts: str
    unit: str
    event: str
    text: str
    start: int = 0


def _value(number: str, mult: str | None) -> float:
    low = number.lower().replace(",", "")
    value = float(_WORD_NUMBERS[low]) if low in _WORD_NUMBERS else float(low)
    return value * {"million": 1e6, "billion": 1e9, "thousand": 1e3}.get((mult or "").lower(), 1)


def _unit(word: str) -> str:
    w = word.lower().strip("’'-")
    if w in _UNIT_SYNONYMS:
        return _UNIT_SYNONYMS[w]
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return _UNIT_SYNONYMS.get(w, w)


def _event(after: str, before: str = "") -> str:
    """The event a figure counts: the verb it is the object of ('killed 58 people'), else the
    first event word of its own clause after the number (up to the next figure)."""
    lead = re.findall(r"[\w’'-]+", re.sub(rf"(?:{_QUALIFIERS})\s*$", "", before.lower()))[-1:]
    if lead and lead[0] in _EVENTS:
        return _EVENTS[lead[0]]
    clause = re.split(r"[,;]|\band that\b|\bwhile\b|\band\s+(?=\d)", after, maxsplit=1)[0]
    words = re.findall(r"[\w’'-]+", clause.lower())[:10]
    if re.search(r"\b(?:killed|dead) (?:or|and) (?:injured|wounded)\b", clause.lower()):
        return "killed or injured"
    found = [_EVENTS[w] for w in words if w in _EVENTS]
    if not found:
        found = [_EVENTS[w] for w in re.findall(r"[\w’'-]+", before.lower())[-4:] if w in _EVENTS]
    return found[0] if found else ""


def find(sentence: str) -> list[FigureHit]:
    """Figures of one sentence: counted nouns after a number, and tolls ('death toll ... at over 20').

    Kept per sentence text (hits are frozen): a brief looks at each sentence's figures three
    times (its figures, the status of its claims, its copies' notes).
    """
    return list(_find(sentence))


def forget() -> None:
    """Drop the figures kept per sentence (see :func:`find`)."""
    _find.cache_clear()


@lru_cache(maxsize=20_000)
def _find(sentence: str) -> tuple[FigureHit, ...]:
    hits: list[FigureHit] = []
    for m in _TOLL.finditer(sentence):
        hits.append(
            FigureHit(
                m.group("num"),
                _value(m.group("num"), None),
                (m.group("qual") or "").lower(),
                m.group("what"),
                "person",  # a death toll counts people killed
                "killed",
                sentence[m.start() : m.end()],
                m.start(),
            )
        )
    taken = [(m.start(), m.end()) for m in _TOLL.finditer(sentence)]
    counted: list[FigureHit] = []
    for m in _FIGURE.finditer(sentence):
        if any(a <= m.start("num") < b for a, b in taken):
            continue
        hit = _figure(sentence, m)
        if hit is not None:
            counted.append(hit)
    return tuple(hits + _parsed(sentence, counted))


def _parsed(sentence: str, hits: list[FigureHit]) -> list[FigureHit]:
    """The hits the parse reads as counts, each with the unit of the noun its number modifies
    (:mod:`briefing.brief.counted`); money and percentages are measures, and counts of people read
    unaided, and pass as they are. A number inside a word ("ten" of "often people") is none."""
    numbers = [sentence.find(hit.number, hit.start) for hit in hits]
    hits = [hit for hit, at in zip(hits, numbers, strict=True) if at <= 0 or not sentence[at - 1].isalnum()]
    if all(hit.unit in ("money", "percent") or hit.unit in PEOPLE for hit in hits):
        return hits
    nouns = counted_nouns(sentence)
    kept = []
    for hit in hits:
        at = sentence.find(hit.number, hit.start)
        if hit.unit in ("money", "percent") or hit.unit in PEOPLE:
            kept.append(hit)
        elif at in nouns and (noun := nouns[at]) is None:
            kept.append(hit)  # attached to no noun: the words after it stand
        elif at in nouns and noun is not None and not noun.refused():
            kept.append(replace(hit, unit=_unit(noun.noun)) if noun.noun in hit.counts.split() else hit)
    return kept


def _figure(sentence: str, m: re.Match[str]) -> FigureHit | None:
    num = m.group("num")
    before = sentence[: m.start("num")]
    if re.search(r"(?:No\.|[A-Z]\w*-|aged|age of|magnitude|\d[:/.]|\w\s[A-Z][a-z]+)\s*$", before) or (
        re.fullmatch(r"(1[89]|20)\d\d", num) and not m.group("cur")
    ):
        return None  # identifiers, ages, magnitudes, times, years
    part = re.search(r"\b(\d[\d,.]*|[A-Za-z]+)\s+of\s+(?:the\s+|its\s+|their\s+)?$", before)
    if part and not m.group("cur") and (part[1][0].isdigit() or part[1].lower() in _WORD_NUMBERS):
        return None  # "40 of 900 services ran", "two of the 12": the whole, not what ran
    rest = m.group("rest") or ""
    if rest.startswith("-") or re.match(rf"\s+(?:{_MONTH_NAMES})\b", rest):
        return None  # "nine-year war", "05 Apr"
    words = re.findall(r"[\w’'-]+", rest)
    counted: list[str] = []
    for word in words:
        if word.lower() in _STOP or word.lower() in _EVENTS or word[0].isdigit():
            break
        counted.append(word)
        if len(counted) >= 4:
            break
    if m.group("pct") or (counted and counted[0].lower() == "percent"):
        counted, unit = ["percent"], "percent"
    elif m.group("cur"):
        unit = "money"
    elif not counted or counted[-1].lower() in _TIME_UNITS or counted[0].lower() in _TIME_UNITS:
        return None
    else:
        unit = _unit(counted[-1])
    if num.lower() in _WORD_NUMBERS and not counted:
        return None
    tail = sentence[m.end("num") :]
    counts = " ".join(counted)
    phrase_end = tail.find(counts) + len(counts) if counts and counts in tail else 0
    text_end = m.end("num") + phrase_end
    context = re.match(
        r"[^.;\d]{0,80}?(?:\b(?:killed|dead|died|injured|wounded|deployed|sent|arrested|displaced|"
        r"evacuated|rescued|missing|captured|destroyed|entered|fled|executed)\b(?:\s+[^\s,.;]+){0,8})",
        sentence[text_end:],
    )
    if context:
        text_end += len(context.group().rstrip(" ,"))
    start = m.start("qual") if m.group("qual") else m.start("cur") if m.group("cur") else m.start("num")
    lead = re.search(
        r"\b(?:a|an|the)\s+(?:[\w’'-]+\s+){0,2}(?:convoy|group|total|force|fleet) of\s+$", before
    )
    if lead:
        start = lead.start()
    value = _value(num, m.group("mult"))
    return FigureHit(
        num,
        value,
        (m.group("qual") or "").lower(),
        counts,
        unit,
        _event(sentence[m.end("num") :][:160], before),
        sentence[start:text_end].strip(),
        start,
    )


def interval(figure: Figure) -> tuple[float, float]:
    """What a reported count stands for: 'at least 58' -> [58, 63.8], 'as many as 20' -> [18, 20].

    A toll reported as "at least 58" is the number that outlet stands by, not a bound it would
    accept any number above: "at least 58" and "at least 72" killed are two different tolls (a
    conflict a reader must see), while "at least 58" and "60" agree. So a lower bound covers 10%
    above it, an upper bound 10% below, an approximate figure 20% either side.
    """
    v, q = figure.value, figure.qualifier
    if q in ("at least", "more than", "over"):
        return (v, 1.1 * v)
    if q in ("as many as", "up to", "nearly", "almost", "fewer than", "less than", "at most"):
        return (0.9 * v, v)
    if q in ("about", "around", "some", "roughly", "approximately", "an estimated", "estimated"):
        return (0.8 * v, 1.2 * v)
    return (v, v)


def conflicts(story: str, figures: list[Figure], article_of: dict[str, str]) -> list[FigureConflict]:
    """Figures of the same quantity (:func:`~briefing.brief.quantity.same_quantity`: what is counted,
    the incident, day and place) from two different claimants whose intervals cannot both be true.

    Two figures of one claimant are not compared (a monitor raising its toll is an update, and
    one article's "3 killed in Idlib, 5 in Aleppo" are two counts); whole-war totals never clash.
    ``article_of`` (sentence id -> article id) tells a repeated sentence from another report.
    """
    candidates = [f for f in figures if f.event and f.unit not in ("percent", "money") and not f.scope]
    parent = list(range(len(candidates)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    clashing: set[int] = set()
    for i, a in enumerate(candidates):
        for j in range(i + 1, len(candidates)):
            b = candidates[j]
            if _claimant(a, article_of) == _claimant(b, article_of) or not same_quantity(a, b):
                continue
            (a_lo, a_hi), (b_lo, b_hi) = interval(a), interval(b)
            if a_hi < b_lo or b_hi < a_lo:
                clashing |= {i, j}
                parent[root(j)] = root(i)
    groups: dict[int, list[Figure]] = {}
    for i in sorted(clashing):
        groups.setdefault(root(i), []).append(candidates[i])
    return [
        FigureConflict(story=story, quantity=group[0].quantity, figures=sorted(group, key=lambda f: f.value))
        for group in groups.values()
    ]


def _claimant(fig: Figure, article_of: dict[str, str]) -> str:
    who = re.sub(r"^the\s+", "", fig.claimant.strip().lower())
    return who or article_of.get(fig.citations[0], fig.citations[0])
