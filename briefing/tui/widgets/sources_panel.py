"""Side panel: the sentences the current answer used, each openable in its article."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from briefing.core.models import Answer
from briefing.tui import render
from briefing.tui.messages import CitationChosen


class SourcesPanel(Vertical):
    """Title and an option list of ``[n] “sentence” Title — Source, date``."""

    def compose(self) -> ComposeResult:
        yield Static(render.text("Sources", "bold"), id="sources-title")
        yield OptionList(id="sources-list")

    def show(self, answer: Answer | None) -> None:
        """List the sentences ``answer`` cites (or nothing)."""
        options = self.query_one(OptionList)
        options.clear_options()
        if answer is None:
            return
        numbers = render.markers(answer)
        options.add_options(
            [
                Option(render.source_option(n, answer.sources[sid]), id=sid)
                for sid, n in numbers.items()
                if sid in answer.sources
            ]
        )
        title = "Related sentences" if answer.abstained else "Sources"
        self.query_one("#sources-title", Static).update(render.text(title, "bold"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(CitationChosen(event.option.id))
