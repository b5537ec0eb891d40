"""Answerability verdicts computed when composition first reads them.

Why: a verdict can cost a parse and word embeddings, and composition stops reading once its
answer is complete (:func:`briefing.qa.extractive.compose`); the LLM path stops at the first
candidate that passes. Judging every head candidate up front spent most of a warm ask on
verdicts nobody read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from briefing.qa.extractive import Candidate

V = TypeVar("V")


class LazyVerdicts(Mapping[str, V]):
    """Sentence id -> verdict of the head candidates, each judged on first read and kept.

    Iteration follows answer order; an id outside the head has no verdict (``get`` gives None).
    """

    def __init__(self, judge: Callable[[Candidate], V], head: list[Candidate]) -> None:
        self._judge = judge
        self._head = {c.sentence.id: c for c in head}
        self._done: dict[str, V] = {}

    def __getitem__(self, sentence_id: str) -> V:
        if sentence_id not in self._done:
            self._done[sentence_id] = self._judge(self._head[sentence_id])  # KeyError outside the head
        return self._done[sentence_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._head)

    def __len__(self) -> int:
        return len(self._head)
