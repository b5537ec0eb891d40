"""What comes first in a brief, and what a folded copy says differently.

Importance orders the stories an analyst reads first: how many independent outlets carry the
story, how recent it is within the window, the weight of its figures (a toll of 86 dead outweighs
3 arrests), and whether it is new since the last brief. Key figures within a story are ordered the
same way (casualty counts with a claimant first). A near-duplicate folded into an origin is named
with its outlet and the figures it has that the origin lacks ("+1 copy — Reuters: 112 dead"), so
folding never hides a different number or outlet.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np

from briefing.brief import figures as brief_figures
from briefing.core.brief_models import CopyNote, Figure, Story
from briefing.core.models import Article
from briefing.text.furniture import strip
from briefing.text.terms import terms

_GRAVE = {"killed": 3.0, "killed or injured": 2.5, "injured": 2.0, "missing": 1.5, "displaced": 1.5}


def figure_weight(fig: Figure) -> float:
    """How much a figure matters to a reader: the event's gravity times the size of the number."""
    if fig.unit in ("percent", "money") or fig.scope == "war":
        return 0.5  # a whole-war total is background, not this window's news
    gravity = _GRAVE.get(fig.event, 1.0 if fig.event else 0.3)
    return gravity * math.log10(10 + max(fig.value, 0))


def order_figures(found: list[Figure]) -> list[Figure]:
    """Key figures first: grave events, big numbers, figures with a named claimant."""
    return sorted(found, key=lambda f: -figure_weight(f))


def importance(story: Story, window_end: dt.date | None) -> float:
    """The ranking score of a story (see the module docstring)."""
    score = 2.0 * story.independent_sources + 0.5 * len(story.articles)
    if story.latest and window_end:
        score += max(0.0, 2.0 - 0.5 * max((window_end - story.latest).days, 0))
    weights = sorted((figure_weight(f) for f in story.figures), reverse=True)[:3]
    score += sum(weights) / 2
    if story.status != "unchanged":
        score += 1.5 if story.status == "new" else 1.0
    return round(score, 3)


_TOPIC_FLOOR = 0.45
"""A story is on the topic when its relevance reaches this (else it is listed after those that are)."""


def topic_relevance(
    topic: str,
    titles: Sequence[str],
    leads: Sequence[str],
    vectors: Sequence[np.ndarray | None],
    topic_vector: np.ndarray,
) -> list[float]:
    """How much each story is about ``topic``, in [0, 1]: half its words, half its meaning.

    Words: the share of the topic's words in the story's titles (half) and leads (half), each word
    weighted by how rare it is among the stories ("chemical" weighs more than "attack" in a window
    of attacks), so a shelling story whose lead recalls "a day after the chemical attack" is not
    about it. Meaning: the cosine of the topic's embedding with the story's nearest article,
    scaled between the least and the most similar story of the brief.

    Retrieval picks a topic's articles, but a story carried by many outlets would still outrank
    the topic's own story; this is what ranking weighs in (:func:`topic_order`).
    """
    wanted = list(dict.fromkeys(terms(topic)))
    in_title = [set(terms(t)) for t in titles]
    in_lead = [set(terms(t)) for t in leads]
    n = max(len(in_lead), 1)
    idf = {t: math.log(1 + n / (1 + sum(t in h for h in in_lead))) for t in wanted}
    total = sum(idf.values()) or 1.0

    def share(have: set[str]) -> float:
        return sum(idf[t] for t in wanted if t in have) / total

    lexical = [0.5 * share(t) + 0.5 * share(lead) for t, lead in zip(in_title, in_lead, strict=True)]
    norm = float(np.linalg.norm(topic_vector)) or 1.0
    cosines = [
        float(v @ topic_vector) / ((float(np.linalg.norm(v)) or 1.0) * norm) if v is not None else 0.0
        for v in vectors
    ]
    low, high = min(cosines, default=0.0), max(cosines, default=0.0)
    dense = [(c - low) / (high - low) if high > low else 1.0 for c in cosines]
    return [round(0.5 * lex + 0.5 * den, 3) for lex, den in zip(lexical, dense, strict=True)]


def mentioned(topic: str, texts: Sequence[str]) -> bool:
    """Whether any of ``texts`` holds a word of ``topic`` (retrieval returns its nearest articles
    even for a topic the index never mentions; the brief then says so)."""
    wanted = set(terms(topic))
    return any(wanted & set(terms(text)) for text in texts)


def topic_order(stories: list[Story], relevance: list[float]) -> list[Story]:
    """Stories on the topic first (relevance at least the floor), each part by importance weighted
    by relevance; a story off the topic is kept, after them (its article was retrieved for it)."""
    scored = list(zip(stories, relevance, strict=True))
    scored.sort(
        key=lambda pair: (pair[1] >= _TOPIC_FLOOR, pair[0].importance * (0.5 + pair[1])), reverse=True
    )
    return [story for story, _ in scored]


def copy_note(main: Article, copy: Article) -> CopyNote:
    """A folded copy with its outlet and the figures it reports that ``main`` does not."""
    mine = {(f.value, f.unit) for s in main.sentences for f in brief_figures.find(strip(s.text, main.title))}
    extra: list[str] = []
    for s in copy.sentences:
        for f in brief_figures.find(strip(s.text, copy.title)):
            if (f.value, f.unit) not in mine and f.event:
                toll = (f.counts or f.unit).endswith("toll")
                what = "" if toll else f" {f.counts or f.unit}"
                phrase = f"{f.number}{what} {f.event}".strip()
                if phrase not in extra:
                    extra.append(phrase)
    return CopyNote(
        article_id=copy.id,
        source=copy.source,
        title=copy.title,
        published=copy.published,
        figures=extra[:3],
    )


def copy_label(note: CopyNote, origin_source: str) -> str:
    """'Reuters: 112 dead' — the copy's outlet (if other than the origin's) and its own figures."""
    other = note.source and note.source.strip().lower() != (origin_source or "").strip().lower()
    head = note.source if other else "same outlet"
    return f"{head}: {', '.join(note.figures)}" if note.figures else head
