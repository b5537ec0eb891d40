"""Turn what retrieval found into an answer: the extractive engine, or an LLM checked sentence by
sentence against what it cites, falling back to the extractive engine when the LLM fails.

Engines: ``extractive`` quotes verbatim sentences and needs nothing but the index; ``llm`` writes
fluent prose through :mod:`briefing.llm.client` and is trusted only as far as :mod:`briefing.llm.citations`
can verify it (the LLM path itself is :mod:`briefing.qa.llm_answer`). ``auto`` (the default) takes
the LLM when one is configured. An LLM failure
(timeouts, 429 and 5xx after the client's retries, a broken stream, a malformed reply) is never
an error for the reader: the extractive answer is shown with a one-line notice saying why.
A cancelled answer (its :class:`~briefing.core.cancel.CancelToken`) is not a failure: the stream
is closed and :class:`~briefing.core.errors.Cancelled` raised, with no fallback computed for nobody.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from briefing.core.errors import ConfigError
from briefing.core.models import Answer
from briefing.llm import client as llm
from briefing.qa import answerability, extractive, judging

if TYPE_CHECKING:
    from briefing.core.cancel import CancelToken
    from briefing.core.settings import LLMSettings
    from briefing.qa.extractive import Candidate
    from briefing.qa.retrieval import Found, Stores
    from briefing.store.embedder import Embedder

Engine = Literal["extractive", "llm"]
OnText = Callable[[str], None]


def choose_engine(settings: LLMSettings, requested: str | None = None) -> Engine:
    """The engine to use: the requested one, else the setting; ``auto`` means the LLM if configured."""
    wanted = requested or settings.engine
    if wanted == "extractive":
        return "extractive"
    if llm.configured(settings):
        return "llm"
    if wanted == "llm":
        raise ConfigError(
            "--engine llm needs a model and an endpoint",
            "set BRIEFING_MODEL (or --model) and OPENAI_BASE_URL (or --base-url) or OPENAI_API_KEY",
        )
    return "extractive"


def answer(
    stores: Stores,
    question: str,
    found: Found,
    engine: Engine,
    strict: bool = False,
    on_text: OnText | None = None,
    cancel: CancelToken | None = None,
) -> Answer:
    """The answer to ``question`` from ``found`` with the chosen engine (``Cancelled`` once ``cancel`` is)."""
    from briefing.store.kept_entities import active

    with active(_kept_dir(stores)):  # the candidates' entities, kept like their vectors
        return _answer(stores, question, found, engine, strict, on_text, cancel)


def _answer(
    stores: Stores,
    question: str,
    found: Found,
    engine: Engine,
    strict: bool,
    on_text: OnText | None,
    cancel: CancelToken | None,
) -> Answer:
    vectors = kept_vectors(stores)
    sentences = pooled_sentences(stores, found)
    scored = extractive.score_candidates(
        question,
        found.candidates,
        found.idf,
        vectors.embed,
        rerank=stores.settings.answer.rerank,
        question_vector=found.question_vector,
        kept=sentences,
    )
    from briefing.store.word_table import for_embedder

    settings, vector, table = stores.settings.answer, found.question_vector, for_embedder(stores.embedder)
    judged = judging.judge_candidates(
        question, scored, found.articles, vectors.embed, settings, vector, kept=sentences, table=table
    )
    if engine == "extractive":
        return extractive_answer(stores, question, found, judged.ranked, judged.verdicts)
    from briefing.qa.llm_answer import LLMAnswer

    def fallback(reason: str) -> Answer:
        return extractive_answer(stores, question, found, judged.ranked, judged.verdicts)

    writer = LLMAnswer(stores, question, found, scored, strict, on_text, fallback, cancel)
    if judged.verdicts is not None and not any(v.ok for v in judged.verdicts.values()):
        return writer.abstain([c.sentence.id for c in scored[:3]])  # nothing answers: the LLM is not asked
    return writer.run()


def pooled_sentences(stores: Stores, found: Found) -> dict[str, np.ndarray]:
    """The sentence vectors ingest pooled (:mod:`briefing.store.sentence_vectors`) for every
    sentence of the articles that hold candidates, or none at all.

    Why all or none: a pooled vector scores ~0.14 higher against the question than the same
    sentence's opening embedded alone (60 dev questions), so in an index holding articles from
    before they were kept, a mixed ranking would favour the newer articles for no reason.
    """
    kept = stores.index.sentence_vectors(list(found.articles.values()))
    holding = {c.sentence.article_id for c in found.candidates}
    every = all(s.id in kept for aid in holding for s in found.articles[aid].sentences)
    return kept if every else {}


def kept_vectors(stores: Stores) -> Embedder:
    """The embedder for the index's own sentences and words, kept vectors first (same bits, fewer
    model calls: :mod:`briefing.store.vector_cache`); kept in memory only for a remote model."""
    from briefing.store.vector_cache import for_index

    local = stores.settings.embedder.kind == "local"
    return for_index(stores.embedder, _kept_dir(stores) if local else None)


def _kept_dir(stores: Stores) -> Path:
    return stores.cache_dir() / "vectors"


def extractive_answer(
    stores: Stores,
    question: str,
    found: Found,
    scored: list[Candidate],
    judged: Mapping[str, answerability.Verdict] | None = None,
) -> Answer:
    """Verbatim, cited sentences, or an abstention with the closest sentences as related."""
    composition = extractive.compose(scored, stores.settings.answer, judged)
    cited = [sid for part in composition.parts for sid in part.citations] + composition.related
    return Answer(
        question=question,
        answer=composition.parts,
        sources={sid: found.source_sentence(sid) for sid in dict.fromkeys(cited)},
        abstained=composition.abstained,
        related=composition.related,
        retrieved=found.retrieved,
    )
