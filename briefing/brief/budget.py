"""A brief an analyst reads in two minutes: what the Markdown, HTML and TUI show of a built brief.

The JSON keeps everything :func:`briefing.brief.build.make_brief` found; a reader gets the most
important stories first (``Story.importance``), at most a few developments, figures and claims
each, the timeline of the window (older dates summed up in one background line), and no more
words than the budget: stories are added in order of importance while the Markdown stays within
``max_words`` (the first story is always shown). The budget counts the body a reader reads, not
the footnotes under it that quote each cited sentence for checking. What was left out is said in
one note, so a shorter brief never hides that there is more.
"""

from __future__ import annotations

from briefing.brief import export as brief_export
from briefing.core.brief_models import Brief, Budget, Story
from briefing.core.settings import BriefSettings


def from_settings(cfg: BriefSettings, full: bool = False) -> Budget:
    """The configured budget (``--full``: no limit)."""
    if full:
        return Budget.unlimited()
    return Budget(
        max_words=cfg.max_words,
        developments=cfg.developments,
        figures=cfg.max_figures,
        claims=cfg.max_claims,
        timeline=cfg.timeline_items,
    )


def words(text: str, footnotes: bool = False) -> int:
    """Words a reader reads: whitespace-separated tokens of the Markdown body. The footnotes
    (``[^n]: …``, each cited sentence quoted for checking) are counted only with ``footnotes``."""
    lines = text.splitlines() if footnotes else [x for x in text.splitlines() if not x.startswith("[^")]
    return sum(len(x.split()) for x in lines)


def _cap(items: list, n: int | None) -> list:
    return list(items) if n is None else list(items[:n])


def clip(text: str, n: int | None) -> str:
    """The first ``n`` words of a verbatim text and '…' (the footnote quotes it whole)."""
    parts = text.split()
    return text if n is None or len(parts) <= n else " ".join(parts[:n]) + " …"


def _trim_story(story: Story, budget: Budget) -> tuple[Story, int]:
    n = budget.clip_words
    trimmed = story.model_copy(
        update={
            "developments": _cap(story.developments, budget.developments),
            "figures": [
                f.model_copy(update={"text": clip(f.text, n and n // 2)})
                for f in _cap(story.figures, budget.figures)
            ],
            "claims": [
                c.model_copy(update={"text": clip(c.text, n)}) for c in _cap(story.claims, budget.claims)
            ],
        }
    )
    hidden = len(story.developments) + len(story.figures) + len(story.claims)
    hidden -= len(trimmed.developments) + len(trimmed.figures) + len(trimmed.claims)
    return trimmed, hidden


def fit(brief: Brief, budget: Budget) -> Brief:
    """A copy of ``brief`` cut to ``budget``, with a note of what was left out (if anything)."""
    ranked = sorted(brief.stories, key=lambda s: s.importance, reverse=True)
    if budget.max_stories is not None:
        ranked = ranked[: budget.max_stories]
    trimmed = [_trim_story(s, budget) for s in ranked]
    out = _shown(brief, [s for s, _ in trimmed[:1]], budget)
    for count in range(2, len(trimmed) + 1):
        if budget.max_words is None:
            out = _shown(brief, [s for s, _ in trimmed], budget)
            break
        bigger = _shown(brief, [s for s, _ in trimmed[:count]], budget)
        if words(brief_export.to_markdown(bigger)) > budget.max_words:
            break
        out = bigger
    shown = {s.id for s in out.stories}
    hidden_items = sum(n for s, n in trimmed if s.id in shown)
    hidden_stories = len(brief.stories) - len(out.stories)
    foreground = [e for e in brief.timeline if not e.background and (not e.story or e.story in shown)]
    hidden_timeline = len(foreground) - len([e for e in out.timeline if not e.background])
    parts = []
    if hidden_stories:
        parts.append(f"{hidden_stories} more stor{'y' if hidden_stories == 1 else 'ies'}")
    if hidden_items:
        parts.append(f"{hidden_items} more developments, figures or claims")
    if hidden_timeline:
        parts.append(f"{hidden_timeline} more timeline entries")
    if parts:
        left = ", ".join(parts)
        out.notes.append(f"Shortened to be read in two minutes: {left} in the JSON (or --full).")
    return _prune_sources(out)


def _shown(brief: Brief, stories: list[Story], budget: Budget) -> Brief:
    """``brief`` with only ``stories``, their timeline (capped) and conflicts and changes."""
    ids = {s.id for s in stories}
    mine = [e for e in brief.timeline if not e.story or e.story in ids]
    foreground = [e for e in mine if not e.background]
    background = [e for e in mine if e.background]
    return _prune_sources(
        brief.model_copy(
            update={
                "stories": stories,
                "timeline": [
                    e.model_copy(update={"event": clip(e.event, budget.clip_words)})
                    for e in _cap(foreground, budget.timeline)
                ]
                + background,
                "conflicts": [
                    c.model_copy(
                        update={
                            "figures": [
                                f.model_copy(
                                    update={
                                        "text": clip(f.text, budget.clip_words and budget.clip_words // 2)
                                    }
                                )
                                for f in c.figures
                            ]
                        }
                    )
                    for c in brief.conflicts
                    if c.story in ids
                ],
                "changes": [c for c in brief.changes if c.story in ids],
                "notes": list(brief.notes),
                "sources": dict(brief.sources),
            }
        )
    )


def _prune_sources(brief: Brief) -> Brief:
    cited: set[str] = set()
    for story in brief.stories:
        cited |= set(story.headline_citations)
        cited |= {c for d in story.developments for c in d.citations}
        cited |= {c for f in story.figures for c in f.citations}
        cited |= {c for cl in story.claims for c in cl.citations + cl.support + cl.against + cl.caveats}
    cited |= {c for e in brief.timeline if not e.background for c in e.citations}
    cited |= {c for x in brief.changes for c in x.citations}
    cited |= {c for x in brief.conflicts for f in x.figures for c in f.citations}
    brief.sources = {sid: s for sid, s in brief.sources.items() if sid in cited}
    return brief
