"""Immutable BM25 segments: term postings for a batch of articles and their chunks.

Why not one bm25s index: bm25s bakes each index's own IDF into its stored scores, so it can only
grow by a full rebuild (4 minutes and 2.6 GB at 100k articles). Here an ingest adds a small
segment for what it wrote, and the scorer (``lexical``) combines raw term frequencies of every
segment with collection-wide statistics, so scores are exactly those of one index over all live
rows whatever the history. Segments are written once into their own directory, read back
memory-mapped (a query touches only its terms' postings), and merged when small ones pile up.
"""

from __future__ import annotations

import json
import secrets
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from briefing.core.own_files import remove_own_dir
from briefing.store.records import source_key
from briefing.text.terms import terms

_ARRAYS = ("indptr", "rows", "tf", "lengths")
ArticleRow = tuple[str, str, dict[str, Any]]  # id, text, metadata
ChunkRow = tuple[str, str | None, dict[str, Any]]  # text None: the article's [c_start:c_end]


@dataclass
class Postings:
    """One table of a segment: rows (articles or chunks) listed per term, with their lengths."""

    indptr: np.ndarray  # int64, one more than the segment's terms: term t owns rows[indptr[t]:indptr[t+1]]
    rows: np.ndarray  # int32
    tf: np.ndarray  # uint16 term frequency of each posting
    lengths: np.ndarray  # int32 number of terms per row

    def column(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = int(self.indptr[term_id]), int(self.indptr[term_id + 1])
        return self.rows[start:end], self.tf[start:end]

    @property
    def size(self) -> int:
        return len(self.rows)


@dataclass
class Segment:
    """A batch of articles with their chunks; article rows own contiguous chunk rows."""

    name: str
    vocab: dict[str, int]
    articles: Postings
    chunks: Postings
    article_ids: list[str]
    chunk_ids: list[str]
    chunk_place: np.ndarray  # int32 (chunks, 3): article row, first and last sentence number
    published: np.ndarray  # int64 per article row (-1 when unknown)
    changed: np.ndarray  # int64 per article row: the store's change stamp that was indexed
    source_sets: list[list[str]]  # distinct source flag sets
    source_of: np.ndarray  # int32 per article row, into source_sets

    @property
    def postings(self) -> int:
        return self.articles.size + self.chunks.size


class _TableBuilder:
    """Collects (term, row, tf) triples compactly; sorted into postings at the end."""

    def __init__(self) -> None:
        self.term_ids, self.rows, self.tf, self.lengths = array("i"), array("i"), array("H"), array("i")

    def add(self, term_ids: list[int]) -> None:
        row = len(self.lengths)
        for term_id, count in Counter(term_ids).items():
            self.term_ids.append(term_id)
            self.rows.append(row)
            self.tf.append(min(count, 65535))
        self.lengths.append(len(term_ids))

    def finish(self, n_terms: int) -> Postings:
        return _postings(
            np.frombuffer(self.term_ids, dtype=np.int32),
            np.frombuffer(self.rows, dtype=np.int32),
            np.frombuffer(self.tf, dtype=np.uint16),
            np.frombuffer(self.lengths, dtype=np.int32),
            n_terms,
        )


def _postings(
    term_ids: np.ndarray, rows: np.ndarray, tf: np.ndarray, lengths: np.ndarray, n_terms: int
) -> Postings:
    order = np.lexsort((rows, term_ids))
    counts = np.bincount(term_ids, minlength=n_terms) if len(term_ids) else np.zeros(n_terms, dtype=np.int64)
    indptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return Postings(
        indptr, rows[order].astype(np.int32), tf[order].astype(np.uint16), lengths.astype(np.int32)
    )


class SegmentBuilder:
    """Tokenises articles and their chunks into one new segment."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self._articles, self._chunks = _TableBuilder(), _TableBuilder()
        self.article_ids: list[str] = []
        self.chunk_ids: list[str] = []
        self._place: list[tuple[int, int, int]] = []
        self._published: list[int] = []
        self._changed: list[int] = []
        self._sources: dict[tuple[str, ...], int] = {}
        self._source_of: list[int] = []

    def add(self, article: ArticleRow, chunks: Iterable[ChunkRow]) -> None:
        """One article (title and text) and its chunks (title and chunk text), in sentence order."""
        aid, text, meta = article
        title = str(meta.get("title", ""))
        row = len(self.article_ids)
        self.article_ids.append(aid)
        self._articles.add(self._term_ids(f"{title}\n{text}"))
        for cid, chunk_text, chunk_meta in sorted(
            chunks, key=lambda c: (int(c[2]["s_from"]), int(c[2]["s_to"]))
        ):
            self.chunk_ids.append(cid)
            if chunk_text is None:
                chunk_text = text[int(chunk_meta["c_start"]) : int(chunk_meta["c_end"])]
            self._chunks.add(self._term_ids(f"{title}\n{chunk_text}"))
            self._place.append((row, int(chunk_meta["s_from"]), int(chunk_meta["s_to"])))
        self._published.append(int(meta.get("published_ord", -1)))
        self._changed.append(int(meta.get("changed_us", 0)))
        flags = tuple(sorted(key for key in meta if key.startswith("src:")))
        self._source_of.append(self._sources.setdefault(flags, len(self._sources)))

    def _term_ids(self, text: str) -> list[int]:
        vocab = self.vocab
        return [vocab.setdefault(term, len(vocab)) for term in terms(text)]

    @property
    def postings(self) -> int:
        return len(self._articles.rows) + len(self._chunks.rows)

    def finish(self) -> Segment:
        n_terms = len(self.vocab)
        return Segment(
            name=new_name(),
            vocab=self.vocab,
            articles=self._articles.finish(n_terms),
            chunks=self._chunks.finish(n_terms),
            article_ids=self.article_ids,
            chunk_ids=self.chunk_ids,
            chunk_place=np.asarray(self._place, dtype=np.int32).reshape(-1, 3),
            published=np.asarray(self._published, dtype=np.int64),
            changed=np.asarray(self._changed, dtype=np.int64),
            source_sets=[list(flags) for flags in self._sources],
            source_of=np.asarray(self._source_of, dtype=np.int32),
        )


def new_name() -> str:
    return f"seg-{secrets.token_hex(6)}"


def merge(segments: list[Segment], dead: list[np.ndarray]) -> Segment:
    """One segment holding the live article rows (and their chunks) of several, in order.

    Postings are remapped with numpy (no re-tokenising); ``dead`` masks the article rows to drop.
    """
    vocab: dict[str, int] = {}
    parts: dict[str, list[list[np.ndarray]]] = {"articles": [[], [], [], []], "chunks": [[], [], [], []]}
    ids: dict[str, list[str]] = {"articles": [], "chunks": []}
    place, published, changed, source_of, source_sets = [], [], [], [], {}  # type: ignore[var-annotated]
    offsets = {"articles": 0, "chunks": 0}
    for segment, dead_rows in zip(segments, dead, strict=True):
        term_map = np.asarray(
            [vocab.setdefault(t, len(vocab)) for t in _terms_in_order(segment)], dtype=np.int32
        )
        alive = ~dead_rows
        chunk_alive = (
            alive[segment.chunk_place[:, 0]] if len(segment.chunk_place) else np.zeros(0, dtype=bool)
        )
        for table, keep in (("articles", alive), ("chunks", chunk_alive)):
            postings: Postings = getattr(segment, table)
            new_row = np.cumsum(keep, dtype=np.int64) - 1 + offsets[table]
            term_of = np.repeat(np.arange(len(postings.indptr) - 1, dtype=np.int32), np.diff(postings.indptr))
            live = keep[postings.rows]
            rows_out = parts[table]
            rows_out[0].append(term_map[term_of[live]])
            rows_out[1].append(new_row[postings.rows[live]].astype(np.int32))
            rows_out[2].append(np.asarray(postings.tf[live]))
            rows_out[3].append(np.asarray(postings.lengths[keep]))
            source_ids = segment.article_ids if table == "articles" else segment.chunk_ids
            ids[table].extend(i for i, k in zip(source_ids, keep, strict=True) if k)
        article_row = np.cumsum(alive, dtype=np.int64) - 1 + offsets["articles"]
        kept_place = np.asarray(segment.chunk_place[chunk_alive]).copy()
        kept_place[:, 0] = article_row[kept_place[:, 0]]
        place.append(kept_place)
        published.append(np.asarray(segment.published[alive]))
        changed.append(np.asarray(segment.changed[alive]))
        set_map = [source_sets.setdefault(tuple(s), len(source_sets)) for s in segment.source_sets]
        source_of.append(np.asarray(set_map, dtype=np.int32)[segment.source_of[alive]])
        offsets["articles"] += int(alive.sum())
        offsets["chunks"] += int(chunk_alive.sum())
    tables = {}
    for table in ("articles", "chunks"):
        term_ids, rows, tfs, lengths = (np.concatenate(arrays) for arrays in parts[table])
        tables[table] = _postings(term_ids, rows, tfs, lengths, len(vocab))
    return Segment(
        name=new_name(),
        vocab=vocab,
        articles=tables["articles"],
        chunks=tables["chunks"],
        article_ids=ids["articles"],
        chunk_ids=ids["chunks"],
        chunk_place=np.concatenate(place).astype(np.int32).reshape(-1, 3),
        published=np.concatenate(published).astype(np.int64),
        changed=np.concatenate(changed).astype(np.int64),
        source_sets=[list(s) for s in source_sets],
        source_of=np.concatenate(source_of).astype(np.int32),
    )


def _terms_in_order(segment: Segment) -> list[str]:
    ordered = [""] * len(segment.vocab)
    for term, term_id in segment.vocab.items():
        ordered[term_id] = term
    return ordered


def save(segment: Segment, directory: Path) -> None:
    """Write the segment into ``directory/<name>`` through a temp dir, so it appears whole or not at all."""
    final = directory / segment.name
    tmp = directory / f"{segment.name}.tmp"
    remove_own_dir(tmp)
    tmp.mkdir(parents=True)
    for table in ("articles", "chunks"):
        postings: Postings = getattr(segment, table)
        for field in _ARRAYS:
            np.save(tmp / f"{table}.{field}.npy", getattr(postings, field))
    for field in ("chunk_place", "published", "changed", "source_of"):
        np.save(tmp / f"{field}.npy", getattr(segment, field))
    info = {
        "terms": _terms_in_order(segment),
        "article_ids": segment.article_ids,
        "chunk_ids": segment.chunk_ids,
        "source_sets": segment.source_sets,
    }
    (tmp / "segment.json").write_text(json.dumps(info, ensure_ascii=False))
    tmp.rename(final)


def load(directory: Path, name: str) -> Segment:
    """A saved segment, its arrays memory-mapped (raises OSError/ValueError if it is missing or torn)."""
    path = directory / name
    info = json.loads((path / "segment.json").read_text())

    def array_at(file: str) -> np.ndarray:  # a plain view of the map: np.memmap slices cost 2 us each
        return np.asarray(np.load(path / f"{file}.npy", mmap_mode="r"))

    tables = {
        table: Postings(*(array_at(f"{table}.{field}") for field in _ARRAYS))
        for table in ("articles", "chunks")
    }
    return Segment(
        name=name,
        vocab={term: n for n, term in enumerate(info["terms"])},
        articles=tables["articles"],
        chunks=tables["chunks"],
        article_ids=info["article_ids"],
        chunk_ids=info["chunk_ids"],
        chunk_place=array_at("chunk_place"),
        published=array_at("published"),
        changed=array_at("changed"),
        source_sets=info["source_sets"],
        source_of=array_at("source_of"),
    )


def wanted_sources(segment: Segment, source: str) -> np.ndarray:
    """Per article row: does the row carry the source (by its flag key)?"""
    key = source_key(source)
    has = np.asarray([key in flags for flags in segment.source_sets], dtype=bool)
    return has[segment.source_of] if len(has) else np.zeros(len(segment.article_ids), dtype=bool)
