"""Server mode: ingest and ask through a real `chroma run` server (the session's ``chroma_url``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.brief.build import make_brief
from briefing.core.brief_models import Window
from briefing.core.models import Filters
from briefing.core.settings import Settings
from briefing.service.facade import Service
from tests.index_probe import free_port

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def _service(tmp_path: Path, url: str, collection: str) -> Service:
    settings = Settings().with_overrides(
        **{
            "storage.path": str(tmp_path / "local"),
            "storage.chroma_url": url,
            "storage.collection": collection,
        }
    )
    return Service(settings)


def test_ingest_and_ask_through_a_chroma_server(tmp_path: Path, chroma_url: str) -> None:
    service = _service(tmp_path, chroma_url, "server_test")
    report = service.ingest([str(SEEDS)])
    assert len(report.added) == 1 and not report.failed

    answer = service.ask("How many Turkish soldiers were deployed in Idlib and Aleppo?")
    assert not answer.abstained
    cited = answer.sources[answer.answer[0].citations[0]]
    assert "7,400" in cited.text

    # A brief through the server: every statement cites a sentence the server holds.
    brief = make_brief(service, Window(include_undated=True), compare=False, engine="extractive")
    assert brief.articles == 1 and brief.stories
    cited = {sid for story in brief.stories for d in story.developments for sid in d.citations}
    assert cited and all(service.sentence(sid).text for sid in cited)
    assert any("7,400" in f.text for story in brief.stories for f in story.figures)

    # Nothing was written to an embedded store: only the BM25 cache lives locally.
    assert not (tmp_path / "local" / "chroma").exists()

    # A second client (another machine, in effect) sees the same index and re-ingest adds nothing.
    other = _service(tmp_path / "other", chroma_url, "server_test")
    assert [a.id for a in other.list_articles()] == [a.id for a in service.list_articles()]
    again = other.ingest([str(SEEDS)])
    assert again.added == [] and len(again.unchanged) == 1
    assert other.ask("Who warned Ankara?", filters=Filters()).retrieved[0].article_id == report.added[0]


def test_unreachable_server_is_one_clear_error(tmp_path: Path) -> None:
    from briefing.core.errors import StoreError

    service = _service(tmp_path, f"http://127.0.0.1:{free_port()}", "nothing")
    with pytest.raises(StoreError) as info:
        service.list_articles()
    assert "cannot open the index" in info.value.one_line()


def test_a_metadata_update_through_a_chroma_server(tmp_path: Path, chroma_url: str) -> None:
    """A re-read input's new source and date rewrite the records on the server (a dropped
    source's filter flag deleted), and the filters see them."""
    service = _service(tmp_path, chroma_url, "server_update")
    story = tmp_path / "dhaka.txt"
    story.write_text("Flood waters rose in Dhaka on Monday. Thousands of families were evacuated.\n")
    [article_id] = service.ingest([str(story)], source="Wire A").added
    chunks = service.index.chunks.count()
    again = service.ingest([str(story)], source="Wire B", published=dt.date(2024, 3, 4))
    assert again.updated == [article_id] and again.unchanged == [] and again.chunks == 0
    [info] = service.list_articles()
    assert (info.source, info.sources, info.published) == ("Wire B", ["Wire B"], dt.date(2024, 3, 4))
    assert service.index.chunks.count() == chunks
    stored = service.index.chunks.get(include=["metadatas"])["metadatas"] or []
    assert stored and all("src:wire a" not in m and m["src:wire b"] is True for m in stored)
    question = "How many families were evacuated in Dhaka?"
    assert service.ask(question, filters=Filters(source="Wire B", since=dt.date(2024, 3, 1))).retrieved
    assert not service.ask(question, filters=Filters(source="Wire A")).retrieved
