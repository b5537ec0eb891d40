"""The extractive engine: answers made only of verbatim, cited source sentences.

Candidate sentences come from the best retrieved chunks. Each is scored by

- *support*: the IDF-weighted share of the question's terms it contains (names, numbers and key
  words must be there for a sentence to answer anything),
- *meaning*: cosine similarity of its embedding to the question's,
- *context*: how well its chunk ranked in hybrid retrieval.

Sentences below the support threshold never enter an answer; if none is left the engine
abstains and offers the closest sentences as related material. Near-duplicates (syndicated
copies) are merged into one statement that cites every copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from briefing.core.models import AnswerPart, AnswerSpan, Sentence
from briefing.core.settings import AnswerSettings
from briefing.llm.wording import is_injection
from briefing.text.terms import terms, words


class Verdict(Protocol):
    """What composition needs of an answerability verdict (:mod:`briefing.qa.answerability`)."""

    @property
    def ok(self) -> bool: ...

    @property
    def span(self) -> tuple[int, int] | None: ...

    @property
    def before(self) -> Sentence | None:
        """The earlier sentence ``span`` is in, when the answer points back to it."""


_QUANTITY_Q = re.compile(r"^\s*(how (many|much|long|far|old)|what (number|percentage|share))\b", re.I)
_TIME_Q = re.compile(r"^\s*(when|what (day|date|year|time))\b", re.I)
_DIGIT = re.compile(r"\d")
_WEIGHTS = (0.5, 0.3, 0.2)  # support, meaning, context
_RERANK_CHARS = 320  # embedding cost grows with length; a sentence's opening carries its meaning


@dataclass
class Candidate:
    """A sentence that might answer the question, with its scores."""

    sentence: Sentence
    context: float
    support: float = 0.0
    meaning: float = 0.0
    score: float = 0.0
    duplicates: list[str] = field(default_factory=list)


@dataclass
class Composition:
    """What the engine decided: answer parts, or an abstention with related sentence ids."""

    parts: list[AnswerPart]
    related: list[str]

    @property
    def abstained(self) -> bool:
        return not self.parts


def support(question_terms: set[str], sentence_terms: set[str], idf: Callable[[str], float]) -> float:
    """IDF-weighted share of the question's terms found in the sentence (0..1)."""
    total = sum(idf(t) for t in question_terms)
    if total <= 0:
        return 0.0
    return sum(idf(t) for t in question_terms & sentence_terms) / total


def score_candidates(
    question: str,
    candidates: list[Candidate],
    idf: Callable[[str], float],
    embed: Callable[[list[str]], np.ndarray],
    rerank: int,
    question_vector: np.ndarray | None = None,
    kept: Mapping[str, np.ndarray] | None = None,
) -> list[Candidate]:
    """Score every candidate lexically; measure only the most promising ``rerank`` by meaning.

    ``question_vector`` is the question's embedding when retrieval already computed it; ``kept``
    holds sentence vectors made at ingest (:func:`sentence_vectors`).
    """
    q_terms = set(terms(question))
    wants_number = bool(_QUANTITY_Q.match(question))
    wants_time = bool(_TIME_Q.match(question))
    for cand in candidates:
        cand.support = support(q_terms, set(terms(cand.sentence.text)), idf)
        if (wants_number or wants_time) and _DIGIT.search(cand.sentence.text):
            cand.support = min(1.0, cand.support + 0.05)
    pool = sorted(candidates, key=lambda c: c.support + 0.3 * c.context, reverse=True)[:rerank]
    if pool:
        if question_vector is None:
            question_vector, *_ = embed([question])
        vectors = sentence_vectors(pool, embed, kept)
        for cand, sim in zip(pool, vectors @ question_vector, strict=True):
            cand.meaning = max(float(sim), 0.0)
    w_support, w_meaning, w_context = _WEIGHTS
    for cand in candidates:
        cand.score = w_support * cand.support + w_meaning * cand.meaning + w_context * cand.context
    return sorted(candidates, key=lambda c: c.score, reverse=True)


