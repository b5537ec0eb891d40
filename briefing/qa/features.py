"""Question features that ranking by bag of words blurs: exact numbers and names, word order.

News archives repeat the same kind of story (a recall every year, a daily casualty round-up); what
tells the asked one apart is often a figure ("recalled 2.9 million vehicles") or a name ("Bab
al-Maqam") that BM25 weighs like any other term and embeddings barely see. Two extra rankings
feed the fusion:

- **exact match**: among the fused candidates, articles holding more of the question's numbers
  and names (each whole: every term of a name present), weighted by rarity;
- **proximity**: among the head articles, those holding the question's adjacent term pairs
  adjacent too ("Red Crescent", "car bomb", "first quarter").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence

from briefing.text.terms import terms

_QUESTION_WORDS = frozenset(
    {"how", "what", "which", "who", "whom", "whose", "when", "where", "why", "did", "does", "do"}
    | {"is", "are", "was", "were", "will", "would", "can", "could", "has", "have", "had", "should"}
    | {"in", "on", "at", "according", "besides"}
)
_NOT_NAMES = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
_UNITS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split()  # noqa: SIM905
_NUMBER_WORDS: dict[str, float] = {word: n + 1.0 for n, word in enumerate(_UNITS)}
_NUMBER_WORDS |= {"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1}
_TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905
_TENS = dict(zip(_TEN_WORDS, range(20, 100, 10), strict=True))
_NUMBER_WORDS |= _TENS
_NUMBER_WORDS |= {f"{t}-{u}": v + n + 1 for t, v in _TENS.items() for n, u in enumerate(_UNITS[:9])}
_SCALES = {"dozen": 12, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
QUANTITY = re.compile(
    r"(?<![\w.])(?P<number>\d[\d,]*(?:\.\d+)?|"
    + "|".join(sorted((w for w in _NUMBER_WORDS if w not in ("a", "an")), key=len, reverse=True))
    + r"|an?(?=\s+(?:dozen|hundred|thousand|million|billion)\b))"
    r"(?:\s*-?\s*(?P<scale>dozen|hundred|thousand|million|billion|bn|m)\b)?(?![\w-])",
    re.IGNORECASE,
)
_NAME = re.compile(r"\b[A-Z][\w.-]*(?:\s+(?:(?:al|el|de|of|bin|ibn)[\s-]+)?[A-Z][\w.-]*)*")


def key_items(question: str) -> list[list[str]]:
    """The question's numbers and names, each as the terms that must all occur in an answer.

    A name is a run of capitalised words (with their particles: "Bab al-Maqam", "Red Crescent");
    a capitalised question word opening the question is not one. Numbers are terms with a digit
    (``terms`` keeps "2.9" and "1,300" whole, the latter as "1300").
    """
    items: list[list[str]] = []
    for match in _NAME.finditer(question):
        words = match.group().split()
        if match.start() == 0 or question[: match.start()].rstrip().endswith((".", "?", "!")):
            while words and words[0].lower() in _QUESTION_WORDS:
                words = words[1:]
        words = [w for w in words if w.lower() not in _NOT_NAMES]
        name_terms = [t for t in terms(" ".join(words)) if not any(c.isdigit() for c in t)]
        if name_terms:
            items.append(name_terms)
    items += [[t] for t in terms(question) if any(c.isdigit() for c in t)]
    unique: dict[tuple[str, ...], list[str]] = {}
    for item in items:
        unique.setdefault(tuple(item), item)
    return list(unique.values())


def key_alternatives(question: str, forms: bool = True) -> list[list[list[str]]]:
    """The question's names and quantities, each as its alternative spellings (term lists).

    A name has one spelling; a quantity has every form an article may write it in
    (:func:`quantity_forms`): "2.9 million" is also "2,900,000", "eight" is also "8".
    ``forms=False``: the items of :func:`key_items` as they are (numbers as written).
    """
    if not forms:
        return [[item] for item in key_items(question)]
    number_words = {t for word in _NUMBER_WORDS for t in terms(word)}
    names = [
        [item]
        for item in key_items(question)
        if not any(c.isdigit() for t in item for c in t) and not set(item) <= number_words
    ]
    quantities = [quantity_forms(value) for value in quantities_in(question)]
    unique: dict[tuple[tuple[str, ...], ...], list[list[str]]] = {}
    for key in names + [q for q in quantities if q]:
        unique.setdefault(tuple(tuple(form) for form in key), key)
    return list(unique.values())


def quantities_in(text: str) -> list[float]:
    """The numbers of a text with their scale words applied ("2.9 million" -> 2900000.0, "eight" -> 8)."""
    values = (quantity_value(match) for match in QUANTITY.finditer(text))
    return [value for value in values if value is not None]


def quantity_value(match: re.Match[str]) -> float | None:
    """The value of one :data:`QUANTITY` match, its scale word applied; None when unreadable."""
    raw, scale = match["number"].lower(), (match["scale"] or "").lower()
    value = _NUMBER_WORDS.get(raw)
    if value is None:
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            return None
    return value * _SCALES.get(scale, 1)


def quantity_forms(value: float) -> list[list[str]]:
    """The term lists a quantity may be written as: digits, a scale word ("2.9" + "million" or
    "bn"), a number word ("eight", "twenty-five"); the plain digits first."""
    forms: list[list[str]] = []
    whole = value == int(value)
    forms.append(terms(str(int(value)) if whole else _plain(value)))
    for size, words in ((1e9, ("billion", "bn")), (1e6, ("million", "m")), (1e3, ("thousand",))):
        scaled = value / size
        if scaled >= 1:  # the largest scale only: "40 billion", never "40000 million"
            if round(scaled, 2) == round(scaled, 6):
                forms += [terms(f"{_plain(scaled)} {word}") for word in words]
                spelled = _number_word(scaled)  # "three thousand", "two billion"
                forms += [terms(f"{spelled} {words[0]}")] if spelled else []
            break
    word = _number_word(value)
    if word:
        forms.append(terms(word))
    unique = {tuple(f): f for f in forms if f}
    return list(unique.values())


def _number_word(value: float) -> str | None:
    return next((w for w, v in _NUMBER_WORDS.items() if v == value and w not in ("a", "an")), None)


def _plain(value: float) -> str:
    """A number as articles write it: no exponent, at most two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def exact_ranking(
    pool: Sequence[str],
    keys: list[list[list[str]]],
    coverage: Callable[[Sequence[str], list[list[str]]], dict[str, set[int]]],
    idf: Callable[[str], float],
) -> list[str]:
    """Pool articles holding at least one key (in any of its spellings), by the summed rarity of
    the keys they hold (each key at its rarest held spelling).

    Ties keep the pool's (fused) order, so the ranking adds evidence only where keys differ.
    """
    forms = [(k, form) for k, key in enumerate(keys) for form in key]
    if not forms or not pool:
        return []
    weights = [sum(idf(t) for t in form) for _, form in forms]
    held = coverage(pool, [form for _, form in forms])
    score = {}
    for aid in pool:
        best: dict[int, float] = {}
        for i in held.get(aid, ()):
            best[forms[i][0]] = max(best.get(forms[i][0], 0.0), weights[i])
        score[aid] = sum(best.values())
    order = {aid: n for n, aid in enumerate(pool)}
    return sorted((a for a in pool if score[a] > 0), key=lambda a: (-score[a], order[a]))


def proximity_ranking(
    head: Sequence[str],
    term_lists: dict[str, list[list[str]]],
    question_terms: list[str],
    idf: Callable[[str], float],
) -> list[str]:
    """Head articles holding the question's adjacent term pairs adjacent (within a sentence or title).

    ``term_lists`` gives each article's title and sentences as term lists. Ties keep head order.
    """
    pairs = set(_pairs(question_terms))
    if not pairs:
        return []
    score = {}
    for article_id in head:
        found = set().union(*(_pairs(t) for t in term_lists[article_id])) & pairs
        score[article_id] = sum(idf(a) + idf(b) for a, b in found)
    order = {aid: n for n, aid in enumerate(head)}
    return sorted((a for a in head if score[a] > 0), key=lambda a: (-score[a], order[a]))


def _pairs(items: Iterable[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(items))
