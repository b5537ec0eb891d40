"""Which of the candidates that answer goes first: closeness in meaning to the whole question.

Why: retrieval's score (word overlap, then meaning, then the chunk's rank) is tuned to find the
region; among the sentences that pass every answerability check, the one that restates the
question in the same words outranks its neighbour that holds the figure or the name ("Japan's
Nikkei stock index fell to lows not seen since October 1982" before "the Nikkei closed ... at
7,162.90" for the Nikkei's closing level). The
question-sentence cosine separates those better, with a little of the retrieval score to break
ties: on bench/data/dev_qa.jsonl the answer was inside a cited sentence for 103 of 128 questions
against 100, answers as long as before (1.34 sentences), the honest dev set 16/30 against 15.

The order is written into each passing candidate's ``score`` (a copy: the LLM path keeps the
retrieval scores) so that composition's relative floor keeps working on it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from briefing.qa.extractive import Candidate

_RETRIEVAL_WEIGHT = 0.3  # fitted on dev_qa and the honest dev set (0.3-0.5 do alike; 1.0 worse)
_KEY_FLOOR = 0.9  # the answer keeps the sentences within 0.9 of the best by this order ...
_SCORE_FLOOR = 0.85  # ... which composition's default relative floor (0.85) then means
_SHARPEN = math.log(_SCORE_FLOOR) / math.log(_KEY_FLOOR)
_CHARS = 320  # as retrieval's rerank: a sentence's opening carries its meaning


class _Verdict(Protocol):
    @property
    def ok(self) -> bool: ...


def answer_first(
    pool: list[Candidate],
    verdicts: Mapping[str, _Verdict],
    head: int,
    question_vector: np.ndarray,
    embed: Callable[[list[str]], np.ndarray],
    named_first: Callable[[Candidate], bool] | None = None,
) -> list[Candidate]:
    """``pool`` with the passing candidates of its first ``head`` in answer order, first.

    Reads every verdict of the head (composition would stop at the first few), and embeds the
    passing sentences that retrieval did not (neighbours). ``named_first``: candidates that must
    stay ahead whatever their cosine ("which camp": a sentence naming "al-Wafideen Camp").
    """
    passing = [c for c in pool[:head] if c.sentence.id in verdicts and verdicts[c.sentence.id].ok]
    if len(passing) < 2:
        return pool
    unmeasured = [c for c in passing if c.meaning <= 0.0]
    meaning = {c.sentence.id: c.meaning for c in passing}
    if unmeasured:
        vectors = embed([c.sentence.text[:_CHARS] for c in unmeasured])
        for cand, sim in zip(unmeasured, vectors @ question_vector, strict=True):
            meaning[cand.sentence.id] = max(float(sim), 0.0)

    def key(cand: Candidate) -> float:
        return meaning[cand.sentence.id] + _RETRIEVAL_WEIGHT * max(cand.score, 0.0)

    ordered = sorted(passing, key=lambda c: (bool(named_first and named_first(c)), key(c)), reverse=True)
    moved = {c.sentence.id for c in passing}
    rescored = [replace(c, score=key(c) ** _SHARPEN, duplicates=list(c.duplicates)) for c in ordered]
    return rescored + [c for c in pool if c.sentence.id not in moved]
