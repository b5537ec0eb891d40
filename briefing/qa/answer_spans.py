"""Where in a sentence the answer of the asked type is: the span the CLI and the TUI highlight.

Why a separate module: deciding *whether* a sentence answers (:mod:`briefing.qa.answerability`)
and finding *which words* answer are two jobs with their own rules. A *how many* question wants
a figure that is not a year, not a day of the month in a date ("November 26 2017") and not a
number the question already holds, next to the asked measure; a *who is the governor* question a
name next to the word governor, not any organisation in the sentence; a *which camp* question a
name written with the class noun ("al-Wafideen Camp") even when spaCy tags no place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from briefing.qa.matching import CAPITALS, same_word, tokens
from briefing.qa.vocabulary import CURRENCY_SIGNS, MEASURE_ALIASES, TOLLS

if TYPE_CHECKING:
    from briefing.qa.focus import Focus

Span = tuple[int, int]

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    "dozens?|hundreds|thousands|millions|billions|half|a dozen"
)
_SCALE = r"(?:\s?(?:%|(?:percent|per cent|million|billion|trillion|bn|mn|m|k|thousand)\b))?"
_NUMBER = re.compile(  # "£1bn", "500km": a scale or unit written onto the figure
    r"(?:(?:US|A|C|NZ|HK)?[$£€¥]\s?)?\b\d[\d,.]*(?:\b|(?=(?:bn|mn|m|k|km|kg|mph)\b))"
    + _SCALE
    + r"|\b(?:"
    + _NUMBER_WORDS
    + r")\b"
    + _SCALE,
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_MONEY = re.compile(
    r"[$£€¥]|\b(?:dollars?|euros?|pounds?|yen|yuan|rupees?|francs?|rubles?|roubles?|usd|eur|gbp)\b", re.I
)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_TIME = re.compile(
    r"\b(?:(?:early|mid|late)[\s-])?(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:"
    + _MONTHS
    + r")\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?"
    r"(?:,?\s+(?:1[89]|20)\d\d)?|(?:1[89]|20)\d\d|" + _DAYS + r"|yesterday|today|tomorrow|tonight|"
    r"(?:last|next|this)\s+(?:week|month|year|weekend)|\d+\s+(?:days|weeks|months|years)\s+ago|"
    r"\d{1,2}[:.]\d\d\s?(?:[ap]\.?m\b\.?)|\d{1,2}\s?[ap]\.?m\b\.?|"  # "8.15 pm", "6 a.m.": a clock time
    r"\d{1,2}:\d\d|\d{4}-\d\d-\d\d)\b",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"\d[:.]\d\d|\d\s?[ap]\.?m\b", re.I)
# "The previous two were reported", "the other three, who": a figure standing for things named in
# an earlier sentence (no noun after it) is not a count of what the question asks about.
_ANAPHORIC_BEFORE = re.compile(r"\bthe\s+(?:(?:previous|other|first|last|remaining|latter)\s+)?$", re.I)
_COUNTS_NOTHING = re.compile(
    r"\s*(?:[,.;:)]|$|(?:were|was|are|is|have|had|has|who|which|that|of|did|do|will|would)\b)", re.I
)
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|from|to|into|across|outside|inside|around|towards?|throughout|within)\s+(?:the\s+)?$",
    re.I,
)
_MONTH_NAMES = _MONTHS + "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_AGED = re.compile(r"\b(?:age of|aged)\s*$", re.I)
_AGE = re.compile(r"[\s-]*(?:year|month|week|day)s?[\s-]*old\b", re.I)
_SHORT_DATE = re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTH_NAMES})\b|\b(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}\b", re.I)
UNITS = {
    "tall": "m|metres?|meters?|feet|foot|ft|storeys?|stories|km|kilometres?",
    "high": "m|metres?|meters?|feet|foot|ft|storeys?|stories|km|kilometres?|%|percent|points?",
    "old": "years?|year-old|aged|age",
    "fast": "km/h|kph|mph|knots?|miles per hour|kilometres per hour|mach",
    "long": "days?|hours?|weeks?|months?|years?|minutes?|seconds?|km|kilometres?|miles?|metres?|m|feet",
    "far": "km|kilometres?|kilometers?|miles?|light[\\s-]years?|metres?|m|%|percent|per cent|points?",
    "close": "km|kilometres?|kilometers?|miles?|metres?|meters?|m|feet|yards?",
    "big": "km|square|hectares?|acres?|m|metres?|tonnes?|tons?|people|members",
    "large": "km|square|hectares?|acres?|m|metres?|tonnes?|tons?|people|members",
    "deep": "m|metres?|meters?|feet|km",
    "heavy": "kg|kilograms?|tonnes?|tons?|pounds?|lbs?|grams?",
    "wide": "m|metres?|meters?|feet|km|kilometres?|miles?",
}
_AGENT_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME_LABELS = frozenset(  # "which venue", "which bloc": whatever has a name
    {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
_COUNTED_GAP = 3  # words between a figure and the noun it counts: "7,400 Turkish army soldiers"
_ROLE_GAP = 4  # words between a role and its holder: "the governor of Homs province Talal Barrazi"
_NAME_RUN = re.compile(
    r"(?:\b(?:al|el|as|ad|ar)-)?\b[A-Z][\w'’-]*(?:\s+(?:(?:al|el|de|of)[\s-])?[A-Z][\w'’-]*)*"
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SHARE = re.compile(r"^\s*(?:%|percent\b|per\s+cent\b)|(?:%|percent|per\s+cent)$", re.I)


def entities(text: str) -> tuple[tuple[int, int, str], ...]:
    """spaCy's named entities of one sentence (start, end, label); cached in :mod:`briefing.text.nlp`,
    and kept in the index while an answer is computed (:mod:`briefing.store.kept_entities`)."""
    from briefing.store.kept_entities import current
    from briefing.text.nlp import entities as recognised

    kept = current()
    found = kept.get(text) if kept is not None else None
    if found is None:
        found = recognised(text)
        if kept is not None:
            kept.put(text, found)
    return found


def states_money(text: str) -> bool:
    """A figure with a currency: what a keyword query's "price" or "cost" is answered by."""
    return bool(_MONEY.search(text)) and any(c.isdigit() for c in text)


