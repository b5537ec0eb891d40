"""The shipped vocabulary table holds the vectors the bundled model gives each word alone, and
answerability's word similarity reads it instead of running the model (real model, real table)."""

from __future__ import annotations

import numpy as np

from briefing.qa.matching import WordSimilarity
from briefing.store import word_table
from briefing.store.embedder import LocalMiniLM


class Counting:
    def __init__(self, model: LocalMiniLM) -> None:
        self.model, self.texts = model, 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.model.embed(texts)


def test_the_table_matches_the_live_model(service) -> None:  # type: ignore[no-untyped-def]
    model = service.embedder
    table = word_table.for_embedder(model)
    assert table is not None and len(table) == len(word_table.vocabulary_words()) > 20_000
    words = word_table.vocabulary_words()[:: len(word_table.vocabulary_words()) // 60][:60]
    kept = table.get(words)
    assert list(kept) == words
    live = model.embed(words)
    cosines = np.einsum("ij,ij->i", np.stack(list(kept.values())), live)
    assert cosines.min() > 0.999  # int8 with a scale per word


def test_word_similarity_reads_the_table_first(service) -> None:  # type: ignore[no-untyped-def]
    counting = Counting(service.embedder)
    table = word_table.for_embedder(service.embedder)
    similarity = WordSimilarity(counting.embed, table)
    near = similarity.best("wounded", ["injured", "market", "tuesday"])
    assert counting.texts == 0 and near > 0.6
    similarity.best("wounded", ["sheikhoun"])  # not one wordpiece of the vocabulary: embedded
    assert counting.texts == 1
    plain = WordSimilarity(Counting(service.embedder).embed)
    assert abs(plain.best("wounded", ["injured", "market", "tuesday"]) - near) < 0.005


def test_the_table_is_only_for_the_model_it_was_made_with(service) -> None:  # type: ignore[no-untyped-def]
    assert word_table._load("0" * 64) is None
    assert word_table.for_embedder(Counting(service.embedder)) is None  # type: ignore[arg-type]
