"""Post-hoc attribution: find the source sentence an uncited (or wrongly cited) sentence came from.

Small local models write sentences from the sources but rarely cite them, or cite the wrong id.
Rather than flag every such sentence "cites no source", briefing aligns it with the sentences the
model was shown and cites the best-supporting one(s) itself; the result is then checked exactly
like a model's citation (:func:`briefing.llm.citations.check_many`), and marked ``attributed``
so the reader (and ``ask --json``) can tell who chose it. Nothing is attributed that the checks
would not accept, so attribution can only turn a flag into a verified citation.

The alignment score is the one the checks use, made into a ranking: embedding cosine, plus the
share of the sentence's numbers, names and key terms that the candidate holds. A second sentence
is added only when it brings a number or name the first lacks ("two sources" summaries).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from briefing.llm.citations import Embed, looks_like_instruction, names_in, numbers_in
from briefing.text.terms import terms

_NUMBER_WEIGHT, _NAME_WEIGHT, _TERM_WEIGHT = 0.3, 0.2, 0.2


@dataclass
class Alignment:
    """The ids chosen for one sentence, best first, and the score of the best."""

    citations: list[str]
    score: float


def _share(wanted: set[str], present: set[str]) -> float:
    return len(wanted & present) / len(wanted) if wanted else 1.0


def _features(text: str) -> tuple[set[str], set[str], set[str]]:
    return (
        set(numbers_in(text)),
        {n.lower().removesuffix("'s") for n in names_in(text)},
        set(terms(text)),
    )


def _lower_words(text: str) -> set[str]:
    return {w.strip(".,;:'\"()").lower().removesuffix("'s") for w in text.split()}


def align(sentences: list[str], sources: dict[str, str], embed: Embed) -> list[Alignment | None]:
    """For each sentence, the source ids (of ``sources``: id -> text) that best support it."""
    usable = {sid: text for sid, text in sources.items() if not looks_like_instruction(text)}
    if not sentences or not usable:
        return [None] * len(sentences)
    ids = list(usable)
    vectors = embed(sentences + [usable[sid] for sid in ids])
    mine, theirs = vectors[: len(sentences)], vectors[len(sentences) :]
    cosines = mine @ theirs.T
    source_features = [_features(usable[sid]) for sid in ids]
    source_words = [_lower_words(usable[sid]) for sid in ids]
    return [
        _best(sentence, cosines[i], ids, source_features, source_words)
        for i, sentence in enumerate(sentences)
    ]


def _best(
    sentence: str,
    cosines: np.ndarray,
    ids: list[str],
    source_features: list[tuple[set[str], set[str], set[str]]],
    source_words: list[set[str]],
) -> Alignment | None:
    numbers, names, keys = _features(sentence)
    scores = []
    for n, (their_numbers, _, their_terms) in enumerate(source_features):
        name_share = _share(names, source_words[n])
        score = (
            float(cosines[n])
            + _NUMBER_WEIGHT * _share(numbers, their_numbers)
            + _NAME_WEIGHT * name_share
            + _TERM_WEIGHT * _share(keys, their_terms)
        )
        scores.append(score)
    order = sorted(range(len(ids)), key=lambda n: -scores[n])
    first = order[0]
    chosen = [ids[first]]
    missing_numbers = numbers - source_features[first][0]
    missing_names = names - source_words[first]
    if missing_numbers or missing_names:
        for n in order[1:4]:
            brings = (missing_numbers & source_features[n][0]) or (missing_names & source_words[n])
            if brings and float(cosines[n]) > 0.3:
                chosen.append(ids[n])
                break
    return Alignment(chosen, scores[first])
