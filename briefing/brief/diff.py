"""What is new since the previous brief: stories, articles, developments, figures and claims.

A daily reader has read yesterday's brief; the useful part of today's is what changed. Stories
are matched by shared articles (a story that gains articles keeps its identity); items by the
sentences they cite, and figures by quantity (unit and event), so "10 killed" becoming "20
killed" shows up as a changed figure rather than as two unrelated lines.
"""

from __future__ import annotations

from briefing.core.brief_models import Brief, Change, Cited, Claim, Figure, Story


def mark_changes(brief: Brief, previous: Brief | None) -> None:
    """Flag new items (``new=True``), set each story's status and fill ``brief.changes``."""
    if previous is None:
        brief.notes.append("No earlier brief of this index and window: nothing to compare with.")
        return
    brief.previous = previous.generated_at.isoformat()
    brief.previous_window = previous.window.label
    old_cited = {c for s in previous.stories for d in s.developments for c in d.citations}
    old_timeline = {(e.value, e.event) for e in previous.timeline}
    for story in brief.stories:
        before = _match(story, previous.stories)
        if before is None:
            story.status = "new"
            brief.changes.append(
                Change(
                    kind="new story", story=story.id, text=story.headline, citations=story.headline_citations
                )
            )
            items: list[Cited | Figure | Claim] = [*story.developments, *story.figures, *story.claims]
            for item in items:
                item.new = True
            continue
        _compare_story(brief, story, before, old_cited)
    for entry in brief.timeline:
        entry.new = (entry.value, entry.event) not in old_timeline


def _match(story: Story, candidates: list[Story]) -> Story | None:
    mine = story.article_ids()
    best = max(candidates, key=lambda s: len(mine & s.article_ids()), default=None)
    return best if best is not None and mine & best.article_ids() else None


def _compare_story(brief: Brief, story: Story, before: Story, old_cited: set[str]) -> None:
    added = story.article_ids() - before.article_ids()
    story.status = "updated" if added else "unchanged"
    if added:
        titles = [a.title for a in story.articles if a.article_id in added]
        text = f"{len(added)} new article(s): " + "; ".join(titles[:3])
        brief.changes.append(Change(kind="new articles", story=story.id, text=text))
    for dev in story.developments:
        if not set(dev.citations) & old_cited:
            dev.new = True
            brief.changes.append(
                Change(kind="new development", story=story.id, text=dev.text, citations=dev.citations)
            )
    old_figures = {(f.quantity, f.value): f for f in before.figures}
    old_quantities = {f.quantity: f for f in before.figures if f.event}
    for fig in story.figures:
        if (fig.quantity, fig.value) in old_figures:
            continue
        fig.new = True
        was = old_quantities.get(fig.quantity) if fig.event else None
        if was is not None:
            text = f"{fig.text} (was: {was.text})"
            brief.changes.append(
                Change(
                    kind="changed figure", story=story.id, text=text, citations=fig.citations + was.citations
                )
            )
        else:
            brief.changes.append(
                Change(kind="new figure", story=story.id, text=fig.text, citations=fig.citations)
            )
    old_claims = {(c.who, tuple(c.citations)) for c in before.claims}
    for claim in story.claims:
        if (claim.who, tuple(claim.citations)) not in old_claims:
            claim.new = True
            brief.changes.append(
                Change(
                    kind="new claim",
                    story=story.id,
                    text=f"{claim.who} {claim.stance}: {claim.text}",
                    citations=claim.citations,
                )
            )
