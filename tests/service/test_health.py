"""`briefing doctor`'s checks on real parts: each reports ok, fail or off, and none raises.

The embedder is the bundled one (or an unreachable embeddings endpoint), the index a real
Chroma on disk (or missing, empty, or a file), the LLM the scripted server on 127.0.0.1 (or a
port nothing listens on).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.core.settings import Settings
from briefing.service import health
from briefing.service.facade import Service
from tests.conftest import Seeded
from tests.llm_server import SCRIPTS, FakeLLM

KEY = "sk-health-test-0123456789"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def checks(settings: Settings, **overrides: object) -> dict[str, health.Check]:
    found = health.run(Service(settings.with_overrides(**overrides)))
    names = [c.name for c in found]  # the store and BM25 checks only where there is an index to check
    assert names in (["embedder", "index", "llm"], ["embedder", "index", "store", "bm25", "sentence", "llm"])
    return {c.name: c for c in found}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_working_setup_is_ok_everywhere(
    seeded_index: Seeded, fake: FakeLLM, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    found = checks(seeded_index.settings, **{"llm.model": "good", "llm.base_url": fake.url})
    assert {name: c.status for name, c in found.items()} == {
        "embedder": "ok",
        "index": "ok",
        "store": "ok",
        "bm25": "ok",
        "sentence": "ok",
        "llm": "ok",
    }
    assert "384 dimensions" in found["embedder"].summary
    chunks = seeded_index.service.index.chunk_count()
    assert found["index"].summary == f"{seeded_index.settings.storage.path}: 1 article, {chunks} chunks"
    assert found["llm"].summary.endswith("; model good is listed")
    names = sorted(SCRIPTS)  # the doctor lists the first 20 and counts the rest
    listed = ", ".join(names[:20]) + (f" (+{len(names) - 20} more)" if len(names) > 20 else "")
    assert found["llm"].details[0] == "models: " + listed
    assert found["llm"].details[-1] == "API key set (OPENAI_API_KEY)"
    assert KEY not in repr(found)


def test_an_unconfigured_llm_is_off_unless_the_engine_demands_it(seeded_index: Seeded) -> None:
    off = checks(seeded_index.settings)["llm"]
    assert off.status == "off" and "the extractive engine answers" in off.summary
    demanded = checks(seeded_index.settings, **{"llm.engine": "llm"})["llm"]
    assert demanded.status == "fail" and "BRIEFING_MODEL" in demanded.summary
    no_url = checks(seeded_index.settings, **{"llm.model": "good"})["llm"]
    assert no_url.status == "off" and "OPENAI_BASE_URL or OPENAI_API_KEY" in no_url.summary


def test_an_unlisted_model_or_a_silent_endpoint_fails(seeded_index: Seeded, fake: FakeLLM) -> None:
    unlisted = checks(seeded_index.settings, **{"llm.model": "gpt-none", "llm.base_url": fake.url})["llm"]
    assert unlisted.status == "fail" and "'gpt-none' is not in the list" in unlisted.details[0]
    port = closed_port()
    silent = checks(
        seeded_index.settings, **{"llm.model": "good", "llm.base_url": f"http://127.0.0.1:{port}/v1"}
    )
    assert silent["llm"].status == "fail" and f"127.0.0.1:{port}" in silent["llm"].summary
    assert silent["index"].status == "ok" and silent["embedder"].status == "ok"  # one failure hides nothing


def test_missing_empty_and_unreadable_indexes_fail(settings: Settings, tmp_path: Path) -> None:
    missing = checks(settings)["index"]
    assert missing.status == "fail" and "run briefing ingest PATH first" in missing.summary
    service = Service(settings)
    assert service.ingest([str(tmp_path / "nothing-here.md")]).failed  # opens the store, adds nothing
    empty = checks(settings)["index"]
    assert empty.status == "fail" and empty.summary.endswith("0 articles, 0 chunks — ingest articles first")
    blocker = tmp_path / "a-file"
    blocker.write_text("not an index")
    unreadable = checks(settings, **{"storage.path": str(blocker)})["index"]
    assert unreadable.status == "fail" and "it is a file" in unreadable.summary


def test_a_broken_embedder_fails_its_check_only(settings: Settings) -> None:
    port = closed_port()
    broken = checks(
        settings, **{"embedder.kind": "openai", "embedder.base_url": f"http://127.0.0.1:{port}/v1"}
    )
    assert broken["embedder"].status == "fail" and f"127.0.0.1:{port}" in broken["embedder"].summary
    assert broken["index"].status == "fail" and broken["llm"].status == "off"


def test_the_doctor_counts_the_articles_whose_sentence_vectors_are_kept(copy_seeded) -> None:  # type: ignore[no-untyped-def]
    service = copy_seeded("doctor-sentences", [])
    found = {c.name: c for c in health.run(service)}
    articles = service.index.count()
    assert found["sentence"].summary == f"vectors kept for all {articles} article{'s' * (articles != 1)}"
    first = service.index.article_ids()[0]
    service.index.sentences.delete([first])  # as an article indexed before they were kept
    found = {c.name: c for c in health.run(service)}
    assert found["sentence"].summary == f"vectors kept for {articles - 1} of {articles} articles"
    assert found["sentence"].details[0].startswith("1 without (indexed by an older version)")
