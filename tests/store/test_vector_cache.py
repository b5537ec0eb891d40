"""Kept vectors of the index's sentences and words: the model's own bits, never a failed ask."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from briefing.core.settings import EmbedderSettings
from briefing.store.embedder import LocalMiniLM
from briefing.store.vector_cache import VectorCache, text_key

TEXTS = [
    "The war monitor said 7,400 Turkish soldiers had been deployed in the area and neighbouring Aleppo.",
    "wounded",
    "Russia warned Ankara last week.",
    "injured",
]
MORE = [f"Sentence {n} about {'a much longer list of words ' * (n % 4)}the ceasefire." for n in range(11)]


class Counting:
    """The bundled model, counting the texts it is asked to embed."""

    def __init__(self, model: LocalMiniLM) -> None:
        self.model, self.texts = model, 0
        self.name, self.dim, self.max_tokens = model.name, model.dim, model.max_tokens

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.model.embed(texts)

    def count_tokens(self, text: str) -> int:
        return self.model.count_tokens(text)


@pytest.fixture(scope="module")
def model() -> LocalMiniLM:
    return LocalMiniLM(EmbedderSettings())


def test_a_text_gets_the_same_bits_alone_and_in_any_batch(model: LocalMiniLM) -> None:
    """What makes kept vectors safe: the model's vector of a text does not depend on what it was
    batched with (padding, length sorting, batches of 8), so a kept one changes no decision."""
    batch = model.embed(MORE + TEXTS)
    for n, text in enumerate(MORE + TEXTS):
        assert np.array_equal(model.embed([text])[0], batch[n]), text


def test_kept_vectors_are_the_models_and_are_read_back_by_the_next_process(
    model: LocalMiniLM, tmp_path: Path
) -> None:
    first = Counting(model)
    cache = VectorCache(first, tmp_path / "vectors")
    got = cache.embed([*TEXTS, TEXTS[0]])
    assert np.array_equal(got, model.embed([*TEXTS, TEXTS[0]]))
    assert first.texts == len(TEXTS)  # the repeated text embedded once
    assert np.array_equal(cache.embed(TEXTS[::-1]), got[: len(TEXTS)][::-1])
    assert first.texts == len(TEXTS)  # from memory

    later = Counting(model)  # a new process on the same index
    again = VectorCache(later, tmp_path / "vectors")
    assert np.array_equal(again.embed([*TEXTS, "new words"]), model.embed([*TEXTS, "new words"]))
    assert later.texts == 1


def test_a_damaged_record_is_embedded_again_and_a_torn_file_starts_afresh(
    model: LocalMiniLM, tmp_path: Path
) -> None:
    VectorCache(model, tmp_path).embed(TEXTS)
    (path,) = tmp_path.glob("*.bin")
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF  # inside the first record's vector
    path.write_bytes(bytes(data[:-10]))  # and the last record torn, as by a crash mid-write
    reader = Counting(model)
    cache = VectorCache(reader, tmp_path)
    assert np.array_equal(cache.embed(TEXTS), model.embed(TEXTS))
    assert reader.texts == 2  # the damaged first record and the torn last one
    assert path.stat().st_size % (16 + 8 + 4 * model.dim) == 0  # rewritten whole
    assert np.array_equal(VectorCache(model, tmp_path).embed(TEXTS[:1]), model.embed(TEXTS[:1]))


def test_an_unwritable_directory_keeps_vectors_in_memory(model: LocalMiniLM, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    counting = Counting(model)
    cache = VectorCache(counting, blocked / "vectors")
    assert np.array_equal(cache.embed(TEXTS), model.embed(TEXTS))
    assert np.array_equal(cache.embed(TEXTS), model.embed(TEXTS))
    assert counting.texts == len(TEXTS)


def test_an_ask_keeps_the_index_text_but_never_the_question(copy_seeded) -> None:  # type: ignore[no-untyped-def]
    service = copy_seeded("vector-cache", [])
    (service.cache_dir() / "sentences.sqlite3").unlink()  # as an index built before ingest kept them
    question = "How many Turkish soldiers were deployed?"
    answer = service.ask(question)
    assert not answer.abstained
    files = list((service.cache_dir() / "vectors").glob("*.bin"))
    assert len(files) == 1
    data = files[0].read_bytes()
    cited = answer.sources[answer.answer[0].citations[0]].text
    assert text_key(cited[:320]) in data  # the re-ranked opening of the cited sentence
    assert text_key(question) not in data
    assert os.path.getsize(files[0]) % (16 + 8 + 4 * service.embedder.dim) == 0


WRITER = """
import sys
from pathlib import Path
from briefing.core.settings import EmbedderSettings
from briefing.store.embedder import LocalMiniLM
from briefing.store.vector_cache import VectorCache
cache = VectorCache(LocalMiniLM(EmbedderSettings()), Path(sys.argv[1]))
for n in range(25):
    cache.embed([f"{sys.argv[2]} text {n}"])
"""


def test_two_processes_appending_at_once_leave_only_the_models_vectors(
    model: LocalMiniLM, tmp_path: Path
) -> None:
    """Two asks at once (the TUI and a CLI ask on one index): every record on disk is whole and holds
    the model's vector of its text; a record lost to a race is embedded again, never misread."""
    import subprocess
    import sys

    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), name]) for name in ("first", "second")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    texts = [f"{name} text {n}" for name in ("first", "second") for n in range(25)]
    by_key = {text_key(t): t for t in texts}
    (path,) = tmp_path.glob("*.bin")
    data, size = path.read_bytes(), 16 + 8 + 4 * model.dim
    assert data and len(data) % size == 0
    for start in range(0, len(data), size):
        text = by_key[data[start : start + 16]]
        vector = np.frombuffer(data[start + 24 : start + size], dtype=np.float32)
        assert np.array_equal(vector, model.embed([text])[0]), text
    assert np.array_equal(VectorCache(model, tmp_path).embed(texts), model.embed(texts))
