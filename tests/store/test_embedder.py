"""The bundled embedder: an ask's small calls and an ingest's big batches run the same model."""

from __future__ import annotations

import subprocess
import sys
import threading

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


def test_the_first_session_loads_on_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold ask opens Chroma while onnxruntime sets its session up; the first embed waits for it."""
    made_on: list[str] = []
    new_session = LocalMiniLM._new_session

    def recording(self: LocalMiniLM, quick: bool) -> object:
        made_on.append(threading.current_thread().name)
        return new_session(self, quick)

    monkeypatch.setattr(LocalMiniLM, "_new_session", recording)
    embedder = LocalMiniLM(EmbedderSettings())
    vectors = embedder.embed(TEXTS)
    assert made_on == ["onnx-session"]
    assert vectors.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_a_process_that_exits_before_its_first_embed_exits_cleanly() -> None:
    """An ingest with nothing new never embeds: the session still loading must not abort the exit."""
    script = (
        "from briefing.core.settings import EmbedderSettings\n"
        "from briefing.store.embedder import LocalMiniLM\n"
        "LocalMiniLM(EmbedderSettings())\n"
    )
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stderr == ""
