"""The chunker (LlamaIndex's SentenceSplitter over our sentences): coverage, size limits, ids.

Real components: the bundled MiniLM tokenizer counts the wordpieces, the segmenter cuts the
sentences, and the articles are the seed article and generated ones of known shape.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import frontmatter
import pytest

from briefing.core.models import Article, Filters
from briefing.service.facade import Service
from briefing.store.index import ChromaIndex
from tests.conftest import SEEDS, Seeded, make_article

SEED = frontmatter.load(SEEDS / "000_319e534746f41929.md")
COUNCIL = " ".join(
    f"Councillor {n} said the harbour budget of {n * 7} million euros would be debated on day {n}."
    for n in range(1, 61)
)
LONG_TITLE = " ".join(f"update{n} harbour council budget vote" for n in range(80))  # ~400 wordpieces
CJK_TITLE = "港口理事会预算投票" * 40  # no spaces: the title cannot be cut at a word


def article(text: str, title: str, aid: str = "a1") -> Article:
    return make_article(aid, text, title)


@pytest.fixture(scope="module")
def index(seeded_index: Seeded) -> ChromaIndex:
    return seeded_index.service.index  # only its chunker is used: nothing is written


def small(index: ChromaIndex, size: int, overlap: int = 40) -> ChromaIndex:
    """The same store with another chunk size (the chunker only reads settings and embedder)."""
    settings = index.settings.with_overrides(**{"chunks.size": size, "chunks.overlap": overlap})
    clone = object.__new__(ChromaIndex)
    clone.settings, clone.embedder = settings, index.embedder
    return clone


def limit_of(index: ChromaIndex) -> int:
    return min(index.settings.chunks.size, index.embedder.max_tokens - 2)


CASES = {
    "seed": (SEED.content.strip(), str(SEED["title"])),
    "council": (COUNCIL, "Harbour budget"),
    "untitled": (COUNCIL, ""),
    "long title": (COUNCIL, LONG_TITLE),
    "cjk title": (COUNCIL, CJK_TITLE),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("size", [200, 48])
def test_every_sentence_is_covered_and_chunks_are_exact_spans(
    index: ChromaIndex, case: str, size: int
) -> None:
    text, title = CASES[case]
    art = article(text, title)
    chunks = small(index, size, overlap=8).make_chunks(art)
    assert chunks
    covered = [sid for c in chunks for sid in c.sentence_ids]
    assert set(covered) == {s.id for s in art.sentences}
    for chunk in chunks:
        assert art.text[chunk.start : chunk.start + len(chunk.text)] == chunk.text
        numbers = [int(sid.rsplit(":", 1)[1]) for sid in chunk.sentence_ids]
        assert numbers == list(range(numbers[0], numbers[-1] + 1))  # consecutive sentences
    starts = [c.start for c in chunks]
    assert starts == sorted(starts)


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("size", [200, 48])
def test_embedded_text_stays_within_the_limit_title_included(
    index: ChromaIndex, case: str, size: int
) -> None:
    text, title = CASES[case]
    chunker = small(index, size, overlap=8)
    art = article(text, title)
    chunks = chunker.make_chunks(art)
    embedded = chunker.embed_texts(art, chunks)
    assert len(embedded) == len(chunks)
    for chunk, shown in zip(chunks, embedded, strict=True):
        assert shown.endswith(chunk.text)
        assert chunker.embedder.count_tokens(shown) <= limit_of(chunker), shown[:80]
        if title:
            assert shown.startswith("title: ") and title.startswith(shown[7:].split("\n\n")[0])


def test_a_long_title_does_not_crowd_the_text_out_of_the_chunks(index: ChromaIndex) -> None:
    """A title takes at most half the chunk size: the text keeps room, chunk counts stay close."""
    short = index.make_chunks(article(COUNCIL, "Harbour budget"))
    for title in (LONG_TITLE, " ".join(LONG_TITLE.split()[:30]), CJK_TITLE):
        chunks = index.make_chunks(article(COUNCIL, title))
        assert len(chunks) <= 2 * len(short) + 1, (title[:20], len(chunks), len(short))
        body = [index.embedder.count_tokens(c.text) for c in chunks[:-1]]
        assert min(body) >= limit_of(index) // 2 - 30, body  # 30: one sentence the packer could not fit


def test_a_long_title_ingests_quietly(
    service: Service, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """LlamaIndex refuses metadata longer than the chunk and prints a warning when it is close."""
    for n, title in enumerate((LONG_TITLE, " ".join(LONG_TITLE.split()[:30]))):
        body = f"{COUNCIL}\nThe vote was number {n}."
        (tmp_path / f"long{n}.md").write_text(f'---\ntitle: "{title}"\n---\n{body}\n', encoding="utf-8")
    report = service.ingest([str(tmp_path)])
    assert report.ok and len(report.added) == 2, report
    assert capfd.readouterr().out == ""
    assert report.sentences == 2 * 61 and service.index.chunk_count() == report.chunks
    hits = service.index.dense_search(service.embedder.embed(["harbour budget"])[0], 50, Filters())
    assert {cid.split(":")[0] for cid, _ in hits} == set(report.added)  # both articles searchable


def test_ids_are_deterministic_and_unique(index: ChromaIndex) -> None:
    art = article(COUNCIL, "Harbour budget", aid="fixed")
    first, again = index.make_chunks(art), index.make_chunks(art.model_copy(deep=True))
    assert [c.model_dump() for c in first] == [c.model_dump() for c in again]
    ids = [c.id for c in first]
    assert len(set(ids)) == len(ids) > 1
    assert all(c.id == f"{c.sentence_ids[0]}#{n}" and c.article_id == "fixed" for n, c in enumerate(first))


def test_overlap_repeats_sentences_between_neighbours(index: ChromaIndex) -> None:
    chunks = index.make_chunks(article(COUNCIL, "Harbour budget"))  # the shipped 40-wordpiece overlap
    shared = [set(a.sentence_ids) & set(b.sentence_ids) for a, b in itertools.pairwise(chunks)]
    assert all(shared)
    plain = small(index, 200, overlap=0).make_chunks(article(COUNCIL, "Harbour budget"))
    assert not any(set(a.sentence_ids) & set(b.sentence_ids) for a, b in itertools.pairwise(plain))


def test_an_article_without_sentences_has_no_chunks(index: ChromaIndex) -> None:
    assert index.make_chunks(article("   ", "Empty")) == []
