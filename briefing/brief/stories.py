"""Stories: the same event across outlets, with syndicated copies folded into one origin.

An analyst needs to know how many *independent* sources carry an event, so grouping works in
two steps:

1. near-duplicates (wire copies, re-posts, light edits) are found by word-shingle overlap and
   folded into one origin: ten outlets running the same AFP text are one source, not ten;
2. origins are grouped into stories by average-link agglomerative clustering on a similarity
   that mixes TF-IDF over names and content words of the title and lead (what the event is:
   places, actors, numbers) with the article embeddings from the index when given (paraphrase).

Stories are ranked by independent sources, then recency, then size.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from briefing.core.models import Article
from briefing.text.terms import terms

_SHINGLE = 5
_LEAD_SENTENCES = 4
_DENSE_FLOOR = 0.6


@dataclass
class Origin:
    """One text and its near-duplicate copies (first = the earliest / representative copy)."""

    articles: list[Article]

    @property
    def main(self) -> Article:
        return self.articles[0]

    @property
    def outlet(self) -> str:
        return (self.main.source or self.main.id).strip().lower()


@dataclass
class StoryGroup:
    """Origins that report the same event."""

    origins: list[Origin] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [a for o in self.origins for a in o.articles]

    @property
    def independent_sources(self) -> int:
        return len({o.outlet for o in self.origins})

    @property
    def latest(self) -> dt.date | None:
        dates = [a.published for a in self.articles if a.published]
        return max(dates) if dates else None


def _shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(tuple(words[i : i + _SHINGLE])) for i in range(max(len(words) - _SHINGLE + 1, 1))}


def origins(articles: list[Article], overlap: float = 0.5) -> list[Origin]:
    """Fold near-duplicates: shingle containment of the smaller text in the larger >= ``overlap``."""
    ordered = sorted(articles, key=lambda a: (a.published or dt.date.max, a.ingested_at, a.id))
    shingles = [_shingles(a.text) for a in ordered]
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index: dict[int, list[int]] = {}
    for i, sh in enumerate(shingles):
        for h in sh:
            index.setdefault(h, []).append(i)
    for i, sh in enumerate(shingles):
        shared: Counter[int] = Counter(j for h in sh for j in index[h] if j > i)
        for j, n in shared.items():
            if n / max(min(len(sh), len(shingles[j])), 1) >= overlap:
                parent[root(j)] = root(i)
    groups: dict[int, list[Article]] = {}
    for i, article in enumerate(ordered):
        groups.setdefault(root(i), []).append(article)
    return [Origin(members) for members in groups.values()]


def _lead(article: Article) -> str:
    lead = " ".join(s.text for s in article.sentences[:_LEAD_SENTENCES])
    return f"{article.title} {article.title} {lead}"  # the title twice: it names the event


def _tfidf(texts: list[str]) -> np.ndarray:
    docs = [Counter(terms(t)) for t in texts]
    df: Counter[str] = Counter(t for d in docs for t in d)
    vocab = {t: i for i, t in enumerate(df)}
    n = len(docs)
    matrix = np.zeros((n, max(len(vocab), 1)), dtype=np.float32)
    for row, d in enumerate(docs):
        for t, tf in d.items():
            matrix[row, vocab[t]] = (1 + math.log(tf)) * math.log((1 + n) / (1 + df[t]) + 1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-9)


def similarity(origins_: list[Origin], vectors: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """Pairwise similarity of origins: TF-IDF of title + lead, averaged with embeddings if given."""
    lexical = _tfidf([_lead(o.main) for o in origins_])
    sim = lexical @ lexical.T
    if vectors and all(o.main.id in vectors for o in origins_):
        dense = np.stack([vectors[o.main.id] for o in origins_]).astype(np.float32)
        dense /= np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-9)
        # news embeddings of one region sit at cosine 0.5-0.8 whatever the event: rescale the
        # range above the floor, so only close paraphrase adds to the lexical evidence
        sim = 0.5 * sim + 0.5 * np.clip((dense @ dense.T - _DENSE_FLOOR) / (1 - _DENSE_FLOOR), 0, 1)
    return np.asarray(sim)


def group(
    articles: list[Article],
    vectors: dict[str, np.ndarray] | None = None,
    threshold: float = 0.25,
    overlap: float = 0.5,
    max_days: int = 3,
) -> list[StoryGroup]:
    """Stories of the articles, best first (independent sources, then recency, then size).

    Average-link merging: two clusters join while the mean similarity of their members is at
    least ``threshold`` and their dates are within ``max_days`` (undated articles join freely).
    """
    found = origins(articles, overlap)
    if not found:
        return []
    sim = similarity(found, vectors)
    clusters = _agglomerate(sim, [o.main.published for o in found], threshold, max_days)
    stories = [StoryGroup([found[i] for i in members]) for members in clusters]
    return sorted(
        stories,
        key=lambda s: (s.independent_sources, s.latest or dt.date.min, len(s.articles)),
        reverse=True,
    )


def _agglomerate(
    sim: np.ndarray, dates: list[dt.date | None], threshold: float, max_days: int
) -> list[list[int]]:
    """Average-link clustering kept in sums (O(k^2) per merge), with a date-span limit."""
    members: list[list[int]] = [[i] for i in range(len(dates))]
    sums = sim.astype(np.float64).copy()
    np.fill_diagonal(sums, 0.0)
    sizes = np.ones(len(dates))
    ords = [d.toordinal() if d else None for d in dates]
    lo = np.array([o if o is not None else np.inf for o in ords], dtype=np.float64)
    hi = np.array([o if o is not None else -np.inf for o in ords], dtype=np.float64)
    alive = np.ones(len(dates), dtype=bool)
    while alive.sum() > 1:
        avg = sums / np.outer(sizes, sizes)
        span = np.maximum.outer(hi, hi) - np.minimum.outer(lo, lo)
        ok = np.outer(alive, alive) & ~np.eye(len(dates), dtype=bool) & ~(span > max_days)
        avg = np.where(ok, avg, -1.0)
        a, b = np.unravel_index(int(np.argmax(avg)), avg.shape)
        if avg[a, b] < threshold:
            break
        sums[a] += sums[b]
        sums[:, a] += sums[:, b]
        sums[a, a] = 0.0
        sizes[a] += sizes[b]
        lo[a], hi[a] = min(lo[a], lo[b]), max(hi[a], hi[b])
        members[a] += members[b]
        alive[b] = False
        sums[b], sums[:, b] = 0.0, 0.0
    return [members[i] for i in range(len(dates)) if alive[i]]
