"""A re-read input's new title is embedded: each chunk's vector is of its title and text, so a
title changed in place must leave the vectors a fresh ingest of the retitled input would write,
not vectors that keep answering to the old title (real Chroma on disk, the bundled embedder)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from briefing.service.facade import Service
from tests.conftest import settings_for

BODY = (
    "Three zebras escaped from the city zoo on Wednesday, keepers said.\n"
    "They were caught two hours later near the river, after a chase through the old market.\n"
)


def _ingested(mp: pytest.MonkeyPatch, root: Path, title: str) -> tuple[Service, Path]:
    root.mkdir()
    story = root / "zoo.md"
    story.write_text(f"---\ntitle: {title}\n---\n{BODY}", encoding="utf-8")
    service = Service(settings_for(mp, root))
    assert len(service.ingest([str(story)]).added) == 1
    return service, story


def _vectors(service: Service) -> tuple[np.ndarray, np.ndarray]:
    chunks = service.index.chunks.get(include=["embeddings"])
    articles = service.index.articles.get(include=["embeddings"])
    order = np.argsort(chunks["ids"])
    return np.asarray(chunks["embeddings"])[order], np.asarray(articles["embeddings"])


def test_a_new_title_re_embeds_the_chunks_as_a_fresh_ingest_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    retitled, story = _ingested(monkeypatch, tmp_path / "retitled", "Wombat festival opens")
    story.write_text(f"---\ntitle: Quokka parade downtown\n---\n{BODY}", encoding="utf-8")
    report = retitled.ingest([str(story)])
    assert report.updated and not report.added and not report.replaced
    fresh, _ = _ingested(monkeypatch, tmp_path / "fresh", "Quokka parade downtown")
    (chunks, article), (fresh_chunks, fresh_article) = _vectors(retitled), _vectors(fresh)
    assert np.allclose(chunks, fresh_chunks, atol=1e-5)
    assert np.allclose(article, fresh_article, atol=1e-5)
    stored = retitled.index.chunks.get(include=["metadatas"])["metadatas"] or []
    assert stored and all(m["title"] == "Quokka parade downtown" for m in stored)


def test_a_new_date_alone_keeps_the_vectors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    service, story = _ingested(monkeypatch, tmp_path / "dated", "Wombat festival opens")
    before, _ = _vectors(service)
    assert service.ingest([str(story)], published=dt.date(2024, 5, 1)).updated
    after, _ = _vectors(service)
    assert np.array_equal(before, after)
