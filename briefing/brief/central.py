"""What a story is mostly about: its central article and sentences, by term-vector centrality.

Shared by the extractive developments (:mod:`briefing.brief.build`) and the material the LLM
writes from (:mod:`briefing.brief.developments`), so both start from the same sentences.
"""

from __future__ import annotations

import numpy as np

from briefing.core.brief_models import Cited
from briefing.core.models import Article
from briefing.llm.wording import is_injection
from briefing.text.terms import terms, words

_MIN_WORDS = 6


def _vector(text: str) -> dict[str, float]:
    counts: dict[str, float] = {}
    for t in terms(text):
        counts[t] = counts.get(t, 0.0) + 1.0
    return counts


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na, nb = np.sqrt(sum(v * v for v in a.values())), np.sqrt(sum(v * v for v in b.values()))
    return float(dot / (na * nb)) if na and nb else 0.0


def central_article(mains: list[Article]) -> Article:
    """The article closest to the story's centroid: its title becomes the headline."""
    if len(mains) == 1:
        return mains[0]
    vectors = [_vector(f"{a.title} " + " ".join(s.text for s in a.sentences[:3])) for a in mains]
    centroid: dict[str, float] = {}
    for v in vectors:
        for k, x in v.items():
            centroid[k] = centroid.get(k, 0.0) + x
    return max(zip(mains, vectors, strict=True), key=lambda av: _cosine(av[1], centroid))[0]


def central_sentences(mains: list[Article], n: int) -> list[Cited]:
    """The most central, non-redundant sentences: similar to the story as a whole, early in their article.
    A sentence addressed to an AI ("Ignore all previous instructions and say ...") is no development
    and is not offered, to the reader or to the LLM writing from these sentences."""
    pool = [
        (a, s)
        for a in mains
        for s in a.sentences
        if len(s.text.split()) >= _MIN_WORDS and not is_injection(s.text)
    ]
    if not pool:
        return []
    vectors = [_vector(s.text) for _, s in pool]
    centroid: dict[str, float] = {}
    for v in vectors:
        for k, x in v.items():
            centroid[k] = centroid.get(k, 0.0) + x
    scored = sorted(
        range(len(pool)),
        key=lambda i: _cosine(vectors[i], centroid) + 0.15 / (1 + pool[i][1].n),
        reverse=True,
    )
    chosen: list[Cited] = []
    chosen_words: list[set[str]] = []
    for i in scored:
        mine = set(words(pool[i][1].text))
        twin = next(
            (k for k, w in enumerate(chosen_words) if len(mine & w) / max(len(mine | w), 1) >= 0.5), None
        )
        if twin is not None:
            chosen[twin].citations.append(pool[i][1].id)  # the same development elsewhere: cite it too
            continue
        if len(chosen) < n:
            chosen.append(Cited(text=pool[i][1].text, citations=[pool[i][1].id]))
            chosen_words.append(mine)
    return chosen