def answer_span(focus: Focus, text: str) -> Span | None:
    """Where ``text`` holds an answer of the type ``focus`` expects that the question does not hold."""
    kind = focus.answer_type
    if kind == "number":
        return _number(focus, text)
    if kind == "time":
        times = [m.span() for m in _TIME.finditer(text)]
        if "time" in focus.question_words:  # "at what time": the clock, not the day ("Tuesday")
            times.sort(key=lambda span: not _CLOCK.search(text[span[0] : span[1]]))
        return _first_new(text, times, focus.question_words)
    labels = {"agent": _AGENT_LABELS, "name": _NAME_LABELS}.get(kind or "", _PLACE_LABELS)
    found = [(s, e) for s, e, lab in entities(text) if lab in labels and not _qualifies(text, lab, e)]
    if kind == "agent":
        found = [span for span in found if span not in _places(text)]
    if focus.kind:  # "which camp": "al-Wafideen Camp", "the village of Hassadjek"
        found = sorted({*found, *_named_with(text, focus.kind)})
    if kind == "agent" and focus.measure:  # "who is the governor": the name next to "governor"
        found = _next_to_role(text, found, focus.measure)
    return _first_new(text, found, focus.question_words)


def _qualifies(text: str, label: str, end: int) -> bool:
    """ "Syrian" in "the Syrian government": a nationality qualifying a noun, not a who ("the
    Kurds said" is one: a plural people)."""
    if label in {"GPE", "NORP"} and text[end : end + 1] == "-":  # "the Britain-based monitor"
        return True
    return label == "NORP" and not text[:end].endswith("s") and bool(re.match(r"\s+[a-z]", text[end:]))


