"""One measure of meaning per question: an answer ranks its candidates by the sentence vectors
ingest pooled only when every article holding a candidate has them; in an index that also holds
articles from before they were kept, all candidates are measured the old way (real embedder,
real Chroma on disk, real retrieval)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from briefing.core.models import Filters
from briefing.qa import retrieval
from briefing.qa.answering import pooled_sentences
from briefing.service.facade import Service
from tests.conftest import settings_for

STORIES = {
    "zebras.md": "Three zebras escaped from the city zoo on Wednesday, keepers said. "
    "The zoo's director, Anna Berg, said a broken gate was to blame.\n",
    "lions.md": "Two lions escaped from the city zoo on Friday, keepers said. "
    "The zoo's director said the lions were caught within an hour.\n",
}
QUESTION = "Which animals escaped from the city zoo, the director said?"


def test_pooled_vectors_are_used_for_all_candidates_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in STORIES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    service = Service(settings_for(monkeypatch, tmp_path))
    service.ingest([str(tmp_path / name) for name in STORIES])
    found = retrieval.retrieve(service, QUESTION, 5, Filters())
    holding = sorted({c.sentence.article_id for c in found.candidates})
    assert len(holding) == 2  # the question's candidates come from both stories
    every = pooled_sentences(service, found)
    assert {s.id for aid in holding for s in found.articles[aid].sentences} <= set(every)
    opening = service.embedder.embed([found.candidates[0].sentence.text[:320]])[0]
    assert not np.allclose(every[found.candidates[0].sentence.id], opening, atol=1e-3)
    service.index.sentences.delete([holding[0]])  # as an article indexed before they were kept
    assert pooled_sentences(service, found) == {}
    answer = service.ask(QUESTION)
    assert not answer.abstained
