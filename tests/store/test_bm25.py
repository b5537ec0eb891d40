"""BM25 segments: what is built is what is saved is what is read back, and merging keeps the live rows.

The oracle is independent of the segment code: each row's term counts are recomputed with
``terms()`` from the row's text, and every term's postings read through the segment must list
exactly the rows (by id) and counts that hold it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import frontmatter
import numpy as np
import pytest

from briefing.store import bm25
from briefing.store.records import source_flags
from briefing.text.sentences import sentences_of
from briefing.text.terms import terms
from tests.conftest import DATA, SEEDS

ArticleRow = tuple[str, str, dict[str, Any]]
ChunkRow = tuple[str, str | None, dict[str, Any]]
Counts = dict[str, Counter[str]]


def rows_of(path: Path, aid: str, sources: list[str], published: int) -> tuple[ArticleRow, list[ChunkRow]]:
    """An article row and chunks of two sentences each (text given, or as a span: None)."""
    post = frontmatter.load(path)
    text = post.content.strip()
    meta = {
        "title": str(post.get("title", "")),
        "published_ord": published,
        "changed_us": 7,
        **source_flags(sources),
    }
    sentences = sentences_of(aid, text)
    chunks: list[ChunkRow] = []
    for n in range(0, len(sentences), 2):
        first, last = sentences[n], sentences[min(n + 1, len(sentences) - 1)]
        place = {"s_from": first.n, "s_to": last.n, "c_start": first.start, "c_end": last.end}
        chunks.append((f"{aid}:{n}#{n // 2}", None if n % 4 else text[first.start : last.end], place))
    return (aid, text, meta), chunks[::-1]  # out of order: the builder sorts them by sentence


INPUTS = [
    (SEEDS / "000_319e534746f41929.md", "seed", ["Al Masdar", "Mirror"], 737480),
    (DATA / "service" / "ferry_aegean_2020-03-02.md", "aegean", ["Aegean Wire"], 737486),
    (DATA / "service" / "ferry_island_2020-03-20.md", "island", ["Island Post"], 737504),
    (DATA / "service" / "ferry_undated.md", "undated", [], -1),
]
ROWS = [rows_of(*spec) for spec in INPUTS]


def build(rows: list[tuple[ArticleRow, list[ChunkRow]]]) -> bm25.Segment:
    builder = bm25.SegmentBuilder()
    for article, chunks in rows:
        builder.add(article, chunks)
    return builder.finish()


def expected(rows: list[tuple[ArticleRow, list[ChunkRow]]]) -> tuple[Counts, Counts]:
    """Term counts per article id and per chunk id, straight from the texts."""
    articles, chunks = {}, {}
    for (aid, text, meta), chunk_rows in rows:
        articles[aid] = Counter(terms(f"{meta['title']}\n{text}"))
        for cid, chunk_text, place in chunk_rows:
            body = text[place["c_start"] : place["c_end"]] if chunk_text is None else chunk_text
            chunks[cid] = Counter(terms(f"{meta['title']}\n{body}"))
    return articles, chunks


def read_back(segment: bm25.Segment) -> tuple[Counts, Counts]:
    """Term counts per row id, read through the segment's postings."""
    out: list[Counts] = []
    for postings, ids in ((segment.articles, segment.article_ids), (segment.chunks, segment.chunk_ids)):
        table: Counts = {i: Counter() for i in ids}
        for term, term_id in segment.vocab.items():
            rows, tf = postings.column(term_id)
            for row, count in zip(rows.tolist(), tf.tolist(), strict=True):
                table[ids[row]][term] += count
        for row, row_id in enumerate(ids):
            assert int(postings.lengths[row]) == sum(table[row_id].values())
        out.append(table)
    return out[0], out[1]


def test_a_built_segment_holds_every_row_and_term_count() -> None:
    segment = build(ROWS)
    assert read_back(segment) == expected(ROWS)
    assert segment.article_ids == [spec[1] for spec in INPUTS]
    assert segment.published.tolist() == [spec[3] for spec in INPUTS]
    for row, cid in enumerate(segment.chunk_ids):  # chunk rows sorted by sentence within their article
        owner, first, last = segment.chunk_place[row].tolist()
        assert cid.startswith(f"{segment.article_ids[owner]}:{first}#") and first <= last
    assert segment.postings == segment.articles.size + segment.chunks.size > 0


def test_save_then_load_reads_back_the_same_segment(tmp_path: Path) -> None:
    segment = build(ROWS)
    bm25.save(segment, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [segment.name]  # no temp folder left behind
    loaded = bm25.load(tmp_path, segment.name)
    assert read_back(loaded) == expected(ROWS)
    assert loaded.vocab == segment.vocab and loaded.source_sets == segment.source_sets
    assert (loaded.article_ids, loaded.chunk_ids) == (segment.article_ids, segment.chunk_ids)
    for field in ("chunk_place", "published", "changed", "source_of"):
        assert np.array_equal(getattr(loaded, field), getattr(segment, field)), field
    for table in ("articles", "chunks"):
        for field in ("indptr", "rows", "tf", "lengths"):
            assert np.array_equal(
                getattr(getattr(loaded, table), field), getattr(getattr(segment, table), field)
            )


def test_a_torn_segment_is_refused(tmp_path: Path) -> None:
    segment = build(ROWS[:1])
    bm25.save(segment, tmp_path)
    (tmp_path / segment.name / "chunks.tf.npy").unlink()
    with pytest.raises((OSError, ValueError)):
        bm25.load(tmp_path, segment.name)
    with pytest.raises((OSError, ValueError)):
        bm25.load(tmp_path, "seg-missing")


def test_source_flags_select_rows_case_insensitively() -> None:
    segment = build(ROWS)
    assert bm25.wanted_sources(segment, "mirror").tolist() == [True, False, False, False]
    assert bm25.wanted_sources(segment, "Aegean  WIRE").tolist() == [False, True, False, False]
    assert not bm25.wanted_sources(segment, "Nobody").any()


def test_merge_keeps_exactly_the_live_rows(tmp_path: Path) -> None:
    first, second = build(ROWS[:2]), build(ROWS[2:])
    bm25.save(second, tmp_path)
    dead = [np.array([True, False]), np.array([False, False])]  # the seed article was deleted
    merged = bm25.merge([first, bm25.load(tmp_path, second.name)], dead)
    live = ROWS[1:]
    assert merged.article_ids == [row[0][0] for row in live]
    assert read_back(merged) == expected(live)
    fresh = build(live)
    assert np.array_equal(merged.chunk_place, fresh.chunk_place)
    assert merged.published.tolist() == fresh.published.tolist()
    for aid in merged.article_ids:
        row_m, row_f = merged.article_ids.index(aid), fresh.article_ids.index(aid)
        flags_m = merged.source_sets[int(merged.source_of[row_m])]
        assert flags_m == fresh.source_sets[int(fresh.source_of[row_f])]