def _places(text: str) -> list[Span]:
    """Countries and cities after "in", "near", "from" (and the ones listed after them: "near
    Seattle, Washington"): places there, not a *who*."""
    placed: list[Span] = []
    for start, end, label in entities(text):
        if label not in {"GPE", "LOC"}:
            continue
        listed = bool(placed) and text[placed[-1][1] : start].strip() in {",", ""}
        if listed or _LOCATIVE.search(text[max(0, start - 16) : start]):
            placed.append((start, end))
    return placed


def names_the_class(focus: Focus, text: str) -> bool:
    """The sentence names a new X with the class noun of a *which X* question ("the village of
    Rajm Sleibi"): a surer answer than any place it mentions, so it goes first."""
    if not focus.kind:
        return False
    return _first_new(text, _named_with(text, focus.kind), focus.question_words) is not None


def _number(focus: Focus, text: str) -> Span | None:
    """The figure nearest the asked measure ("7,400" in "80 vehicles ... 7,400 soldiers")."""
    spans = _numbers(focus, text)
    measure = focus.measure
    if not spans or measure is None or measure in UNITS or focus.money:
        return spans[0] if spans else None
    names = {measure, *MEASURE_ALIASES.get(measure, ())}
    sign = CURRENCY_SIGNS.get(measure)
    signed = [span for span in spans if sign and sign in text[max(0, span[0] - 4) : span[0] + 1]]
    if signed:
        return signed[0]  # "How many Australian dollars": "AU$ 52.5 million"
    words = _word_spans(text)
    spots = [s for s, _, w in words if any(same_word(w, name) for name in names)]
    if focus.wh == "how many" and measure not in TOLLS:
        return _counting(text, spans, words, spots)
    if not spots:
        return spans[0]
    return min(spans, key=lambda span: min(abs(spot - span[1]) for spot in spots))


def _counting(
    text: str, spans: list[Span], words: list[tuple[int, int, str]], spots: list[int]
) -> Span | None:
    """*How many fighters*: a figure that counts fighters, the noun a few words after it ("7,400
    Turkish soldiers"), not one that counts commanders in a sentence that mentions fighters."""
    for n, (start, end) in enumerate(spans):
        partitive = text[end:].lstrip().startswith("of ")  # "up to 60 of its new A350 jets", "48 of 90 seats"
        after = n + 2 if partitive else n + 1
        stop = spans[after][0] if after < len(spans) else len(text)  # "80 vehicles and 7,400 soldiers"
        following = [(s, w) for s, _, w in words if end <= s < stop]
        gap = _COUNTED_GAP * 2 if partitive else _COUNTED_GAP
        if any(s in spots for s, _ in following[: gap + 1]):
            return start, end
    return None


def _numbers(focus: Focus, text: str) -> list[Span]:
    """Figures that can answer: not a year, not the day of a date, not a number of the question;
    with a currency for money, with a unit for *how tall/far/old*."""
    measure = focus.measure
    unit_re = rf"(?:{UNITS[measure]})(?![a-z])" if measure in UNITS else ""  # "8.2 metres", not "8.2 m"
    pattern = re.compile(unit_re, re.I) if unit_re else None
    dates = [m.span() for m in _SHORT_DATE.finditer(text)]
    found: list[Span] = []
    for match in _NUMBER.finditer(text):
        value = match.group().strip()
        if _YEAR.match(value) or set(tokens(value)) <= focus.question_words:
            continue
        start, end = match.span()
        if any(a <= start and end <= b for a, b in dates):
            continue  # "November 26 2017": a date, not a count
        if measure not in {"old", "age"} and _AGE.match(text[end:]):
            continue  # "a seven-year-old suicide bomber": an age, not a count of bombers
        share = bool(_SHARE.search(value) or _SHARE.match(text[end:]))
        if share if focus.wh == "how many" else (not share and _asks_share(focus)):
            continue  # "turnout was 61 percent" counts nothing; "two nations" is no share
        if _ANAPHORIC_BEFORE.search(text[max(0, start - 24) : start]) and _COUNTS_NOTHING.match(text[end:]):
            continue  # "the previous two were reported": a count of things named before, not asked for
        tail = text[end : end + 24]
        if focus.money and not (_MONEY.search(text[max(0, start - 4) : end]) or _MONEY.search(tail[:10])):
            continue
        if measure == "old" and _AGED.search(text[max(0, start - 12) : start]):
            found.append((start, end))  # "died at the age of 56", "Jobs, aged 56": the unit comes first
            continue
        if pattern is not None and measure not in {"big", "large"}:  # "how big were the crowds": 200,000
            unit = pattern.match(tail.lstrip(" -"))
            written_on = re.search(r"(?:%|[a-z]+(?: cent)?)$", value, re.I)  # "5.5 percent", "500km"
            if unit is None and written_on and pattern.fullmatch(written_on.group()):
                found.append((start, end))
                continue
            if unit is None:
                continue
            end += len(tail) - len(tail.lstrip(" -")) + unit.end()
        found.append((start, end))
    return found


