"""The Brief tab, a placeholder until the brief service exists: it says so plainly."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from briefing.tui import render

NOT_YET = (
    "Briefs are not available yet.\n\n"
    "This tab will write a cited briefing on a topic from the indexed articles once the brief "
    "service lands. Until then, ask questions in the Ask tab (F1): every answer cites its sentences."
)


class BriefPane(Vertical):
    """Says that briefs are not available yet, and what to do instead."""

    def compose(self) -> ComposeResult:
        yield Static(render.text(NOT_YET), id="brief-not-yet")
