"""Judging an answer's candidates: the best ones and the best three's neighbours, each given a
verdict by :class:`briefing.qa.answerability.Judge` only when the answer order reads it.

Why a module of its own: the checks (:mod:`briefing.qa.answerability`) say whether one sentence
answers; this says which sentences are asked, and in what order the passing ones are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from briefing.qa.answer_order import answer_first
from briefing.qa.answer_spans import names_the_class
from briefing.qa.answerability import Judge, Verdict
from briefing.qa.focus import analyse
from briefing.qa.lazy_verdicts import LazyVerdicts
from briefing.qa.matching import WordSimilarity

if TYPE_CHECKING:
    from briefing.core.models import Article
    from briefing.core.settings import AnswerSettings
    from briefing.qa.extractive import Candidate
    from briefing.store.word_table import WordTable


@lru_cache(maxsize=2)
def _similarity(embed: Callable[[list[str]], np.ndarray], table: WordTable | None) -> WordSimilarity:
    """One word-vector cache per embedder, kept for the process (the TUI and eval ask many times)."""
    return WordSimilarity(embed, table)


@dataclass
class Judged:
    """The candidates in answer order (neighbours of the best next to them) and their verdicts."""

    ranked: list[Candidate]
    verdicts: Mapping[str, Verdict] | None


def judge_candidates(
    question: str,
    ranked: list[Candidate],
    articles: dict[str, Article],
    embed: Callable[[list[str]], np.ndarray],
    settings: AnswerSettings,
    question_vector: np.ndarray | None = None,
    kept: Mapping[str, np.ndarray] | None = None,
    table: WordTable | None = None,
) -> Judged:
    """Verdicts for the best ``settings.judged`` candidates and the best 3's neighbours, the
    passing ones first in answer order (:mod:`briefing.qa.answer_order`).

    Neighbours are judged too because the sentence that holds the figure or the name often
    follows the one that restates the question (and shares fewer of its words); each takes its
    place right after the candidate it neighbours. ``verdicts`` is ``None`` when answerability is
    switched off (word overlap alone decides then).
    """
    if not settings.answerability:
        return Judged(ranked, None)
    pool = _with_neighbours(ranked, articles, settings.judged, _NEIGHBOURED)
    judge = Judge(analyse(question), articles, _similarity(embed, table), settings) if pool else None
    if judge is None:
        return Judged(pool, {})
    head = settings.judged + 2 * _NEIGHBOURED
    focus = judge.focus

    def named(cand: Candidate) -> bool:  # "which village": "the village of Rajm Sleibi" first
        return bool(focus.kind) and names_the_class(focus, cand.sentence.text)

    if question_vector is None:
        question_vector = embed([question])[0]
    verdicts: LazyVerdicts[Verdict] = LazyVerdicts(judge, pool[:head])
    return Judged(answer_first(pool, verdicts, head, question_vector, embed, named, kept), verdicts)


_NEIGHBOURED = 3


def _with_neighbours(
    ranked: list[Candidate], articles: dict[str, Article], head: int, neighboured: int
) -> list[Candidate]:
    from briefing.qa.extractive import Candidate

    known = {c.sentence.id for c in ranked}
    out: list[Candidate] = []
    for rank, cand in enumerate(ranked):
        out.append(cand)
        if rank >= min(head, neighboured):
            continue
        article = articles.get(cand.sentence.article_id)
        if article is None:
            continue
        for n in (cand.sentence.n - 1, cand.sentence.n + 1):
            if 0 <= n < len(article.sentences) and article.sentences[n].id not in known:
                known.add(article.sentences[n].id)
                near = Candidate(sentence=article.sentences[n], context=cand.context, support=cand.support)
                near.score = cand.score - 1e-3
                out.append(near)
    head_ids = {c.sentence.id for c in out[: head + 2 * neighboured]}
    return [c for c in out if c.sentence.id in head_ids] + [c for c in out if c.sentence.id not in head_ids]