def _asks_share(focus: Focus) -> bool:
    """ "What share/percentage/proportion of …": a figure in percent answers, a count does not."""
    return focus.wh in {"what", "which"} and bool(focus.question_words & _SHARE_NOUNS)


_SHARE_NOUNS = frozenset({"share", "percentage", "proportion", "percent"})


def _word_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def _named_with(text: str, noun: str) -> list[Span]:
    """Capitalised names written with the class noun: "al-Wafideen Camp", "village of Hassadjek"."""
    spots = [(s, e) for s, e, w in _word_spans(text) if same_word(w, noun)]
    out: list[Span] = []
    for run in _NAME_RUN.finditer(text):
        start, end = run.span()
        if run.group().lower() == noun or start == 0:
            continue
        for s, e in spots:
            between = text[end:s] if end <= s else text[e:start]
            joined = len(between) <= 4 or between.strip().lower() in {"of", "of the"}
            if joined or _one_modifier(between, end <= s):
                out.append((start, end))
    return out


def _one_modifier(between: str, name_first: bool) -> bool:
    """One lower-case word between a name and its class noun: "the Old Mutual *insurance* company",
    "al-Wafideen *refugee* camp" (a compound modifier; never a verb or a clause between them)."""
    word = between.strip()
    spaced = between.startswith(" ") and between.endswith(" ")
    return name_first and spaced and word.isalpha() and word.islower()


def _next_to_role(text: str, spans: list[Span], role: str) -> list[Span]:
    """Names within a few words of the role ("Ercan Topaca the Governor of Hatay"); all of them
    when the role word itself is not in the sentence (it was matched by meaning)."""
    words = _word_spans(text)
    spots = [i for i, (_, _, w) in enumerate(words) if same_word(w, role)]
    if not spots:
        return spans
    near: list[tuple[int, Span]] = []
    for start, end in spans:
        inside = [i for i, (s, e, _) in enumerate(words) if s >= start and e <= end]
        gap = min((abs(i - spot) for i in inside for spot in spots), default=_ROLE_GAP + 2)
        if gap <= _ROLE_GAP + 1:
            near.append((gap, (start, end)))
    return [span for _, span in sorted(near)]  # the closest holder first: "Turkish President Erdogan"


def _first_new(text: str, spans: Iterable[Span], question_words: frozenset[str]) -> Span | None:
    """The first span with a word the question does not hold, as written or as a form of it
    ("Iranian", or its capital "Tehran", is the question's "Iran": not a new name for *who was
    Iran's minister*)."""
    asked = question_words | {CAPITALS[w] for w in question_words if w in CAPITALS}  # Beijing: China
    for start, end in spans:
        new = {CAPITALS.get(w, w) for w in tokens(text[start:end])} - asked
        if any(not any(same_word(w, q) for q in asked if q[:1] == w[:1]) for w in new):
            return start, end
    return None
