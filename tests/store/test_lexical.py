"""The incremental BM25 cache: whatever the history of syncs, it scores like one fresh index.

The oracle is bm25s (Lucene BM25) over the live corpus; the store is a small in-memory stand-in
with the methods ``lexical_cache.open_index`` uses, filled with sentences of the seed article.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from pathlib import Path
from typing import Any

import bm25s
import pytest

from briefing.core.models import Filters
from briefing.store import lexical, lexical_cache
from briefing.text.terms import terms

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = [
    s.strip()
    for s in re.split(r"(?<=[.!?])\s+", next((ROOT / "seeds").glob("*.md")).read_text().split("---", 2)[2])
    if len(s.split()) > 4
]
QUESTIONS = [
    "Turkish soldiers killed in Idlib",
    "Russian airstrikes near Kansafra",
    "How many vehicles entered Idlib?",
    "Sochi agreement 2018",
    "war monitor Britain",
]


class MemoryStore:
    """Articles of 2 to 6 seed sentences, chunked in pairs of sentences; each write gets a new stamp."""

    def __init__(self) -> None:
        self.articles: dict[str, tuple[str, dict[str, Any]]] = {}
        self.clock = 0

    def put(self, aid: str, rng: random.Random, source: str = "wire", published: int = -1) -> None:
        sentences = rng.sample(SENTENCES, rng.randint(2, 6))
        self.clock = max(self.clock + 1, time.time_ns() // 1000)  # the cache compares stamps with its clock
        meta = {
            "title": f"Report {aid}",
            "published_ord": published,
            f"src:{source}": True,
            "changed_us": self.clock,
        }
        self.articles[aid] = (" ".join(sentences), meta | {"sentences": sentences})

    def article_ids(self) -> list[str]:
        return list(self.articles)

    def changed_articles(self, since_us: int) -> dict[str, int]:
        return {aid: m["changed_us"] for aid, (_, m) in self.articles.items() if m["changed_us"] > since_us}

    def article_rows(self, ids: list[str]) -> list[tuple[str, str, dict[str, Any]]]:
        return [(aid, *self.articles[aid]) for aid in ids if aid in self.articles]

    def chunk_rows(self, article_ids: list[str]) -> list[tuple[str, str, dict[str, Any]]]:
        rows = []
        for aid in article_ids:
            sentences = self.articles[aid][1]["sentences"]
            for start in range(0, len(sentences), 2):
                end = min(start + 1, len(sentences) - 1)
                meta = {"article_id": aid, "s_from": start, "s_to": end}
                rows.append((f"{aid}:{start}#{start // 2}", " ".join(sentences[start : end + 1]), meta))
        return rows


def _oracle(store: MemoryStore, question: str) -> tuple[dict[str, float], dict[str, float]]:
    """bm25s scores (Lucene BM25, k1 1.2, b 0.75) of every article and chunk for the question."""
    found = []
    for rows in (store.article_rows(store.article_ids()), store.chunk_rows(store.article_ids())):
        titles = {aid: m["title"] for aid, (_, m) in store.articles.items()}
        corpus = [terms(f"{titles[m.get('article_id', rid)]}\n{text}") for rid, text, m in rows]
        retriever = bm25s.BM25(method="lucene", k1=1.2, b=0.75)
        retriever.index(corpus, show_progress=False)
        ids = [retriever.vocab_dict[t] for t in terms(question) if t in retriever.vocab_dict]
        scores = retriever.get_scores(ids)
        found.append(
            {rid: float(score) for (rid, _, _), score in zip(rows, scores, strict=True) if score > 0}
        )
    return found[0], found[1]


def test_coverage_tells_which_names_and_numbers_an_article_holds_whole(tmp_path: Path) -> None:
    store = MemoryStore()
    meta = {"published_ord": -1, "src:wire": True, "changed_us": 1, "sentences": ["x"]}
    store.articles["a"] = ("Red Crescent volunteers: 22 killed near Aleppo.", {**meta, "title": "A"})
    store.articles["b"] = ("A red car and 22 crescent rolls in Idlib.", {**meta, "title": "B"})
    store.articles["c"] = ("Nothing here.", {**meta, "title": "C"})
    index = lexical_cache.open_index(tmp_path, "r1", store)
    items = [terms("Red Crescent"), terms("22"), terms("Aleppo"), terms("Kansafra")]
    held = index.coverage(["a", "b", "c", "gone"], items)
    assert held == {"a": {0, 1, 2}, "b": {0, 1}}  # every term of an item, anywhere; unknown ones: nothing


def _found(
    index: lexical.LexicalIndex, question: str, filters: Filters | None = None
) -> tuple[dict[str, float], ...]:
    q, f = terms(question), filters or Filters()
    return (
        dict(index.search_articles(q, 1000, f)),
        {cid: score for cid, _, score in index.search_chunks(q, 1000, f)},
    )


def _assert_same(left: dict[str, float], right: dict[str, float]) -> None:
    assert left.keys() == right.keys()
    for key, value in left.items():
        assert value == pytest.approx(right[key], rel=1e-5)


def _history(store: MemoryStore, directory: Path, rng: random.Random) -> lexical.LexicalIndex:
    """Syncs after adds, in-place rewrites, deletions and a re-labelled source."""
    for n in range(25):
        store.put(f"a{n}", rng)
    lexical_cache.open_index(directory, "r1", store)
    for n in range(25, 40):
        store.put(f"a{n}", rng)
    for n in (3, 7, 30):
        store.put(f"a{n}", rng)  # rewritten in place: same id, new text and stamp
    for n in (5, 11, 26):
        del store.articles[f"a{n}"]
    lexical_cache.open_index(directory, "r2", store)
    store.put("a1", rng, source="radio")
    return lexical_cache.open_index(directory, "r3", store)


def test_incremental_syncs_score_exactly_like_bm25s_over_the_live_corpus(tmp_path: Path) -> None:
    store = MemoryStore()
    index = _history(store, tmp_path / "bm25", random.Random(7))
    assert len(index.segments) == 3  # one per sync that added something
    assert sorted(index.live_ids("articles")) == sorted(store.articles)
    fresh = lexical_cache.open_index(tmp_path / "fresh", "r3", store)
    assert len(fresh.segments) == 1
    for question in QUESTIONS:
        articles, chunks = _found(index, question)
        assert articles, question
        _assert_same(articles, _oracle(store, question)[0])
        _assert_same(chunks, _oracle(store, question)[1])
        assert _found(fresh, question) == (articles, chunks)
    reloaded = lexical_cache.open_index(tmp_path / "bm25", "r3", store)  # from disk, memory-mapped
    assert [_found(reloaded, q) for q in QUESTIONS] == [_found(index, q) for q in QUESTIONS]
    assert reloaded.idf("idlib") == pytest.approx(fresh.idf("idlib"))


def test_source_and_date_filters_follow_relabelled_and_dated_articles(tmp_path: Path) -> None:
    store, rng = MemoryStore(), random.Random(3)
    for n in range(10):
        store.put(f"a{n}", rng, published=738_000 + n)
    lexical_cache.open_index(tmp_path, "r1", store)
    store.articles["a4"][1].update({"src:radio": True, "changed_us": time.time_ns() // 1000})
    index = lexical_cache.open_index(tmp_path, "r2", store)
    everything = terms(" ".join(SENTENCES))
    by_source = index.search_articles(everything, 10, Filters(source="radio"))
    assert [aid for aid, _ in by_source] == ["a4"]
    import datetime as dt

    window = Filters(since=dt.date.fromordinal(738_002), until=dt.date.fromordinal(738_004))
    assert sorted(aid for aid, _ in index.search_articles(everything, 10, window)) == ["a2", "a3", "a4"]
    assert {place[0] for _, place, _ in index.search_chunks(everything, 50, window)} == {"a2", "a3", "a4"}


def test_small_segments_are_merged_and_deleted_rows_purged(tmp_path: Path) -> None:
    store, rng = MemoryStore(), random.Random(5)
    for n in range(12):
        store.put(f"a{n}", rng)
        if n % 3 == 0 and n:
            del store.articles[f"a{n - 1}"]
        index = lexical_cache.open_index(tmp_path, f"r{n}", store)
        assert len(index.segments) <= lexical_cache._MAX_SMALL + 1
    on_disk = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("seg-"))
    assert on_disk == sorted(s.name for s in index.segments)  # merged-away segments are deleted
    fresh = lexical_cache.open_index(tmp_path / "fresh", "x", store)
    assert [_found(index, q) for q in QUESTIONS] == [_found(fresh, q) for q in QUESTIONS]


def test_crash_leftovers_are_cleaned_and_a_torn_manifest_rebuilds(tmp_path: Path) -> None:
    store, rng = MemoryStore(), random.Random(9)
    for n in range(6):
        store.put(f"a{n}", rng)
    directory = tmp_path / "bm25"
    lexical_cache.open_index(directory, "r1", store)
    (directory / "seg-deadbeef.tmp").mkdir()  # a segment being written when the process died
    (directory / "seg-unlisted").mkdir()
    (tmp_path / "bm25.tmp-abc").mkdir()  # left by the cache format before segments
    (directory / "manifest.json").write_text('{"format": 4, "revis')  # torn write
    index = lexical_cache.open_index(directory, "r2", store)
    assert sorted(index.live_ids("articles")) == sorted(store.articles)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bm25"]
    names = sorted(p.name for p in directory.iterdir())
    assert names == sorted([".sync.lock", "manifest.json", *(s.name for s in index.segments)])
    assert json.loads((directory / "manifest.json").read_text())["revision"] == "r2"


def test_concurrent_syncs_agree_and_never_fail(tmp_path: Path) -> None:
    store, rng = MemoryStore(), random.Random(11)
    for n in range(30):
        store.put(f"a{n}", rng)
    results: list[Any] = []

    def sync(n: int) -> None:
        try:
            results.append(_found(lexical_cache.open_index(tmp_path, "r1", store), QUESTIONS[0]))
        except BaseException as exc:  # collected and reported below
            results.append(exc)

    threads = [threading.Thread(target=sync, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and all(r == results[0] for r in results)
    assert len([p for p in tmp_path.iterdir() if p.name.startswith("seg-")]) == 1
