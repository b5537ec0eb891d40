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

from briefing.brief import figures as brief_figures
from briefing.core.brief_models import CopyNote, Figure, Story
from briefing.core.models import Article
from briefing.text.furniture import strip

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
