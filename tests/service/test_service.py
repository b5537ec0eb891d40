"""Service end to end on real components: Chroma on disk in tmp, the bundled embedder, no mocks."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from briefing.core.errors import BriefingError, EmbedderMismatch, NotFound, StoreError
from briefing.core.models import Article, Filters, text_hash
from briefing.core.settings import Settings
from briefing.service.facade import Service
from briefing.text.sentences import sentences_of
from tests.conftest import DATA as TEST_DATA
from tests.conftest import SEEDS

if TYPE_CHECKING:
    from tests.conftest import Seeded

SEED_FILE = SEEDS / "000_319e534746f41929.md"
DATA = TEST_DATA / "service"
FERRY_A = DATA / "ferry_aegean_2020-03-02.md"  # Aegean Wire, 2020-03-02
FERRY_B = DATA / "ferry_island_2020-03-20.md"  # Island Post, 2020-03-20
FERRY_C = DATA / "ferry_undated.md"  # Aegean Wire, no date
CORPUS12 = DATA / "corpus12.jsonl"
TROOPS_Q = "How many Turkish soldiers were deployed in Idlib and Aleppo?"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def md(title: str, body: str, source: str = "") -> str:
    front = f"title: {title}\n" + (f"source: {source}\n" if source else "")
    return f"---\n{front}---\n{body}\n"


def assert_citable(service: Service, sid: str, cited_text: str) -> Article:
    """The citation resolves: the article text at [start:end] is the cited sentence verbatim."""
    article_id, n = sid.rsplit(":", 1)
    article = service.get_article(article_id)
    src = service.sentence(sid)
    assert article.text[src.start : src.end] == src.text == cited_text
    assert article.sentences[int(n)].text == cited_text
    return article


# --- ingest ---------------------------------------------------------------------------------------


def test_ingest_seeds_adds_one_article_with_all_its_sentences(seeded_index: Seeded) -> None:
    report, service = seeded_index.report, seeded_index.service
    assert report.ok and report.replaced == [] and report.unchanged == []
    [article_id] = report.added
    article = service.get_article(article_id)
    assert article_id == text_hash(article.text) == article.text_hash  # no id in front matter
    assert article.title.startswith("At least 10 Turkish soldiers reportedly killed")
    assert article.source == "Press TV" and article.sources == ["Press TV"]
    assert article.url == "https://presstv.ir/Detail/2020/02/24/619419/Turkish-soldiers-Idlib-Syria-"
    assert article.published is None
    assert article.origins == [str(SEED_FILE)]
    assert article.text.startswith("At least 10 Turkish army soldiers have reportedly been killed")
    assert report.sentences == len(article.sentences) == article.sentence_count == 12
    assert [s.text for s in article.sentences] == [s.text for s in sentences_of(article_id, article.text)]
    assert report.chunks == service.index.chunks.count() > 0
    assert [a.id for a in service.list_articles()] == [article_id]


def test_reingest_is_a_no_op(seeded_index: Seeded) -> None:
    service = seeded_index.service
    chunks, revision = service.index.chunks.count(), service.index.revision
    for spec in (str(SEEDS), str(SEED_FILE), str(SEEDS) + "/"):
        report = service.ingest([spec])
        assert report.added == [] and report.replaced == [] and report.failed == []
        assert report.unchanged == [seeded_index.article_id]
        assert report.sentences == 0 and report.chunks == 0
    assert service.index.chunks.count() == chunks
    assert service.index.revision == revision  # nothing changed, so the BM25 cache stays valid
    [info] = service.list_articles()
    assert info.origins == [str(SEED_FILE)]


def test_changed_file_replaces_its_old_version(service: Service, tmp_path: Path) -> None:
    path = write(tmp_path / "in" / "port.md", md("Port strike", "Dockers walked out on Monday. Port shut."))
    first = service.ingest([str(path)])
    [old_id] = first.added
    write(path, md("Port strike ends", "Dockers returned to work on Tuesday. Ships unload again."))
    second = service.ingest([str(path)])
    assert second.added == [] and second.unchanged == [] and second.failed == []
    [new_id] = second.replaced
    assert new_id != old_id
    [info] = service.list_articles()
    assert (info.id, info.title, info.origins) == (new_id, "Port strike ends", [str(path)])
    assert service.get_article(new_id).text == "Dockers returned to work on Tuesday. Ships unload again."
    with pytest.raises(NotFound):
        service.get_article(old_id)
    assert service.index.chunks.count() == second.chunks  # the old version's chunks are gone
    stored = service.index.chunks.get(include=["metadatas"])["metadatas"] or []
    assert stored and {m["article_id"] for m in stored} == {new_id}
    text = service.get_article(new_id).text
    assert all(not text[int(m["c_start"]) : int(m["c_end"])].isspace() for m in stored)


def test_same_text_in_two_files_is_stored_once_with_both_origins_and_sources(
    service: Service, tmp_path: Path
) -> None:
    body = "Flood waters rose in Dhaka on Monday. Thousands of families were evacuated."
    a = write(tmp_path / "in" / "a.md", md("Dhaka floods", body, source="Wire A"))
    b = write(tmp_path / "in" / "b.md", md("Floods in Dhaka", body, source="Wire B"))
    first = service.ingest([str(a)])
    [article_id] = first.added
    chunks = service.index.chunks.count()
    second = service.ingest([str(b)])
    assert second.added == [] and second.replaced == [] and second.unchanged == [article_id]
    assert service.index.chunks.count() == chunks
    [info] = service.list_articles()
    assert info.id == article_id and info.title == "Dhaka floods"
    assert info.origins == sorted([str(a), str(b)])
    assert info.sources == ["Wire A", "Wire B"]


def test_same_text_twice_in_one_run_is_stored_once(service: Service, tmp_path: Path) -> None:
    body = "The wheat harvest in Kansas was the largest in a decade. Prices fell."
    a = write(tmp_path / "in" / "a.txt", body)
    b = write(tmp_path / "in" / "sub" / "copy.txt", body)
    report = service.ingest([str(tmp_path / "in")])
    assert len(report.added) == 1 and report.failed == []
    assert report.sentences == 2  # embedded once
    [info] = service.list_articles()
    assert info.origins == sorted([str(a), str(b)])


def test_changing_one_copy_of_a_shared_record_keeps_the_other(service: Service, tmp_path: Path) -> None:
    record = {"id": "story-1", "title": "Dam", "text": "The dam held in the storm. Engineers inspected it."}
    a = write(tmp_path / "in" / "a.jsonl", json.dumps(record))
    write(tmp_path / "in" / "b.jsonl", json.dumps(record))
    service.ingest([str(tmp_path / "in")])
    write(a, json.dumps(record | {"text": "The dam failed during the storm. Villages were flooded."}))
    service.ingest([str(a)])
    texts = {service.get_article(info.id).text for info in service.list_articles()}
    assert record["text"] in texts  # b.jsonl still says so


def test_bad_files_are_listed_and_good_ones_indexed(service: Service, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    write(folder / "good1.txt", "Flood waters rose in Dhaka on Monday. Thousands were evacuated.")
    write(folder / "good2.md", md("Wheat harvest", "The Kansas wheat harvest was the largest in a decade."))
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04\x00")
    (folder / "latin1.txt").write_bytes("Café owners protested on Monday.".encode("latin-1"))
    (folder / "empty.md").write_bytes(b"")
    report = service.ingest([str(folder)])
    assert len(report.added) == 2 and not report.ok
    reasons = {os.path.basename(f.origin): f.reason for f in report.failed}
    assert reasons.keys() == {"binary.txt", "latin1.txt", "empty.md"}
    assert reasons["binary.txt"] == "binary file, not text"
    assert reasons["latin1.txt"].startswith("not valid UTF-8 text")
    assert reasons["empty.md"] == "file is empty"
    assert all(os.path.dirname(f.origin) == str(folder) for f in report.failed)
    assert all("\n" not in f.reason for f in report.failed)
    titles = sorted(info.title for info in service.list_articles())
    assert titles == ["Wheat harvest", "good1"]


def test_jsonl_with_one_bad_line_keeps_the_others(service: Service, tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "j1", "title": "Bridge", "text": "The bridge reopened after repairs."}),
        '{"id": "j2", "title": "broken',
        json.dumps({"id": "j3", "title": "Tunnel", "text": "The tunnel closed for maintenance."}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    report = service.ingest([str(path)])
    assert sorted(report.added) == ["j1", "j3"]
    [failure] = report.failed
    assert failure.origin == str(path)
    assert failure.reason.startswith("line 2: not valid JSON")
    assert service.get_article("j3").text == "The tunnel closed for maintenance."


def test_ingest_of_missing_path_is_a_failure_not_an_exception(service: Service, tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.md")
    report = service.ingest([missing])
    assert report.added == [] and [(f.origin, f.reason) for f in report.failed] == [
        (missing, "no such file or directory")
    ]


# --- ask ------------------------------------------------------------------------------------------


def test_ask_cites_the_sentence_with_the_number(seeded_index: Seeded) -> None:
    service, article_id = seeded_index.service, seeded_index.article_id
    answer = service.ask(TROOPS_Q)
    assert not answer.abstained and answer.related == []
    first = answer.answer[0]
    assert "7,400 Turkish soldiers had been deployed" in first.text
    article = service.get_article(article_id)
    expected_n = next(s.n for s in article.sentences if "7,400" in s.text)
    assert first.citations[0] == f"{article_id}:{expected_n}"
    for part in answer.answer:
        assert part.citations
        for sid in part.citations:
            src = answer.sources[sid]
            assert src.text == part.text == article.text[src.start : src.end]
            assert (src.article_id, src.source, src.title) == (article_id, "Press TV", article.title)
            assert_citable(service, sid, src.text)
    assert set(answer.sources) == {sid for part in answer.answer for sid in part.citations}
    assert [r.article_id for r in answer.retrieved] == [article_id]


def test_unrelated_question_abstains_with_related_sentences(seeded_index: Seeded) -> None:
    service = seeded_index.service
    answer = service.ask("What is the capital of France?")
    assert answer.abstained and answer.answer == []
    assert 1 <= len(answer.related) <= 3
    assert set(answer.sources) == set(answer.related)
    for sid in answer.related:
        assert_citable(service, sid, answer.sources[sid].text)


def test_empty_question_is_refused(seeded_index: Seeded) -> None:
    with pytest.raises(BriefingError, match="empty"):
        seeded_index.service.ask("   ")


@pytest.fixture(scope="module")
def ferries(make_index: Callable[[str, list[str]], Service]) -> Service:
    return make_index("ferries", [str(FERRY_A), str(FERRY_B), str(FERRY_C)])


def ferry_ids(service: Service) -> dict[str, str]:
    """Article id of each ferry story, keyed A (2020-03-02), B (2020-03-20), C (undated)."""
    by_origin = {Path(o).name: info.id for info in service.list_articles() for o in info.origins}
    return {"A": by_origin[FERRY_A.name], "B": by_origin[FERRY_B.name], "C": by_origin[FERRY_C.name]}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), "ABC"),
        (Filters(since=dt.date(2020, 3, 10)), "B"),
        (Filters(until=dt.date(2020, 3, 10)), "A"),
        (Filters(since=dt.date(2020, 1, 1)), "AB"),  # undated C is outside every date range
        (Filters(since=dt.date(2020, 3, 2), until=dt.date(2020, 3, 2)), "A"),
        (Filters(source="Island Post"), "B"),
        (Filters(source="Aegean Wire"), "AC"),
        (Filters(source="Aegean Wire", since=dt.date(2020, 3, 10)), ""),
        (Filters(source="Nobody"), ""),
    ],
    ids=["none", "since", "until", "since-drops-undated", "one-day", "src-b", "src-a", "both", "no-src"],
)
def test_filters_restrict_retrieval_and_citations(ferries: Service, filters: Filters, expected: str) -> None:
    ids = ferry_ids(ferries)
    allowed = {ids[key] for key in expected}
    answer = ferries.ask("What did the coast guard do when the ferry sank near Lesbos?", filters=filters)
    assert {r.article_id for r in answer.retrieved} == allowed
    assert {src.article_id for src in answer.sources.values()} <= allowed
    assert answer.abstained == (not allowed)
    if not allowed:
        assert answer.sources == {} and answer.related == []


def test_source_filter_matches_every_source_of_a_shared_text(service: Service, tmp_path: Path) -> None:
    body = "The ferry sank near Lesbos and the coast guard rescued everyone on board."
    service.ingest([str(write(tmp_path / "a.md", md("Ferry", body, source="Aegean Wire")))])
    service.ingest([str(write(tmp_path / "b.md", md("Ferry", body, source="Island Post")))])
    [info] = service.list_articles()
    assert info.sources == ["Aegean Wire", "Island Post"]
    answer = service.ask("What did the coast guard do?", filters=Filters(source="Island Post"))
    assert [r.article_id for r in answer.retrieved] == [info.id]


@pytest.fixture(scope="module")
def corpus12(make_index: Callable[[str, list[str]], Service]) -> Service:
    return make_index("corpus12", [str(CORPUS12)])


@pytest.mark.parametrize(("k", "expected"), [(None, 5), (1, 1), (10, 10), (12, 12), (20, 12)])
def test_retrieved_lists_k_articles_when_the_index_has_them(
    corpus12: Service, k: int | None, expected: int
) -> None:
    answer = corpus12.ask("When did the volcano in Iceland erupt?", k=k)
    ids = [r.article_id for r in answer.retrieved]
    assert len(ids) == expected == len(set(ids))
    assert ids[0] == "wire-01"
    scores = [r.score for r in answer.retrieved]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    assert not answer.abstained and answer.answer[0].citations[0].startswith("wire-01:")


# --- browse ---------------------------------------------------------------------------------------


def test_get_article_by_id_unique_prefix_or_not_at_all(seeded_index: Seeded, corpus12: Service) -> None:
    service, article_id = seeded_index.service, seeded_index.article_id
    assert service.get_article(article_id[:6]).id == article_id
    assert corpus12.get_article("wire-12").id == "wire-12"
    with pytest.raises(NotFound, match="matches 12 articles"):
        corpus12.get_article("wire-")
    with pytest.raises(NotFound, match="matches 3 articles"):
        corpus12.get_article("wire-1")
    with pytest.raises(NotFound, match="no article 'zzz'"):
        service.get_article("zzz")


def test_sentence_lookup(seeded_index: Seeded) -> None:
    service, article_id = seeded_index.service, seeded_index.article_id
    article = service.get_article(article_id)
    for s in article.sentences:
        src = service.sentence(s.id)
        assert (src.text, src.start, src.end) == (s.text, s.start, s.end)
        assert article.text[src.start : src.end] == src.text
    assert "7,400" in service.sentence(f"{article_id}:6").text
    with pytest.raises(NotFound, match="has no sentence 12"):
        service.sentence(f"{article_id}:12")
    with pytest.raises(NotFound, match="not a sentence id"):
        service.sentence(article_id)
    with pytest.raises(NotFound, match="no article"):
        service.sentence("zzz:0")


def test_list_articles_newest_first_undated_last(ferries: Service) -> None:
    ids = ferry_ids(ferries)
    infos = ferries.list_articles()
    assert [i.id for i in infos] == [ids["B"], ids["A"], ids["C"]]
    assert [i.published for i in infos] == [dt.date(2020, 3, 20), dt.date(2020, 3, 2), None]


# --- the store ------------------------------------------------------------------------------------


def test_other_embedder_is_refused(settings: Settings, tmp_path: Path) -> None:
    Service(settings).ingest([str(FERRY_C)])
    other = Service(settings.with_overrides(**{"embedder.max_tokens": 128}))
    with pytest.raises(EmbedderMismatch) as caught:
        other.list_articles()
    message = caught.value.one_line()
    assert ":256" in message and ":128" in message and "\n" not in message
    again = Service(settings)  # the refused open changed nothing
    assert [i.title for i in again.list_articles()] == ["Ferry runs aground off Lesbos"]
    assert not again.ask("What did the coast guard do with the ferry?").abstained


def test_index_dir_that_is_a_file_is_a_store_error(settings: Settings, tmp_path: Path) -> None:
    blocker = write(tmp_path / "not-a-dir", "x")
    service = Service(settings.with_overrides(**{"storage.path": str(blocker)}))
    with pytest.raises(StoreError) as caught:
        service.list_articles()
    line = caught.value.one_line()
    assert str(blocker) in line and "\n" not in line


def test_ingest_into_index_path_that_is_a_file_is_a_store_error(settings: Settings, tmp_path: Path) -> None:
    blocker = write(tmp_path / "not-a-dir", "x")
    service = Service(settings.with_overrides(**{"storage.path": str(blocker)}))
    with pytest.raises(StoreError):
        service.ingest([str(FERRY_C)])


def test_the_bm25_sync_reads_the_store_in_pages(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chroma fails on ~32k rows in one get; every listing the cache syncs from is paged."""
    import briefing.store.index

    lines = [
        json.dumps({"id": f"n{n}", "title": f"Notice {n}", "text": f"Ferry {n} runs late."}) for n in range(7)
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    report = service.ingest([str(tmp_path / "feed.jsonl")])
    monkeypatch.setattr(briefing.store.index, "_PAGE", 3)
    assert sorted(service.index.article_ids()) == sorted(report.added)
    assert sorted(service.index.changed_articles(0)) == sorted(report.added)
    assert service.index.changed_articles(time.time_ns() // 1000) == {}
