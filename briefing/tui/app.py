"""BriefingApp: the tabs, the keys, the command palette, Esc, and opening citations.

The app owns nothing but wiring: each tab does its own I/O in workers through the
:class:`~briefing.tui.backend.Backend`. The service and the clock are injected so tests run on
a temporary index at a fixed time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from briefing.core.models import split_sentence_id
from briefing.llm.secrets import scrub
from briefing.service.facade import Service
from briefing.text.safe import safe
from briefing.tui import render
from briefing.tui.backend import Backend
from briefing.tui.history import Clock, History, local_now
from briefing.tui.messages import CitationChosen, LibraryChanged, OpenArticle
from briefing.tui.screens.article import ArticleScreen
from briefing.tui.screens.ask import AskPane
from briefing.tui.screens.brief import BriefPane
from briefing.tui.screens.confirm import ConfirmScreen
from briefing.tui.screens.ingest import IngestPane
from briefing.tui.screens.library import LibraryPane

TABS = {"ask": "Ask", "library": "Library", "ingest": "Ingest", "brief": "Brief"}


class BriefingApp(App[None]):
    """Ask, read the cited sentence in its article, browse the library, ingest."""

    CSS_PATH = "briefing.tcss"
    TITLE = "briefing"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "tab('ask')", "Ask"),
        Binding("f2", "tab('library')", "Library"),
        Binding("f3", "tab('ingest')", "Ingest"),
        Binding("f4", "tab('brief')", "Brief"),
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+o", "copy_answer", "Copy"),
        Binding("ctrl+f", "search_history", "Search"),
        # Textual binds ctrl+q already, hidden: a new user looked for a way out and found none
        Binding("ctrl+q", "quit", "Quit", tooltip="Quit briefing and return to the shell.", priority=True),
        Binding("ctrl+l", "clear_history", "Clear history", show=False),
        Binding("ctrl+t", "toggle_dark", "Light/dark", show=False),
    ]

    def __init__(
        self,
        service: Service,
        clock: Clock | None = None,
        history: History | None = None,
        ingest_root: Path | str = ".",
    ) -> None:
        super().__init__()
        self.clock: Clock = clock or local_now
        self.backend = Backend(service, history, self.clock)
        self.ingest_root = ingest_root

    def compose(self) -> ComposeResult:
        with TabbedContent(initial="ask", id="tabs"):
            with TabPane(TABS["ask"], id="ask"):
                yield AskPane(self.backend, id="ask-pane")
            with TabPane(TABS["library"], id="library"):
                yield LibraryPane(self.backend, id="library-pane")
            with TabPane(TABS["ingest"], id="ingest"):
                yield IngestPane(self.backend, self.ingest_root, id="ingest-pane")
            with TabPane(TABS["brief"], id="brief"):
                yield BriefPane(self.backend, id="brief-pane")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#question").focus()
        self.backend.warm_up()  # spaCy loads in the background while the user types

    @property
    def ask_pane(self) -> AskPane:
        return self.query_one(AskPane)

    # ----- actions (every one is also in the command palette)
    def action_tab(self, name: str) -> None:
        while len(self.screen_stack) > 1:  # an article or a dialog on top: back to the tabs
            self.pop_screen()
        self.screen.set_focus(None)  # else focus left in the old tab may pull it back to the front
        self.query_one(TabbedContent).active = name
        if name == "brief":
            self.query_one(BriefPane).focus_start()
            return
        focus = {"ask": "#question", "library": "#library-table", "ingest": "#ingest-path"}.get(name)
        if focus:
            self.query_one(focus).focus()

    def _tab_job(self) -> BriefPane | IngestPane | None:
        """The shown tab's running brief or ingest: what Esc stops first."""
        active = self.query_one(TabbedContent).active
        job: BriefPane | IngestPane | None = None
        if active == "brief":
            job = self.query_one(BriefPane)
        elif active == "ingest":
            job = self.query_one(IngestPane)
        return job if job is not None and job.running else None

    def action_cancel(self) -> None:
        """Esc: stop the shown tab's brief or ingest, else cancel the answer, else close the search."""
        job = self._tab_job()
        if isinstance(job, BriefPane):
            job.cancel()
        elif isinstance(job, IngestPane):
            job.stop()
        elif not self.ask_pane.cancel() and self.ask_pane.searching:
            self.ask_pane.close_search()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            try:
                pane = self.ask_pane
                job = self._tab_job()
            except NoMatches:  # still starting up
                return False
            return job is not None or pane.running or pane.searching
        return True

    def on_tabbed_content_tab_activated(self, _event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()  # what Esc does depends on the tab

    def action_copy_answer(self) -> None:
        answer = self.ask_pane.current_answer()
        if answer is None:
            self.notify("No answer to copy yet.", severity="warning")
            return
        markdown = render.answer_markdown(answer)
        self.copy_to_clipboard(markdown)
        self._save_markdown(markdown)

    @work(thread=True, group="save-markdown", exit_on_error=False)
    def _save_markdown(self, markdown: str) -> None:
        try:
            path = str(self.backend.save_markdown(markdown))
        except OSError as exc:
            path = f"not saved to a file: {exc}"
        self.call_from_thread(
            self.notify, f"Answer copied as Markdown (also in {path}).", title="Copied", markup=False
        )

    def action_search_history(self) -> None:
        self.action_tab("ask")
        self.ask_pane.open_search()

    def action_clear_history(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.ask_pane.clear_history()

        self.push_screen(
            ConfirmScreen("Clear the whole conversation history? This cannot be undone."), confirmed
        )

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_new_brief(self) -> None:
        self.action_tab("brief")
        self.query_one("#brief-since").focus()

    def action_refresh_library(self) -> None:
        self.query_one(LibraryPane).reload()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for name, title in TABS.items():
            yield SystemCommand(f"Go to {title}", f"Show the {title} tab", lambda n=name: self.action_tab(n))
        yield SystemCommand("Ask: focus the question box", "Type a question", lambda: self.action_tab("ask"))
        yield SystemCommand(
            "Cancel or stop",
            "Stop the running answer, brief (Brief tab) or ingest (Ingest tab) (Esc)",
            self.action_cancel,
        )
        yield SystemCommand(
            "Brief: write a new one", "Set dates or a topic, then Generate", self.action_new_brief
        )
        yield SystemCommand("Copy answer as Markdown", "With its sources (ctrl+o)", self.action_copy_answer)
        yield SystemCommand("Search history", "Find past questions (ctrl+f)", self.action_search_history)
        yield SystemCommand("Clear history", "Forget every past question (ctrl+l)", self.action_clear_history)
        yield SystemCommand("Refresh library", "Read the article list again", self.action_refresh_library)
        yield SystemCommand(
            "Light/dark theme", "Switch between light and dark (ctrl+t)", self.action_toggle_dark
        )

    # ----- messages from the tabs
    def on_citation_chosen(self, message: CitationChosen) -> None:
        try:
            article_id, n = split_sentence_id(message.sid)
        except ValueError:
            self.notify("That citation does not name a sentence.", severity="error")
            return
        self.push_screen(ArticleScreen(self.backend, article_id, n))

    def on_open_article(self, message: OpenArticle) -> None:
        self.push_screen(ArticleScreen(self.backend, message.article_id))

    def on_library_changed(self, _message: LibraryChanged) -> None:
        self.query_one(LibraryPane).reload()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A toast. One without markup quotes something (an error, a path, a notice): Textual drops
        BEL but passes ESC and bidi controls on to the terminal, so they are shown escaped; an
        exception's text may quote the API key, which is blanked."""
        if not markup:
            message, title = safe(scrub(message)), safe(scrub(title))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed unexpectedly becomes a notification, never a crash."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                f"{type(error).__name__}: {error}", title="Something failed", severity="error", markup=False
            )


def fixed_clock(at: dt.datetime) -> Clock:
    """A clock that always says ``at`` (tests and snapshots)."""
    return lambda: at


def run(service: Service) -> None:
    """Open the app full-screen on ``service``'s index until the user quits."""
    BriefingApp(service=service).run()
