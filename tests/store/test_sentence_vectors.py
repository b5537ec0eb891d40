"""Sentence vectors pooled at ingest from the model's pass over each chunk (real embedder, real
Chroma on disk): the chunks' vectors do not change, every sentence gets one, they are used only
while the article they were read from is the one stored, and an ask works without them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from briefing.service.facade import Service
from briefing.store.sentence_vectors import SentenceVectors
from tests.conftest import settings_for

BODY = (
    "Three zebras escaped from the city zoo on Wednesday, keepers said.\n"
    "They were caught two hours later near the river, after a chase through the old market.\n"
    "The zoo's director, Anna Berg, said a broken gate was to blame.\n"
)
QUESTION = "Who is the director of the zoo?"


def _ingested(mp: pytest.MonkeyPatch, root: Path, title: str = "Zebras escape", body: str = BODY) -> Service:
    root.mkdir(exist_ok=True)
    story = root / "zoo.md"
    story.write_text(f"---\ntitle: {title}\n---\n{body}", encoding="utf-8")
    service = Service(settings_for(mp, root))
    service.ingest([str(story)])
    return service


def _kept(service: Service) -> tuple[list, dict[str, np.ndarray]]:
    articles = list(service.index.get_articles(service.index.article_ids()).values())
    return articles, service.index.sentence_vectors(articles)


def _rows(service: Service) -> int:
    db = service.index.sentences._open(write=False)
    assert db is not None
    return int(db.execute("SELECT count(*) FROM sentences").fetchone()[0])


def test_spans_leave_the_chunk_vectors_bit_identical(service: Service) -> None:
    embedder = service.embedder
    texts = ["title: Zoo\n\nThree zebras escaped. They were caught.", "A broken gate was to blame."]
    vectors, pooled = embedder.embed_spans(texts, [[(11, 32), (33, 49), (5, 5)], []])  # type: ignore[attr-defined]
    assert np.array_equal(vectors, embedder.embed(texts))
    first, second, empty = pooled[0]
    assert abs(np.linalg.norm(first) - 1) < 1e-5 and abs(np.linalg.norm(second) - 1) < 1e-5
    assert not empty.any() and pooled[1].shape == (0, embedder.dim)
    question = embedder.embed(["Where were the zebras caught?"])[0]
    assert second @ question > first @ question  # each span's vector is of its own words


def test_every_sentence_is_kept_close_to_its_pooled_vector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = _ingested(monkeypatch, tmp_path)
    (article,), kept = _kept(service)
    assert set(kept) == {s.id for s in article.sentences}
    text = f"title: {article.title}\n\n{article.text}"
    prefix = len(text) - len(article.text)
    spans = [(s.start + prefix, s.end + prefix) for s in article.sentences]
    _, (pooled,) = service.embedder.embed_spans([text], [spans])  # type: ignore[attr-defined]
    for sentence, exact in zip(article.sentences, pooled, strict=True):
        assert kept[sentence.id] @ exact > 0.999  # int8 keeping moves a cosine by far less than 0.001


def test_kept_vectors_follow_the_article_as_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    service = _ingested(monkeypatch, tmp_path)
    (before,), _ = _kept(service)
    changed = BODY.replace("Anna Berg", "Karl Lund")
    service = _ingested(monkeypatch, tmp_path, body=changed)  # the same file, new text: a new article
    (after,), kept = _kept(service)
    assert after.id != before.id and set(kept) == {s.id for s in after.sentences}
    assert _rows(service) == 1  # the replaced article's row went with it
    service = _ingested(monkeypatch, tmp_path, title="Zebras caught by the river", body=changed)
    (retitled,), kept = _kept(service)
    assert retitled.id == after.id and kept == {}  # read under the old title: embedded at ask time instead


def test_a_vector_is_never_used_for_an_article_it_was_not_read_from(tmp_path: Path) -> None:
    store = SentenceVectors(tmp_path / "sentences.sqlite3")
    matrix = np.eye(2, 4, dtype=np.float32)
    store.put([("a1", "key-of-old-text", matrix)])
    assert set(store.get({"a1": "key-of-old-text"}, 4)) == {"a1"}
    assert store.get({"a1": "key-of-new-text"}, 4) == {}
    assert store.get({"a1": "key-of-old-text"}, 8) == {}  # another model's size
    store.delete(["a1"])
    assert store.get({"a1": "key-of-old-text"}, 4) == {}


def test_ask_answers_the_same_way_without_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    service = _ingested(monkeypatch, tmp_path)
    with_kept = service.ask(QUESTION)
    assert not with_kept.abstained and "Anna Berg" in with_kept.answer[0].text
    service.index.sentences.close()
    (tmp_path / "index" / "sentences.sqlite3").unlink()
    fresh = Service(service.settings)
    assert _kept(fresh)[1] == {}
    without = fresh.ask(QUESTION)
    assert [p.text for p in without.answer] == [p.text for p in with_kept.answer]


def test_a_deleted_article_takes_its_vectors_along(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    service = _ingested(monkeypatch, tmp_path)
    (article,), _ = _kept(service)
    assert _rows(service) == 1
    service.index.delete_article(article.id)
    assert _rows(service) == 0


def test_a_damaged_file_never_fails_an_ingest_or_an_ask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "sentences.sqlite3").write_bytes(b"not a database" * 100)
    service = _ingested(monkeypatch, tmp_path)
    assert service.index.count() == 1 and _kept(service)[1] == {}
    answer = service.ask(QUESTION)
    assert not answer.abstained and "Anna Berg" in answer.answer[0].text


def test_a_file_that_refuses_writes_never_fails_an_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    (tmp_path / "index").mkdir()
    with sqlite3.connect(tmp_path / "index" / "sentences.sqlite3") as other:  # another version's layout
        other.execute("CREATE TABLE sentences (article_id TEXT)")
    service = _ingested(monkeypatch, tmp_path)
    assert service.index.count() == 1 and _kept(service)[1] == {}
    assert not service.ask(QUESTION).abstained
