"""Vectors of the bundled embedder's whole-word vocabulary, computed once and shipped.

Why: answerability compares a question's relation or key noun with each word of a candidate
sentence by embedding similarity (:class:`briefing.qa.matching.WordSimilarity`). A first-time
question meets ~10 words the process has not embedded yet, ~20 ms of model time per ask at 4k
articles on this 2-core machine (bench/README.md), and 87 % of them are single wordpieces of the
model's own vocabulary. A word's vector depends on nothing but the word, so those are computed
once by ``python -m briefing.store.word_table`` (21,358 words, under a minute) and shipped in
``assets/minilm/words.npz``: int8 with a scale per word (a cosine moves by less than 0.005; a
test checks a sample against the live model), valid only for the model file whose sha256 the
table records. Any other word, or another model, is embedded as before.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from briefing.store.embedder import ASSETS, LocalMiniLM, load_tokenizer

if TYPE_CHECKING:
    from briefing.store.embedder import Embedder

TABLE = ASSETS / "words.npz"
_BATCH = 512


class WordTable:
    """Word -> its vector as the model gives it alone (dequantised on lookup)."""

    def __init__(self, words: list[str], codes: np.ndarray, scales: np.ndarray) -> None:
        self._rows = {word: row for row, word in enumerate(words)}
        self._codes, self._scales = codes, scales

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, words: Iterable[str]) -> dict[str, np.ndarray]:
        """The vectors of those of ``words`` the table holds."""
        found = {w: self._rows[w] for w in words if w in self._rows}
        if not found:
            return {}
        rows = np.fromiter(found.values(), dtype=np.int64, count=len(found))
        vectors = self._codes[rows].astype(np.float32) * self._scales[rows, None]
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return dict(zip(found, vectors, strict=True))


def for_embedder(embedder: Embedder) -> WordTable | None:
    """The shipped table when ``embedder`` is the bundled model it was made with, else ``None``."""
    if not isinstance(embedder, LocalMiniLM):
        return None
    return _load(embedder.model_sha256)


@lru_cache(maxsize=2)
def _load(model_sha256: str) -> WordTable | None:
    try:
        with np.load(TABLE) as data:
            if str(data["model_sha256"]) != model_sha256:
                return None
            words = bytes(data["words"]).decode("utf-8").split("\n")
            return WordTable(words, data["codes"], data["scales"])
    except (OSError, KeyError, ValueError):  # missing or damaged: words are embedded as before
        return None


def vocabulary_words() -> list[str]:
    """The model's whole-word vocabulary entries that answerability compares (letters, 3 or more)."""
    vocab = load_tokenizer().get_vocab()
    return sorted(w for w in vocab if w.isascii() and w.isalpha() and len(w) > 2)


def build(embedder: LocalMiniLM, path: Path = TABLE) -> int:
    """Embed every vocabulary word alone and write the table; returns how many."""
    words = vocabulary_words()
    vectors = np.concatenate([embedder.embed(words[i : i + _BATCH]) for i in range(0, len(words), _BATCH)])
    scales = (np.abs(vectors).max(axis=1) / 127.0).astype(np.float32)
    codes = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    listed = np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)
    np.savez(path, words=listed, codes=codes, scales=scales, model_sha256=embedder.model_sha256)
    return len(words)


if __name__ == "__main__":  # python -m briefing.store.word_table: (re)make the shipped table
    from briefing.core.settings import load_settings

    count = build(LocalMiniLM(load_settings().embedder))
    print(f"wrote {count} word vectors to {TABLE}", file=sys.stderr)
