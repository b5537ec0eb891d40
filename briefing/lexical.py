"""BM25 over chunks and over whole articles (bm25s), a derived cache of the Chroma store.

Two lexical views feed the fusion: chunk-level BM25 finds the passage, article-level BM25 sees
all of an article's words at once (a question's terms are often spread over several sentences).
Both are rebuilt from Chroma whenever the store's revision changes and saved under
``<index>/bm25``, so a cold ``ask`` only loads arrays. Article document frequencies are kept for
the extractive engine's IDF-weighted support scores.
"""

from __future__ import annotations

import contextlib
import json
import math
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from briefing.models import Filters
from briefing.records import source_key
from briefing.text import terms

_META = "briefing-meta.json"
_FORMAT = 3  # bump when the saved layout changes: older caches are rebuilt, not misread
_EMPTY = "\u2205"  # stands in for a text without terms, so rows stay aligned with ids


class Table:
    """One BM25 index and, per row, the id, date and source used for filtering."""

    def __init__(self, retriever: Any, rows: dict[str, list[Any]]) -> None:
        self.retriever = retriever
        self.ids: list[str] = rows["ids"]
        self._published = np.asarray(rows["published_ord"], dtype=np.int64)
        self._sources: list[list[str]] = rows["sources"]

    def search(self, query_terms: list[str], n: int, filters: Filters) -> list[tuple[int, float]]:
        """(row, score) of the best rows, best first; rows outside the filters score 0."""
        vocab = self.retriever.vocab_dict if self.ids else {}
        ids = [vocab[t] for t in query_terms if t in vocab]
        if not ids:
            return []
        scores = self.retriever.get_scores(ids)
        mask = self._mask(filters)
        if mask is not None:
            scores = scores * mask
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(row), float(scores[row])) for row in top if scores[row] > 0]

    def _mask(self, filters: Filters) -> np.ndarray | None:
        if filters.empty:
            return None
        keep = np.ones(len(self.ids), dtype=bool)
        if filters.since or filters.until:
            keep &= self._published > 0
        if filters.since:
            keep &= self._published >= filters.since.toordinal()
        if filters.until:
            keep &= self._published <= filters.until.toordinal()
        if filters.source:
            wanted = source_key(filters.source)
            keep &= np.asarray([wanted in flags for flags in self._sources], dtype=bool)
        return keep.astype(np.float32)


class LexicalIndex:
    """Chunk and article BM25 tables plus what retrieval needs to map chunk rows back."""

    def __init__(self, chunks: Table, articles: Table, meta: dict[str, Any]) -> None:
        self.chunks, self.articles = chunks, articles
        self.revision: str = meta["revision"]
        self.chunk_articles: list[str] = meta["chunk_articles"]
        self.sentence_ranges: list[tuple[int, int]] = [(int(a), int(b)) for a, b in meta["sentence_ranges"]]
        self._df: dict[str, int] = meta["df"]
        self._n = max(len(articles.ids), 1)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency over articles (unknown terms weigh most)."""
        df = self._df.get(term, 0)
        return math.log(1 + (self._n - df + 0.5) / (df + 0.5))


ChunkRow = tuple[str, str, dict[str, Any]]  # chunk id, text, metadata
ArticleRow = tuple[str, str, dict[str, Any]]  # article id, text, metadata


def build(
    directory: Path, revision: str, chunks: Iterable[ChunkRow], articles: Iterable[ArticleRow]
) -> LexicalIndex:
    """Index every chunk and article, and save both atomically under ``directory``."""
    chunk_rows, chunk_corpus = _rows(), []
    extra: dict[str, Any] = {"chunk_articles": [], "sentence_ranges": []}
    for cid, text, meta in chunks:
        chunk_corpus.append(terms(f"{meta.get('title', '')}\n{text}") or [_EMPTY])
        _add_row(chunk_rows, cid, meta)
        extra["chunk_articles"].append(meta["article_id"])
        extra["sentence_ranges"].append((int(meta["s_from"]), int(meta["s_to"])))
    article_rows, article_corpus, df = _rows(), [], Counter[str]()
    for aid, text, meta in articles:
        tokens = terms(f"{meta.get('title', '')}\n{text}")
        article_corpus.append(tokens or [_EMPTY])
        df.update(set(tokens))
        _add_row(article_rows, aid, meta)
    meta = {
        "format": _FORMAT,
        "revision": revision,
        "df": dict(df),
        "chunks": chunk_rows,
        "articles": article_rows,
        **extra,
    }
    chunk_bm25, article_bm25 = _bm25(chunk_corpus), _bm25(article_corpus)
    _save(directory, {"chunks": chunk_bm25, "articles": article_bm25}, meta)
    return LexicalIndex(Table(chunk_bm25, chunk_rows), Table(article_bm25, article_rows), meta)


def _rows() -> dict[str, list[Any]]:
    return {"ids": [], "published_ord": [], "sources": []}


def _add_row(rows: dict[str, list[Any]], row_id: str, meta: dict[str, Any]) -> None:
    rows["ids"].append(row_id)
    rows["published_ord"].append(int(meta.get("published_ord", -1)))
    rows["sources"].append(sorted(key for key in meta if key.startswith("src:")))


def _bm25(corpus: list[list[str]]) -> Any:
    import bm25s

    retriever = bm25s.BM25(k1=1.2, b=0.75)
    if corpus:
        retriever.index(corpus, show_progress=False)
    return retriever


def _save(directory: Path, retrievers: dict[str, Any], meta: dict[str, Any]) -> None:
    """Write to a private sibling temp dir, then swap it in, so a crash never leaves half an index.

    Two processes may save at once (an ``ask`` while an ingest finishes): each writes its own
    temp dir, and a swap that loses the race keeps the other's copy (``load`` checks revisions).
    The cache is only an optimisation, so failing to save it never fails the caller.
    """
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{directory.name}.tmp-", dir=directory.parent))
    tmp.chmod(0o755)  # mkdtemp's 0700 would hide the cache from other readers of the index
    old = tmp.with_name(tmp.name.replace(".tmp-", ".old-", 1))
    try:
        for name, retriever in retrievers.items():
            if meta[name]["ids"]:
                retriever.save(str(tmp / name), show_progress=False)
        (tmp / _META).write_text(json.dumps(meta))
        with contextlib.suppress(FileNotFoundError):
            directory.rename(old)
        tmp.rename(directory)
    except OSError:
        pass  # e.g. another process swapped its copy in first, or the disk is full
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def load(directory: Path, revision: str) -> LexicalIndex | None:
    """The saved index if it matches the store's revision, else None (the caller rebuilds)."""
    try:
        meta = json.loads((directory / _META).read_text())
    except (OSError, ValueError):
        return None
    if meta.get("revision") != revision or meta.get("format") != _FORMAT:
        return None
    import bm25s

    tables = {}
    for name in ("chunks", "articles"):
        rows = meta[name]
        retriever = (
            bm25s.BM25.load(str(directory / name), show_progress=False) if rows["ids"] else bm25s.BM25()
        )
        tables[name] = Table(retriever, rows)
    return LexicalIndex(tables["chunks"], tables["articles"], meta)
