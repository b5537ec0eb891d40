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

from dataclasses import dataclass

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


@dataclass(frozen=True)
class _Cut:
    """How much of each story and section one step of cutting keeps (None: all)."""

    developments: int | None
    figures: int | None
    claims: int | None
    timeline: int | None
    clip_words: int | None
    sources: int | None = None
    conflicts: int | None = None
    background: bool = True
    clip_developments: bool = False


_TIGHTER = (
    _Cut(2, 3, 3, 5, 16, sources=4, conflicts=3),
    _Cut(1, 2, 2, 3, 12, sources=2, conflicts=1),
    _Cut(1, 1, 1, 1, 10, sources=1, conflicts=0, background=False),
    _Cut(1, 0, 0, 0, 8, sources=0, conflicts=0, background=False, clip_developments=True),
    _Cut(0, 0, 0, 0, 8, sources=0, conflicts=0, background=False),
)
"""Steps tried in order when not even the first story fits the budget: fewer developments,
figures, claims, timeline entries and conflicts, then shorter lines, then fewer sources listed."""


def _least(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def _cuts(budget: Budget) -> list[_Cut]:
    first = _Cut(budget.developments, budget.figures, budget.claims, budget.timeline, budget.clip_words)
    if budget.max_words is None:
        return [first]
    tighter = [
        _Cut(
            _least(first.developments, c.developments),
            _least(first.figures, c.figures),
            _least(first.claims, c.claims),
            _least(first.timeline, c.timeline),
            _least(first.clip_words, c.clip_words),
            c.sources,
            c.conflicts,
            c.background,
            c.clip_developments,
        )
        for c in _TIGHTER
    ]
    return [first, *tighter]


def _trim_story(story: Story, cut: _Cut) -> tuple[Story, int]:
    n = cut.clip_words
    developments = _cap(story.developments, cut.developments)
    if cut.clip_developments:
        developments = [d.model_copy(update={"text": clip(d.text, n)}) for d in developments]
    trimmed = story.model_copy(
        update={
            "developments": developments,
            "figures": [
                f.model_copy(update={"text": clip(f.text, n and n // 2)})
                for f in _cap(story.figures, cut.figures)
            ],
            "claims": [
                c.model_copy(update={"text": clip(c.text, n)}) for c in _cap(story.claims, cut.claims)
            ],
            "sources_listed": cut.sources,
        }
    )
    hidden = len(story.developments) + len(story.figures) + len(story.claims)
    hidden -= len(trimmed.developments) + len(trimmed.figures) + len(trimmed.claims)
    return trimmed, hidden


def fit(brief: Brief, budget: Budget) -> Brief:
    """A copy of ``brief`` cut to ``budget``, with a note of what was left out (if anything).

    Stories are added, most important first, while the Markdown (the note included) stays within
    ``max_words``. When not even the first story fits, it is cut within (:data:`_TIGHTER`, step by
    step) and the note says what was left out in fewer words; past the last step the first story
    is shown as cut as it can be.
    """
    ranked = sorted(brief.stories, key=lambda s: s.importance, reverse=True)
    if budget.max_stories is not None:
        ranked = ranked[: budget.max_stories]
    out = None
    for cut in _cuts(budget):
        for short_note in (False, True):
            out = _fitted(brief, ranked, cut, budget.max_words, short_note)
            if budget.max_words is None or words(brief_export.to_markdown(out)) <= budget.max_words:
                return out
    assert out is not None
    return out


def _fitted(brief: Brief, ranked: list[Story], cut: _Cut, max_words: int | None, short_note: bool) -> Brief:
    """The most stories of ``ranked`` (at least one) cut by ``cut`` that fit ``max_words``."""
    trimmed = [_trim_story(s, cut) for s in ranked]
    count = len(trimmed) if max_words is None else 1
    best = _noted(brief, trimmed[:count], cut, short_note)
    while max_words is not None and count < len(trimmed):
        count += 1
        bigger = _noted(brief, trimmed[:count], cut, short_note)
        if words(brief_export.to_markdown(bigger)) > max_words:
            break
        best = bigger
    return best


def _noted(brief: Brief, trimmed: list[tuple[Story, int]], cut: _Cut, short_note: bool) -> Brief:
    out = _shown(brief, [s for s, _ in trimmed], cut)
    shown = {s.id for s in out.stories}
    hidden_items = sum(n for _, n in trimmed)
    hidden_stories = len(brief.stories) - len(out.stories)
    foreground = [e for e in brief.timeline if not e.background and (not e.story or e.story in shown)]
    hidden_timeline = len(foreground) - len([e for e in out.timeline if not e.background])
    hidden_conflicts = len([c for c in brief.conflicts if c.story in shown]) - len(out.conflicts)
    parts = []
    if hidden_stories:
        parts.append(f"{hidden_stories} more stor{'y' if hidden_stories == 1 else 'ies'}")
    if hidden_items:
        parts.append(f"{hidden_items} more {'items' if short_note else 'developments, figures or claims'}")
    if hidden_timeline:
        parts.append(f"{hidden_timeline} more timeline entries")
    if hidden_conflicts:
        parts.append(f"{hidden_conflicts} more conflicts")
    if parts and short_note:
        items = hidden_items + hidden_timeline + hidden_conflicts
        terse = parts[:1] if hidden_stories else []
        terse += [f"{items} more item{'s' if items != 1 else ''}"] if items else []
        out.notes.append(f"… {', '.join(terse)}: --full.")
    elif parts:
        out.notes.append(f"Shortened to be read in two minutes: {', '.join(parts)} in the JSON (or --full).")
    return _prune_sources(out)


def _shown(brief: Brief, stories: list[Story], cut: _Cut) -> Brief:
    """``brief`` with only ``stories``, their timeline and conflicts (capped) and changes."""
    ids = {s.id for s in stories}
    mine = [e for e in brief.timeline if not e.story or e.story in ids]
    foreground = [e for e in mine if not e.background]
    background = [e for e in mine if e.background] if cut.background else []
    half = cut.clip_words and cut.clip_words // 2
    conflicts = [
        c.model_copy(
            update={"figures": [f.model_copy(update={"text": clip(f.text, half)}) for f in c.figures]}
        )
        for c in brief.conflicts
        if c.story in ids
    ]
    timeline = [
        e.model_copy(update={"event": clip(e.event, cut.clip_words)}) for e in _cap(foreground, cut.timeline)
    ]
    return _prune_sources(
        brief.model_copy(
            update={
                "stories": stories,
                "timeline": timeline + background,
                "conflicts": _cap(conflicts, cut.conflicts),
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