def sentence_vectors(
    cands: list[Candidate], embed: Callable[[list[str]], np.ndarray], kept: Mapping[str, np.ndarray] | None
) -> np.ndarray:
    """Each candidate's vector: the one ingest kept (the sentence read in its chunk:
    :mod:`briefing.store.sentence_vectors`), else its opening embedded now (an index built before
    they were kept, a remote embedder, an article changed since)."""
    kept = kept or {}
    missing = [c.sentence.text[:_RERANK_CHARS] for c in cands if c.sentence.id not in kept]
    fresh = iter(embed(missing) if missing else [])
    return np.stack([kept[c.sentence.id] if c.sentence.id in kept else next(fresh) for c in cands])


def compose(
    scored: list[Candidate], settings: AnswerSettings, verdicts: Mapping[str, Verdict] | None = None
) -> Composition:
    """Pick the best supported, non-redundant sentences; abstain when none is supported.

    ``verdicts`` (sentence id -> answerability verdict) narrows the choice to sentences that
    answer; ``None`` means word overlap alone decides (``answer.answerability`` off).
    """
    scored = [c for c in scored if not is_injection(c.sentence.text)]  # addressed to a model: no news
    chosen = _choose(scored, settings, verdicts)
    parts = [_part(c, verdicts.get(c.sentence.id) if verdicts else None) for c in chosen]
    related = [] if parts else [c.sentence.id for c in scored[:3]]
    return Composition(parts=parts, related=related)


def _choose(
    scored: list[Candidate], settings: AnswerSettings, verdicts: Mapping[str, Verdict] | None
) -> list[Candidate]:
    """The supported candidates quoted, in order, each near-duplicate folded into its first copy.

    The rule: take supported candidates in order until ``max_sentences`` are chosen or one scores
    below ``relative_floor`` times the first. Why the loop looks ahead: ``verdicts`` may compute
    each verdict when it is first read (a parse, embeddings), so the loop stops as soon as no later
    candidate could be chosen — the answer is the same as judging them all, at a fraction of the cost.
    """
    chosen: list[Candidate] = []
    best_from = _best_scores_from(scored)
    floor: float | None = None
    for n, cand in enumerate(scored):
        if floor is not None and (len(chosen) >= settings.max_sentences or best_from[n] < floor):
            break  # nothing after this can be quoted, whatever its verdict
        if not _supported(cand, settings, verdicts):
            continue
        if floor is None:
            floor = cand.score * settings.relative_floor
        if cand.score < floor:
            break
        twin = _near_duplicate(cand, chosen, settings.duplicate_overlap)
        if twin is not None:
            twin.duplicates.append(cand.sentence.id)
        else:
            chosen.append(cand)
    return chosen


def _supported(cand: Candidate, settings: AnswerSettings, verdicts: Mapping[str, Verdict] | None) -> bool:
    """Answerability's verdict when there is one; word overlap alone when the checks are off."""
    if verdicts is None:
        return cand.support >= settings.min_support
    verdict = verdicts.get(cand.sentence.id)
    return verdict is not None and verdict.ok


def _best_scores_from(scored: list[Candidate]) -> list[float]:
    """For each position, the highest score at or after it."""
    best, out = float("-inf"), [0.0] * len(scored)
    for n in range(len(scored) - 1, -1, -1):
        best = max(best, scored[n].score)
        out[n] = best
    return out


def _near_duplicate(cand: Candidate, chosen: list[Candidate], threshold: float) -> Candidate | None:
    mine = set(words(cand.sentence.text))
    for other in chosen:
        theirs = set(words(other.sentence.text))
        union = mine | theirs
        if union and len(mine & theirs) / len(union) >= threshold:
            return other
    return None


def _part(cand: Candidate, verdict: Verdict | None) -> AnswerPart:
    """The quoted sentence; when its answer is named in an earlier sentence it points back to
    ("in the town"), that sentence first, both verbatim and both cited (:mod:`briefing.qa.neighbours`)."""
    before = verdict.before if verdict is not None else None
    if before is None:
        text, cited = cand.sentence.text, [cand.sentence.id]
    else:
        text, cited = f"{before.text} {cand.sentence.text}", [before.id, cand.sentence.id]
    return AnswerPart(text=text, citations=[*cited, *cand.duplicates], answer_span=_span(text, verdict))


def _span(text: str, verdict: Verdict | None) -> AnswerSpan | None:
    if verdict is None or verdict.span is None:
        return None
    start, end = verdict.span
    return AnswerSpan(start=start, end=end, text=text[start:end])
