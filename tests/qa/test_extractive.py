"""The extractive engine on its own: support, scoring with the real embedder, composition.

Candidates are real sentences cut by the segmenter; the IDF is computed from those sentences;
the meaning score comes from the bundled MiniLM embedder. Nothing is stubbed.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from briefing.core.models import Sentence
from briefing.core.settings import AnswerSettings, Settings
from briefing.qa.extractive import Candidate, compose, score_candidates, support
from briefing.store.embedder import Embedder, load_embedder
from briefing.text.sentences import sentences_of
from briefing.text.terms import terms

ARTICLES = {
    "wire": "A ferry carrying 40 passengers sank off Lesbos on Sunday. "
    "The coast guard said 12 passengers were missing after the ferry sank in strong winds. "
    "Fishermen joined the search near the harbour.",
    "copy": "A ferry with 40 passengers on board sank off Lesbos on Sunday. "
    "The coast guard said 12 passengers were missing after the ferry sank in strong winds on Sunday. "
    "The port was closed to small boats.",
    "other": "The island council approved a new budget for the harbour on Monday. "
    "Rail services on the mainland resumed after a strike ended. "
    "The coast guard said two fishermen were rescued near the harbour.",
}
QUESTION = "How many passengers were missing after the ferry sank?"


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return load_embedder(Settings().embedder)


def sentences() -> list[Sentence]:
    return [s for aid, text in ARTICLES.items() for s in sentences_of(aid, text)]


def idf_of(pool: list[Sentence]) -> Callable[[str], float]:
    df = Counter(t for s in pool for t in set(terms(s.text)))
    n = len(pool)
    return lambda term: math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))


def scored(embedder: Embedder, question: str, rerank: int = 9) -> list[Candidate]:
    pool = sentences()
    candidates = [Candidate(sentence=s, context=0.5) for s in pool]
    return score_candidates(question, candidates, idf_of(pool), embedder.embed, rerank=rerank)


def test_support_is_the_idf_weighted_share_of_question_terms() -> None:
    weights = {"ferry": 1.0, "lesbos": 3.0, "sank": 0.5}.__getitem__
    assert support({"ferry", "lesbos"}, {"ferry", "sank"}, weights) == pytest.approx(1.0 / 4.0)
    assert support({"ferry", "lesbos"}, {"ferry", "lesbos", "sank"}, weights) == 1.0
    assert support({"ferry"}, set(), weights) == 0.0
    assert support(set(), {"ferry"}, weights) == 0.0


def test_the_answering_sentence_ranks_first_and_the_ranking_is_by_score(embedder: Embedder) -> None:
    ranked = scored(embedder, QUESTION)
    assert ranked[0].sentence.id in {"wire:1", "copy:1"}
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    assert all(0.0 <= c.support <= 1.0 and c.meaning >= 0.0 for c in ranked)
    unrelated = next(c for c in ranked if c.sentence.id == "other:1")
    assert unrelated.support < AnswerSettings().min_support


def test_only_the_rerank_pool_is_embedded(embedder: Embedder) -> None:
    ranked = scored(embedder, QUESTION, rerank=2)
    assert sum(1 for c in ranked if c.meaning > 0) <= 2
    assert all(c.meaning == 0 for c in scored(embedder, QUESTION, rerank=0))


def test_a_quantity_question_favours_sentences_with_numbers(embedder: Embedder) -> None:
    how_many = {c.sentence.id: c.support for c in scored(embedder, "How many passengers drowned?")}
    which = {c.sentence.id: c.support for c in scored(embedder, "Which passengers drowned?")}
    assert how_many["wire:1"] > which["wire:1"]  # "12" in it
    assert how_many["wire:2"] == which["wire:2"]  # no digit


def test_syndicated_copies_become_one_statement_citing_both(embedder: Embedder) -> None:
    composition = compose(scored(embedder, QUESTION), AnswerSettings())
    assert not composition.abstained
    missing = [p for p in composition.parts if "12 passengers were missing" in p.text]
    assert len(missing) == 1, composition.parts
    assert sorted(missing[0].citations) == ["copy:1", "wire:1"]
    texts = [p.text for p in composition.parts]
    assert len(texts) == len(set(texts)) <= AnswerSettings().max_sentences


def test_without_duplicate_folding_both_copies_would_be_quoted(embedder: Embedder) -> None:
    """The same candidates with folding off (overlap 1.0): the copies are two statements — so the
    previous test is about folding, not about the copy ranking low."""
    composition = compose(scored(embedder, QUESTION), AnswerSettings(duplicate_overlap=1.0))
    missing = [p for p in composition.parts if "12 passengers were missing" in p.text]
    assert len(missing) == 2


def test_an_unsupported_question_abstains_with_related_sentences(embedder: Embedder) -> None:
    ranked = scored(embedder, "What did the volcano observatory say about ash clouds over Iceland?")
    composition = compose(ranked, AnswerSettings())
    assert composition.abstained and composition.parts == []
    assert composition.related == [c.sentence.id for c in ranked[:3]]


def test_max_sentences_and_relative_floor_bound_the_answer(embedder: Embedder) -> None:
    ranked = scored(embedder, "What did the coast guard say?")
    assert len(compose(ranked, AnswerSettings(max_sentences=1, min_support=0.0)).parts) == 1
    strict = compose(ranked, AnswerSettings(relative_floor=1.0, min_support=0.0))
    assert [p.citations[0] for p in strict.parts] == [ranked[0].sentence.id]


class CountingVerdicts(dict[str, "Passed"]):
    """Verdicts that record which sentences composition looked at."""

    def __init__(self, verdicts: dict[str, Passed]) -> None:
        super().__init__(verdicts)
        self.read: list[str] = []

    def get(self, key: str, default: object = None) -> Passed | None:  # type: ignore[override]
        self.read.append(key)
        return super().get(key)


@dataclass(frozen=True)
class Passed:
    ok: bool
    span: tuple[int, int] | None = None
    before: None = None  # the answer is in the sentence itself


def reference_choice(
    ranked: list[Candidate], settings: AnswerSettings, verdicts: dict[str, Passed]
) -> list[str]:
    """The composition rule judged on every candidate (how it was written before it stopped early)."""
    supported = [c for c in ranked if (v := verdicts.get(c.sentence.id)) is not None and v.ok]
    chosen: list[str] = []
    floor = supported[0].score * settings.relative_floor if supported else 0.0
    for cand in supported:
        if cand.score < floor or len(chosen) >= settings.max_sentences:
            break
        chosen.append(cand.sentence.id)
    return chosen


@pytest.mark.parametrize("seed", range(40))
def test_composition_reads_only_the_verdicts_it_needs_and_chooses_as_if_it_read_all(seed: int) -> None:
    rng = random.Random(seed)
    pool = [s for s in sentences() if s.text]
    ranked = [Candidate(sentence=s, context=0.5, score=round(rng.uniform(0.2, 1.0), 3)) for s in pool]
    ranked.sort(key=lambda c: c.score, reverse=True)
    for n in rng.sample(range(len(ranked)), k=len(ranked) // 3):  # neighbours out of order, as judged
        ranked[n].score -= 0.001 * rng.randint(0, 3)
    settings = AnswerSettings(max_sentences=rng.randint(1, 3), relative_floor=rng.choice([0.85, 0.95, 1.0]))
    all_verdicts = {c.sentence.id: Passed(rng.random() < 0.4) for c in ranked}
    verdicts = CountingVerdicts(all_verdicts)
    settings = settings.model_copy(update={"duplicate_overlap": 1.01})  # no folding: ids compare directly
    composition = compose(ranked, settings, verdicts)
    assert [p.citations[0] for p in composition.parts] == reference_choice(ranked, settings, all_verdicts)
    passed = [sid for sid, v in all_verdicts.items() if v.ok]
    if len(passed) > settings.max_sentences:  # the answer is complete before the last one passes
        assert passed[-1] not in verdicts.read
