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


def exact_ranking(
    pool: Sequence[str],
    items: list[list[str]],
    coverage: Callable[[Sequence[str], list[list[str]]], dict[str, set[int]]],
    idf: Callable[[str], float],
) -> list[str]:
    """Pool articles holding at least one item, by the summed rarity of the items they hold.

    Ties keep the pool's (fused) order, so the ranking adds evidence only where items differ.
    """
    if not items or not pool:
        return []
    weights = [sum(idf(t) for t in item) for item in items]
    held = coverage(pool, items)
    score = {aid: sum(weights[i] for i in held.get(aid, ())) for aid in pool}
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
