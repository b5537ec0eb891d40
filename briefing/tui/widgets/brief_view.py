"""A saved or new brief on screen: one line per statement, each with its citation markers.

The markers are the conversation's :class:`CitationMarker` widgets, so Enter or a click opens
the cited sentence highlighted in its article, exactly as in the Ask tab. They are numbered in
order of first use over the same walk as :func:`briefing.brief.export.to_markdown`, so ``[3]``
here is footnote ``[^3]`` in the brief's saved Markdown. Every piece of article text reaches
the screen through :func:`render.text` (literal, escaped), never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from briefing.brief.budget import fit
from briefing.brief.build import CLI_UNDATED_FIX
from briefing.brief.export import copies_label, since_label
from briefing.brief.timeline import background_summary
from briefing.core.brief_models import Brief, Budget, Claim, Story
from briefing.text.safe import date_label
from briefing.tui import render
from briefing.tui.widgets.conversation import CitationMarker, PartView

STATUS_STYLE = {
    "contested": "bold $error",
    "corroborated": "bold $success",
    "unconfirmed": "$warning",
    "single-source": "dim",
    "no comment": "dim",
}
NEW = (" new", "bold $warning")


class _Lines:
    """Builds the widgets of one brief, numbering citations as it goes."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.numbers: dict[str, int] = {}
        self.out: list[Widget] = []

    def cite(self, ids: Iterable[str]) -> list[tuple[int, str]]:
        known = [sid for sid in dict.fromkeys(ids) if sid in self.brief.sources]
        return [(self.numbers.setdefault(sid, len(self.numbers) + 1), sid) for sid in known]

    def line(self, statement: str | Content, ids: Iterable[str] = (), classes: str = "") -> None:
        self.out.append(PartView(statement, self.cite(ids), f"part brief-line {classes}".strip()))

    def static(self, content: Content, classes: str) -> None:
        self.out.append(Static(content, classes=classes))

    def section(self, title: str) -> None:
        self.static(render.text(title, "bold $accent"), "brief-section")

    def build(self) -> list[Widget]:
        brief = self.brief
        self.static(render.text(brief.title, "bold"), "brief-title")
        stories = f"{len(brief.stories)} stor{'y' if len(brief.stories) == 1 else 'ies'}"
        meta = f"Generated {brief.generated_at:%Y-%m-%d %H:%M} · {brief.articles} article(s) · {stories}"
        self.static(render.text(f"{meta} · engine: {brief.engine}", "dim"), "brief-meta")
        for note in brief.notes:  # the form's checkbox, not the command line's flag
            note = note.replace(CLI_UNDATED_FIX, "tick “Include undated” to cover them")
            self.static(render.text(f"⚠ {note}", "$warning"), "brief-note")
        if brief.undated_left_out and brief.stories:
            left = f"⚠ {brief.undated_left_out} undated article(s) left out (tick “Include undated”)."
            self.static(render.text(left, "$warning"), "brief-note")
        if brief.previous:
            self.section(f"New since the last brief ({since_label(brief)})")
            for change in brief.changes:
                self.line(
                    Content.assemble(render.text(f"{change.kind}: ", "bold"), render.one_line(change.text)),
                    change.citations,
                )
            if not brief.changes:
                self.line(render.text("nothing new", "dim"))
        for i, story in enumerate(brief.stories, start=1):
            self.story(i, story)
        if brief.conflicts:
            self.section("Conflicting figures")
            for conflict in brief.conflicts:
                self.line(render.text(f"{conflict.quantity}:", "bold"))
                for f in conflict.figures:
                    self.line(
                        render.one_line(f"{f.text} ({f.claimant or 'unattributed'})"),
                        f.citations,
                        "brief-sub",
                    )
        if brief.timeline:
            self.section("Timeline")
            for e in brief.timeline:
                if e.background:
                    continue
                entry = Content.assemble(
                    render.text(e.label, "bold"), render.one_line(f" — “{e.phrase}”: {e.event}")
                )
                self.line(Content.assemble(entry, NEW) if e.new else entry, e.citations)
            background = background_summary(brief.timeline)
            if background:
                said = render.one_line(f" — {background}")
                self.line(Content.assemble(render.text("Background", "bold"), said))
        return self.out

    def story(self, i: int, story: Story) -> None:
        head = render.one_line(f"{i}. {story.headline}", "bold")
        self.line(head, story.headline_citations, "brief-headline")
        outlets = sorted({a.source or "unknown source" for a in story.articles})
        copies = copies_label(story)
        meta = f"{story.independent_sources} independent source(s): {', '.join(outlets)}"
        meta += f" · {len(story.articles)} article(s)" + (f" {copies}" if copies else "")
        meta += f" · latest {date_label(story.latest)} · {story.status}"
        self.static(render.text(meta, "dim"), "brief-meta")
        if story.developments:
            self.section("Key developments")
            for d in story.developments:
                self.line(self._new(render.one_line(f"• {d.text}"), d.new), d.citations)
        if story.figures:
            self.section("Key figures")
            for f in story.figures:
                who = f" — reported by {f.claimant}" if f.claimant else ""
                self.line(self._new(render.one_line(f"• {f.text}{who}"), f.new), f.citations)
        if story.claims:
            self.section("Claims — who claims what")
            for c in story.claims:
                self.claim(c)
        sources = "; ".join(
            f"{a.source or 'unknown source'}, “{a.title}” ({date_label(a.published)})" for a in story.articles
        )
        self.static(render.text(f"Sources: {sources}", "dim italic"), "brief-sources")

    def claim(self, c: Claim) -> None:
        same = c.who.strip().lower() in c.claimant.strip().lower()
        who = render.text(c.who, "bold") + render.text("" if same else f" (“{c.claimant}”)")
        if c.stance == "no comment":
            said = render.one_line(f" {c.verb} {c.text}")
        else:
            said = render.one_line(f" — {c.verb}: “{c.text}”")
        status = render.text(f" — {c.status_label}", STATUS_STYLE.get(c.status, "dim"))
        self.line(self._new(Content.assemble(render.text("• "), who, said, status), c.new), c.citations)
        for label, ids in (("see", c.caveats), ("also reported by", c.support), ("against", c.against)):
            if ids:
                self.line(render.text(label, "dim italic"), ids, "brief-sub")

    @staticmethod
    def _new(content: Content, new: bool) -> Content:
        return Content.assemble(content, NEW) if new else content


class BriefView(VerticalScroll):
    """The open brief (or what to do when none is open); arrows scroll, Tab walks the markers."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.brief: Brief | None = None
        self.numbers: dict[str, int] = {}

    def show(self, brief: Brief | None, empty: str = "", budget: Budget | None = None) -> None:
        """Show ``brief`` cut to ``budget`` (default: the two-minute budget of the Markdown)."""
        if brief is not None:
            brief = fit(brief, budget or Budget())
        self.brief = brief
        self.remove_children()
        if brief is None:
            self.numbers = {}
            self.mount(Static(render.text(empty, "dim italic"), classes="empty"))
            return
        lines = _Lines(brief)
        self.mount_all(lines.build())
        self.numbers = lines.numbers
        self.scroll_home(animate=False)

    def markers(self) -> list[CitationMarker]:
        return list(self.query(CitationMarker))
