"""The Ingest tab: type or pick a path/URL, ingest in a worker, watch progress and errors.

The service reports progress through a callback that runs on the worker thread; it posts a
message per input so the bar moves while the screen stays responsive. A bad file is listed
with its reason and the rest goes on, as on the command line. Esc (or Stop) cancels the run's
:class:`~briefing.core.cancel.CancelToken`: the service stops between inputs or batches, what was
read is kept and the index stays consistent. When the run ends the library is told to reload.
"""

from __future__ import annotations

import os
import shlex
import time
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Button, DirectoryTree, Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from briefing.core.cancel import CancelToken
from briefing.core.models import IngestReport
from briefing.inputs.dates_read import without_cli_flags
from briefing.tui import render
from briefing.tui.backend import Backend
from briefing.tui.messages import IngestFinished, IngestProgress, LibraryChanged
from briefing.tui.widgets.safe_tree import SafeDirectoryTree
from briefing.tui.workers import attempt


def split_specs(value: str) -> list[str]:
    """Inputs from the box: shell-style words, so a quoted path may hold spaces; a path pasted
    as it is (``~/News/Wire copy.md``, unquoted) that exists is taken whole, not as two words."""
    whole = value.strip()
    if whole and os.path.lexists(os.path.expanduser(whole)):
        return [whole]
    try:
        return shlex.split(value)
    except ValueError:
        return [value.strip()] if value.strip() else []


class IngestPane(Vertical):
    """Path box and button; a file tree to pick from; progress, summary and failures."""

    def __init__(self, backend: Backend, root: Path | str = ".", id: str | None = None) -> None:
        super().__init__(id=id)
        self.backend = backend
        self.root = Path(root).resolve()  # the tree's root then shows a name, not "."
        self.running = False
        self._cancel = CancelToken()  # the running ingest's
        self._line = ""  # what the run is doing, shown with the time it has taken
        self._started = 0.0
        self._clock: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="ingest-bar"):
            yield Input(
                placeholder="Files, folders, globs or http(s) URLs — or pick on the left", id="ingest-path"
            )
            yield Button("Ingest", id="ingest-start", variant="primary")
            yield Button("Stop", id="ingest-stop", variant="error", disabled=True)
        with Horizontal(id="ingest-body"):
            yield SafeDirectoryTree(self.root, id="ingest-tree")
            with Vertical(id="ingest-status"):
                yield ProgressBar(id="ingest-progress", show_eta=False)
                yield Static(render.text("Nothing ingested in this session yet.", "dim"), id="ingest-current")
                yield Static(id="ingest-summary")
                yield OptionList(id="ingest-errors")

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self._pick(event.path)

    def on_directory_tree_directory_selected(self, event: DirectoryTree.DirectorySelected) -> None:
        event.stop()
        self._pick(event.path)

    def _pick(self, path: Path) -> None:
        box = self.query_one("#ingest-path", Input)
        box.value = shlex.quote(str(path))
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "ingest-path":
            event.stop()
            self.start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ingest-start":
            event.stop()
            self.start()
        elif event.button.id == "ingest-stop":
            event.stop()
            self.stop()

    def start(self, value: str | None = None) -> None:
        """Ingest what the box says (or ``value``); refuses while another ingest runs."""
        if self.running:
            self.app.notify("An ingest is already running; wait for it to end.", severity="warning")
            return
        specs = split_specs(self.query_one("#ingest-path", Input).value if value is None else value)
        if not specs:
            self.app.notify("Type a path or URL, or pick one in the tree.", severity="warning")
            return
        self.running = True
        self._cancel = CancelToken()
        self._buttons()
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.query_one("#ingest-summary", Static).update("")
        self.query_one("#ingest-errors", OptionList).clear_options()
        self._started = time.monotonic()
        self._clock = self.set_interval(1, self._render_current)
        self._show_current(f"Starting: {' '.join(specs)}")
        self._ingest(specs, self._cancel)

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False)
    def _ingest(self, specs: list[str], cancel: CancelToken) -> None:
        def progress(label: str, done: float, total: int) -> None:
            self.post_message(IngestProgress(label, done, total))

        def failed(error: str) -> None:
            self.post_message(IngestFinished(None, error))

        report = attempt(lambda: self.backend.ingest(specs, progress, cancel), failed)
        if report is None and cancel.cancelled:  # stopped before it started: nothing was read
            report = IngestReport(stopped=True)
        if report is not None:
            self.post_message(IngestFinished(report))

    def stop(self) -> bool:
        """Ask the running ingest to stop (within a model call: what is stored stays, what is not
        yet is left out); False if none runs."""
        if not self.running:
            return False
        if not self._cancel.cancelled:
            self._cancel.cancel()
            self._buttons()
            self._show_current("Stopping…")
            self.app.notify("Stopping the ingest; the articles stored so far are kept.")
        return True

    def _buttons(self) -> None:
        self.query_one("#ingest-start", Button).disabled = self.running
        self.query_one("#ingest-stop", Button).disabled = not self.running or self._cancel.cancelled
        self.app.refresh_bindings()

    def _show_current(self, line: str) -> None:
        self._line = line
        self._render_current()

    def _render_current(self) -> None:
        """The current line with the time taken, ticking each second while the run lasts: the bar
        moves only when a batch is stored, and a large first file looked hung for tens of seconds."""
        taken = f" · {self._taken()}" if self.running else ""
        self.query_one("#ingest-current", Static).update(render.text(self._line + taken))

    def _taken(self) -> str:
        seconds = int(time.monotonic() - self._started)
        return f"{seconds // 60}:{seconds % 60:02d}"

    def on_ingest_progress(self, message: IngestProgress) -> None:
        self.query_one(ProgressBar).update(total=max(message.total, 1), progress=message.done)
        if message.label != "done":
            reading = f"{message.label} — input {int(message.done) + 1} of {message.total}"
            # once Esc was pressed the line keeps saying so: "Reading …" coming back looked as if
            # the stop had been ignored
            stopping = self._cancel.cancelled
            self._show_current(f"Stopping… ({reading})" if stopping else f"Reading {reading}")

    def on_ingest_finished(self, message: IngestFinished) -> None:
        self.running = False
        if self._clock is not None:
            self._clock.stop()
        self._buttons()
        summary = self.query_one("#ingest-summary", Static)
        if message.report is None:
            error = message.error or "ingest failed"
            summary.update(render.text(error, "bold $error"))
            self._show_current("Ingest stopped.")
            self.app.notify(error, title="Ingest failed", severity="error", markup=False)
            return
        report = message.report
        line = report.summary()
        if report.stopped:
            line = f"Stopped: {line}"
        summary.update(render.text(line, "bold" if report.ok and not report.stopped else "bold $error"))
        if report.stopped:
            self._show_current("Stopped on request; the articles above are stored, the rest is not.")
        else:
            self._show_current(f"Done in {self._taken()}.")
            self.query_one(ProgressBar).update(total=1, progress=1)
        errors = self.query_one("#ingest-errors", OptionList)
        errors.add_options([Option(render.text(f"{f.origin}: {f.reason}", "$error")) for f in report.failed])
        warned = [  # the fix a TUI user can apply: there is no --published here
            Option(render.text(f"{w.origin}: {without_cli_flags(w.reason)}", "$warning"))
            for w in report.warnings
        ]
        errors.add_options(warned)  # read in full, with a reading to check (an ambiguous date)
        title = "Ingest stopped" if report.stopped else "Ingest finished"
        quiet = report.ok and not report.stopped
        self.app.notify(line, title=title, severity="information" if quiet else "warning", markup=False)
        self.post_message(LibraryChanged())
