"""Key figures: a number with what it counts ("7,400 Turkish soldiers ... deployed") and who reports it.

Casualty counts, deployments and tolls are what outlets disagree on, so each figure is kept with
its qualifier ("at least", "as many as"), the counted noun normalised to a unit ("soldiers",
"troops" -> soldier), and the event (killed, injured, deployed). Qualifiers become intervals:
"at least 10" is compatible with "12" but not with "5"; two figures for the same unit and event
conflict only when their intervals are disjoint, so "at least 10" and "over 20" never clash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    rf"(?:\s+(?P<mult>million|billion|thousand))?(?P<rest>(?:[\s-]+[\w’'-]+){{0,5}})",
    re.I,
)
_TOLL = re.compile(
    rf"(?P<what>(?:death|casualty|civilian death)\s+toll|number of (?:dead|deaths|victims|casualties))"
    rf"[^.;]{{0,60}}?\b(?:at|to|of|reached|hit|stood at|rose to)\s+(?:(?P<qual>{_QUALIFIERS})\s+)?"
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


@dataclass
class FigureHit:
    """A figure found in one sentence (before it is cited)."""

    number: str
    value: float
    qualifier: str
    counts: str
    unit: str
    event: str
    text: str


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
    """The event a figure counts: in its own clause after the number, else just before it."""
    clause = re.split(r"[,;]|\band that\b|\bwhile\b|\bwhile\b", after, maxsplit=1)[0]
    words = re.findall(r"[\w’'-]+", clause.lower())[:10] + re.findall(r"[\w’'-]+", before.lower())[-4:]
    found = [_EVENTS[w] for w in words if w in _EVENTS]
    if "killed" in found and "injured" in found:
        return "killed or injured"
    return found[0] if found else ""


def find(sentence: str) -> list[FigureHit]:
    """Figures of one sentence: counted nouns after a number, and tolls ('death toll ... at over 20')."""
    hits: list[FigureHit] = []
    for m in _TOLL.finditer(sentence):
        hits.append(
            FigureHit(
                m.group("num"),
                _value(m.group("num"), None),
                (m.group("qual") or "").lower(),
                m.group("what"),
                "death",
                "killed",
                sentence[m.start() : m.end()],
            )
        )
    taken = [(m.start(), m.end()) for m in _TOLL.finditer(sentence)]
    for m in _FIGURE.finditer(sentence):
        if any(a <= m.start("num") < b for a, b in taken):
            continue
        hit = _figure(sentence, m)
        if hit is not None:
            hits.append(hit)
    return hits


def _figure(sentence: str, m: re.Match[str]) -> FigureHit | None:
    num = m.group("num")
    before = sentence[: m.start("num")]
    if re.search(r"(?:No\.|[A-Z]\w*-|aged|age of|\d[:/.]|\w\s[A-Z][a-z]+)\s*$", before) or (
        re.fullmatch(r"(1[89]|20)\d\d", num) and not m.group("cur")
    ):
        return None  # identifiers, ages, times, years
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
        r"[^.;]{0,80}?(?:\b(?:killed|dead|died|injured|wounded|deployed|sent|arrested|displaced|"
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
    )


def interval(figure: Figure) -> tuple[float, float]:
    """What a qualified number allows: 'at least 10' -> [10, inf), 'as many as 20' -> [0, 20]."""
    v, q = figure.value, figure.qualifier
    if q in ("at least", "more than", "over"):
        return (v, float("inf"))
    if q in ("as many as", "up to", "nearly", "almost", "fewer than", "less than", "at most"):
        return (0.0, v)
    if q in ("about", "around", "some", "roughly", "approximately", "an estimated", "estimated"):
        return (0.8 * v, 1.2 * v)
    return (v, v)


def conflicts(story: str, figures: list[Figure], article_of: dict[str, str]) -> list[FigureConflict]:
    """Figures for the same quantity (unit and event) whose intervals cannot both be true.

    Only figures from different articles are compared: within one article, two counts of the
    same unit are usually two different events ("3 killed in Idlib, 5 in Aleppo").
    """
    groups: dict[str, list[Figure]] = {}
    for fig in figures:
        if fig.event and fig.unit not in ("percent", "money"):
            groups.setdefault(fig.quantity, []).append(fig)
    out: list[FigureConflict] = []
    for quantity, group in groups.items():
        clashing: list[Figure] = []
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if article_of.get(a.citations[0]) == article_of.get(b.citations[0]):
                    continue
                (a_lo, a_hi), (b_lo, b_hi) = interval(a), interval(b)
                if a_hi < b_lo or b_hi < a_lo:
                    clashing += [f for f in (a, b) if f not in clashing]
        if clashing:
            out.append(
                FigureConflict(
                    story=story, quantity=quantity, figures=sorted(clashing, key=lambda f: f.value)
                )
            )
    return out
