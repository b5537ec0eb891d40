"""The bundled embedder: an ask's small calls and an ingest's big batches run the same model."""

from __future__ import annotations

import numpy as np
import pytest

from briefing.core.settings import EmbedderSettings
from briefing.store import embedder as embedder_module
from briefing.store.embedder import LocalMiniLM

TEXTS = [
    "How many Turkish soldiers were deployed in Idlib and Aleppo?",
    "The war monitor said 7,400 Turkish soldiers had been deployed in the area and neighbouring Aleppo.",
    "wounded",
    "injured",
]


def test_both_sessions_give_the_same_vectors_bit_for_bit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The question and the re-ranked sentences (the non-spinning session) embed exactly as they
    would in an ingest's batch session: retrieval and the checks see one model, decisions do not move."""
    embedder = LocalMiniLM(EmbedderSettings())
    quick = [embedder.embed(TEXTS), embedder.embed(TEXTS[:1]), embedder.embed(TEXTS[2:])]
    monkeypatch.setattr(embedder_module, "_QUICK_WORDPIECES", -1)  # every call takes the batch session
    batch = [embedder.embed(TEXTS), embedder.embed(TEXTS[:1]), embedder.embed(TEXTS[2:])]
    assert len(embedder._sessions) == 2  # both really ran
    for small, big in zip(quick, batch, strict=True):
        assert np.array_equal(small, big)


def test_an_ask_loads_one_session() -> None:
    """A one-shot ``briefing ask`` pays for one onnxruntime session, not two."""
    embedder = LocalMiniLM(EmbedderSettings())
    embedder.embed(TEXTS)
    assert len(embedder._sessions) == 1
