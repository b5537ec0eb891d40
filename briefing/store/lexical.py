"""BM25 over chunks and over whole articles, scored across the cache's segments.

Two lexical views feed the fusion: chunk-level BM25 finds the passage, article-level BM25 sees
all of an article's words at once (a question's terms are often spread over several sentences).
Scores use collection-wide statistics over every live row of every segment (Lucene's BM25, as
bm25s computes it), so they do not depend on how the cache grew. How the segments are kept in
step with the store: :mod:`briefing.store.lexical_cache`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence

import numpy as np

from briefing.core.models import Filters
from briefing.store import bm25
from briefing.store.bm25 import Segment
from briefing.store.records import date_from_ord

_K1, _B = 1.2, 0.75
ChunkPlace = tuple[str, int, int]  # article id, first and last sentence number


class _Table:
    """One view (articles or chunks) of one segment, with its live rows."""

    def __init__(self, segment: Segment, name: str, alive: np.ndarray) -> None:
        self.postings: bm25.Postings = getattr(segment, name)
        self.segment, self.alive = segment, alive
        self.ids = segment.article_ids if name == "articles" else segment.chunk_ids
        owner = np.arange(len(alive)) if name == "articles" else np.asarray(segment.chunk_place[:, 0])
        self._owner = owner  # the article row of each row, for date and source filters
        self._all_alive = bool(alive.all())
        self._norm: tuple[float, np.ndarray] | None = None

    def df(self, term: str) -> int:
        term_id = self.segment.vocab.get(term)
        if term_id is None:
            return 0
        rows, _ = self.postings.column(term_id)
        return int(self.alive[rows].sum())

    def top(
        self, weights: list[tuple[str, float]], avgdl: float, n: int, filters: Filters
    ) -> list[tuple[float, int]]:
        """(score, row) of the best live rows that pass the filters; ties at the cut are all kept."""
        scores = np.zeros(len(self.alive), dtype=np.float64)
        if self._norm is None or self._norm[0] != avgdl:  # per row, once: k1 * (1 - b + b * dl / avgdl)
            self._norm = (avgdl, _K1 * (1 - _B + _B * self.postings.lengths / avgdl))
        norm = self._norm[1]
        for term, idf in weights:
            term_id = self.segment.vocab.get(term)
            if term_id is None:
                continue
            rows, tf = self.postings.column(term_id)
            tf = tf.astype(np.float64)
            scores[rows] += idf * tf / (tf + norm[rows])
        keep = self._keep(filters)
        if keep is not None:
            scores[~keep] = 0.0
        hits = np.flatnonzero(scores > 0)
        if len(hits) > n:
            cut = np.partition(scores[hits], len(hits) - n)[len(hits) - n]
            hits = hits[scores[hits] >= cut]
        return [(float(scores[row]), int(row)) for row in hits]

    def _keep(self, filters: Filters) -> np.ndarray | None:
        """The rows that may score, or None when every row may (no deletions, no filters)."""
        if filters.empty:
            return None if self._all_alive else self.alive
        keep = self.alive.copy()
        published = np.asarray(self.segment.published)[self._owner]
        if filters.since or filters.until:
            keep &= published > 0
        if filters.since:
            keep &= published >= filters.since.toordinal()
        if filters.until:
            keep &= published <= filters.until.toordinal()
        if filters.source:
            keep &= bm25.wanted_sources(self.segment, filters.source)[self._owner]
        return keep


class LexicalIndex:
    """Chunk and article BM25 over every live row of every segment, with exact global statistics."""

    def __init__(
        self, revision: str, segments: list[Segment], dead: list[np.ndarray], stamp: int = 0
    ) -> None:
        self.revision = revision
        self.stamp = stamp  # store changes stamped after this (less some slack) may not be indexed yet
        self.segments, self.dead = segments, dead
        self._tables: dict[str, list[_Table]] = {"articles": [], "chunks": []}
        for segment, dead_rows in zip(segments, dead, strict=True):
            alive = ~dead_rows
            chunk_alive = (
                alive[segment.chunk_place[:, 0]] if len(segment.chunk_ids) else np.zeros(0, dtype=bool)
            )
            self._tables["articles"].append(_Table(segment, "articles", alive))
            self._tables["chunks"].append(_Table(segment, "chunks", chunk_alive))
        self._stats = {name: self._count_and_avgdl(tables) for name, tables in self._tables.items()}
        self._idf: dict[tuple[str, str], float] = {}
        self._where: dict[str, dict[str, tuple[int, int]]] = {}  # per table: live id -> (segment, row)

    @staticmethod
    def _count_and_avgdl(tables: list[_Table]) -> tuple[int, float]:
        rows = sum(int(t.alive.sum()) for t in tables)
        total = sum(int(np.asarray(t.postings.lengths, dtype=np.int64)[t.alive].sum()) for t in tables)
        return rows, (total / rows if rows else 1.0) or 1.0

    @property
    def article_count(self) -> int:
        return self._stats["articles"][0]

    @property
    def chunk_count(self) -> int:
        return self._stats["chunks"][0]

    def published(self, article_ids: Iterable[str]) -> dict[str, dt.date | None]:
        """Publication dates of those ids that are live articles (the cache matches the store)."""
        found = {}
        for aid, (n, row) in self._locate("articles", article_ids):
            found[aid] = date_from_ord(int(self.segments[n].published[row]))
        return found

    def chunk_places(self, chunk_ids: Iterable[str]) -> dict[str, ChunkPlace]:
        """(article id, first and last sentence) of those ids that are live chunks."""
        found = {}
        for cid, (n, row) in self._locate("chunks", chunk_ids):
            article_row, s_from, s_to = (int(v) for v in self.segments[n].chunk_place[row])
            found[cid] = (self.segments[n].article_ids[article_row], s_from, s_to)
        return found

    def places(self, table: str) -> dict[str, tuple[int, int]]:
        """Every live row's id -> (segment, row), built on first use (read-only: callers copy)."""
        if table not in self._where:
            self._where[table] = {
                row_id: (n, row)
                for n, part in enumerate(self._tables[table])
                for row, row_id in enumerate(part.ids)
                if part.alive[row]
            }
        return self._where[table]

    def _locate(self, table: str, ids: Iterable[str]) -> list[tuple[str, tuple[int, int]]]:
        """(id, (segment, row)) of those ids that are live rows."""
        where = self.places(table)
        return [(i, where[i]) for i in ids if i in where]

    def live_ids(self, table: str) -> list[str]:
        return [t.ids[row] for t in self._tables[table] for row in np.flatnonzero(t.alive)]

    def idf(self, term: str, table: str = "articles") -> float:
        """Smoothed inverse document frequency (Lucene's BM25 form; unknown terms weigh most)."""
        key = (table, term)
        if key not in self._idf:
            n = self._stats[table][0]
            df = sum(t.df(term) for t in self._tables[table])
            self._idf[key] = math.log(1 + (n - df + 0.5) / (df + 0.5))
        return self._idf[key]

    def _search(
        self, table: str, query_terms: list[str], n: int, filters: Filters
    ) -> list[tuple[_Table, int, float]]:
        if n <= 0 or not query_terms:
            return []
        weights = [(term, self.idf(term, table)) for term in query_terms]
        avgdl = self._stats[table][1]
        found = [
            (score, part, row)
            for part in self._tables[table]
            for score, row in part.top(weights, avgdl, n, filters)
        ]
        found.sort(
            key=lambda hit: (-hit[0], hit[1].ids[hit[2]])
        )  # ties by id: the same order whatever the history
        return [(part, row, score) for score, part, row in found[:n]]

    def coverage(self, article_ids: Sequence[str], items: list[list[str]]) -> dict[str, set[int]]:
        """For each live article: which items (term lists) it holds whole, every term present.

        Postings rows are sorted within a term, so membership is a binary search per candidate:
        cheap even for terms that occur in most articles.
        """
        by_segment: dict[int, list[tuple[str, int]]] = {}
        for aid, (n, row) in self._locate("articles", article_ids):
            by_segment.setdefault(n, []).append((aid, row))
        held: dict[str, set[int]] = {}
        for n, members in by_segment.items():
            segment = self.segments[n]
            rows = np.asarray([row for _, row in members], dtype=np.int64)
            has: dict[str, np.ndarray] = {}
            for term in {t for item in items for t in item}:
                term_id = segment.vocab.get(term)
                if term_id is None:
                    has[term] = np.zeros(len(rows), dtype=bool)
                    continue
                column, _ = segment.articles.column(term_id)
                at = np.minimum(np.searchsorted(column, rows), max(len(column) - 1, 0))
                has[term] = (column[at] == rows) if len(column) else np.zeros(len(rows), dtype=bool)
            for i, item in enumerate(items):
                whole = np.logical_and.reduce([has[t] for t in item])
                for (aid, _), ok in zip(members, whole, strict=True):
                    if ok:
                        held.setdefault(aid, set()).add(i)
        return held

    def search_articles(self, query_terms: list[str], n: int, filters: Filters) -> list[tuple[str, float]]:
        """(article id, score) of the best articles, best first."""
        return [
            (part.ids[row], score) for part, row, score in self._search("articles", query_terms, n, filters)
        ]

    def search_chunks(
        self, query_terms: list[str], n: int, filters: Filters
    ) -> list[tuple[str, ChunkPlace, float]]:
        """(chunk id, (article id, first sentence, last sentence), score) of the best chunks."""
        hits = []
        for part, row, score in self._search("chunks", query_terms, n, filters):
            article_row, s_from, s_to = (int(v) for v in part.segment.chunk_place[row])
            hits.append((part.ids[row], (part.segment.article_ids[article_row], s_from, s_to), score))
        return hits
