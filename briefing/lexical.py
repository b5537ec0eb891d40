"""BM25 over the chunks (bm25s), a derived cache of the Chroma store.

The BM25 index is rebuilt from Chroma whenever the store's revision changes, and saved under
``<index>/bm25`` so a cold ``ask`` only loads arrays. Each chunk is indexed with its article's
title, like the dense side. Document frequencies are kept for the extractive engine's
IDF-weighted support scores.
"""

from __future__ import annotations

import json
import math
import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from briefing.models import Filters
from briefing.text import terms

_META = "briefing-meta.json"


class LexicalIndex:
    """A loaded BM25 index with the chunk metadata needed for filtering."""

    def __init__(self, retriever: Any, meta: dict[str, Any]) -> None:
        self._retriever = retriever
        self.revision: str = meta["revision"]
        self.chunk_ids: list[str] = meta["chunk_ids"]
        self.article_ids: list[str] = meta["article_ids"]
        self.sentence_ranges: list[tuple[int, int]] = [tuple(r) for r in meta["sentence_ranges"]]  # type: ignore[misc]
        self._published = np.asarray(meta["published_ord"], dtype=np.int64)
        self._sources: list[str] = meta["sources"]
        self._df: dict[str, int] = meta["df"]
        self._n = max(len(self.chunk_ids), 1)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency over chunks (unknown terms weigh most)."""
        df = self._df.get(term, 0)
        return math.log(1 + (self._n - df + 0.5) / (df + 0.5))

    def search(self, query: str, n: int, filters: Filters) -> list[tuple[int, float]]:
        """(row, score) of the best chunks for the query, filters applied by weight mask."""
        vocab = self._retriever.vocab_dict
        ids = [vocab[t] for t in terms(query) if t in vocab]
        if not ids or not self.chunk_ids:
            return []
        mask = self._mask(filters)
        scores = self._retriever.get_scores(ids)
        if mask is not None:
            scores = scores * mask
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top])]
        return [(int(row), float(scores[row])) for row in top if scores[row] > 0]

    def _mask(self, filters: Filters) -> np.ndarray | None:
        if filters.empty:
            return None
        keep = np.ones(len(self.chunk_ids), dtype=bool)
        if filters.since or filters.until:
            keep &= self._published > 0
        if filters.since:
            keep &= self._published >= filters.since.toordinal()
        if filters.until:
            keep &= self._published <= filters.until.toordinal()
        if filters.source:
            keep &= np.asarray([s == filters.source for s in self._sources], dtype=bool)
        return keep.astype(np.float32)


def build(directory: Path, revision: str, chunks: Iterable[tuple[str, str, dict[str, Any]]]) -> LexicalIndex:
    """Index every (chunk id, text, metadata) and save it atomically under ``directory``."""
    import bm25s

    meta: dict[str, Any] = {
        k: [] for k in ("chunk_ids", "article_ids", "sentence_ranges", "published_ord", "sources")
    }
    corpus: list[list[str]] = []
    df: Counter[str] = Counter()
    for cid, text, m in chunks:
        tokens = terms(f"{m.get('title', '')}\n{text}")
        corpus.append(tokens or ["\u2205"])
        df.update(set(tokens))
        meta["chunk_ids"].append(cid)
        meta["article_ids"].append(m["article_id"])
        meta["sentence_ranges"].append((int(m["s_from"]), int(m["s_to"])))
        meta["published_ord"].append(int(m.get("published_ord", -1)))
        meta["sources"].append(str(m.get("source", "")))
    meta.update(revision=revision, df=dict(df))
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    if corpus:
        retriever.index(corpus, show_progress=False)
    _save(directory, retriever, meta, bool(corpus))
    return LexicalIndex(retriever, meta)


def _save(directory: Path, retriever: Any, meta: dict[str, Any], indexed: bool) -> None:
    """Write to a sibling temp dir, then swap it in, so a crash never leaves half an index."""
    tmp = directory.with_name(directory.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    if indexed:
        retriever.save(str(tmp), show_progress=False)
    (tmp / _META).write_text(json.dumps(meta))
    old = directory.with_name(directory.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if directory.exists():
        directory.rename(old)
    tmp.rename(directory)
    shutil.rmtree(old, ignore_errors=True)


def load(directory: Path, revision: str) -> LexicalIndex | None:
    """The saved index if it matches the store's revision, else None (caller rebuilds)."""
    meta_path = directory / _META
    if not meta_path.exists():
        return None
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        return None
    if meta.get("revision") != revision:
        return None
    import bm25s

    retriever = bm25s.BM25.load(str(directory), show_progress=False) if meta["chunk_ids"] else bm25s.BM25()
    return LexicalIndex(retriever, meta)
