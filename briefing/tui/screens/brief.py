"""The Brief tab: past briefs newest first, one open with its citations, and a form for a new one.

Reading a saved brief is a file read; writing one reads the index (and may ask an LLM), so it
runs in one exclusive thread worker. Esc cancels its :class:`~briefing.core.cancel.CancelToken`:
the service stops between stories (and between an LLM's streamed pieces), the worker ends
without saving and the service is free at once. A finished brief is saved (JSON and Markdown,
like ``briefing brief``), listed at the top and opened.
"""

from __future__ import annotations

import datetime as dt

from textual import events, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from briefing.core.brief_models import Brief, BriefFile, Window
from briefing.core.cancel import CancelToken
from briefing.core.errors import BriefingError
from briefing.tui import render
from briefing.tui.backend import Backend
from briefing.tui.messages import BriefFailed, BriefOpened, BriefsListed
from briefing.tui.screens.library import parse_date
from briefing.tui.widgets.brief_view import BriefView
from briefing.tui.workers import attempt

NONE_OPEN = (
    "No brief open. Choose a saved one on the left (Enter), or write a new one: set a date range "
    "and/or a topic above (all dated articles if you set neither), then press Generate. "
    "Every line of a brief cites its sentences; Tab walks the markers, Enter opens one."
)
TITLE_PREFIX = "Situation brief — "


def list_entry(file: BriefFile) -> Content:
    """``2024-05-01 09:30 · 3 stories`` over the window (and topic) it covers."""
    stories = f"{file.stories} stor{'y' if file.stories == 1 else 'ies'}"
    covers = file.title.removeprefix(TITLE_PREFIX)
    if file.window not in covers:
        covers = f"{file.window} — {covers}"
    return Content.assemble(
        render.text(f"{file.generated_at:%Y-%m-%d %H:%M}", "bold"),
        render.text(f" · {stories}"),
        "\n",
        render.text(covers, "dim"),
    )


def _box(placeholder: str, box_id: str, classes: str = "") -> Input:
    """A form box that does not select its text on focus: a key typed on the list lands in a
    box (:meth:`BriefPane.on_key`), and a select-all would let the next key replace it."""
    return Input(placeholder=placeholder, id=box_id, classes=classes, select_on_focus=False)


# the form in one row: two date boxes (21 each), the checkbox (24), the button (16), a topic box of 18
ONE_ROW = 100


class BriefPane(Vertical):
    """Form on top; the list of saved briefs on the left, the open brief on the right."""

    def __init__(self, backend: Backend, id: str | None = None) -> None:
        super().__init__(id=id)
        self.backend = backend
        self.running = False
        self.open_path: str | None = None
        self._cancel = CancelToken()  # the brief being written's

    def compose(self) -> ComposeResult:
        undated = self.backend.service.settings.brief.include_undated
        with Horizontal(id="brief-form"):
            with Horizontal(id="brief-fields"):
                yield _box("from YYYY-MM-DD", "brief-since", "date")
                yield _box("to YYYY-MM-DD", "brief-until", "date")
                yield _box("Topic (optional)", "brief-topic")
            with Horizontal(id="brief-actions"):
                yield Checkbox("Include undated", undated, id="brief-undated")
                yield Button("Generate", id="brief-make", variant="primary")
        yield Static(id="brief-status")
        with Horizontal(id="brief-body"):
            yield OptionList(id="brief-list")
            yield BriefView(id="brief-view")

    def on_mount(self) -> None:
        self.query_one(BriefView).show(None, NONE_OPEN)
        self.reload()

    def on_resize(self) -> None:
        """Below :data:`ONE_ROW` columns the form takes two rows (the boxes, then the checkbox and
        the button): in one row at 60 columns the button and the checkbox were off the screen."""
        self.query_one("#brief-form").set_class(self.size.width < ONE_ROW, "narrow")

    def focus_start(self) -> None:
        """Where F4 puts the cursor: the newest saved brief (Enter opens it), or, with none saved,
        the form's from-date box, since an empty list has nothing to choose and drops what is typed."""
        listing = self.query_one("#brief-list", OptionList)
        (listing if listing.option_count else self.query_one("#brief-since", Input)).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing where no text box has the cursor (the list, an open brief, a button) types into
        the form instead of being dropped: a digit starts a new from-date, anything else a new topic."""
        char = event.character
        if not (event.is_printable and char and not char.isspace()) or isinstance(self.screen.focused, Input):
            return
        event.stop()
        box = self.query_one("#brief-since" if char.isdigit() else "#brief-topic", Input)
        box.focus()
        box.value, box.cursor_position = char, 1

    def _status(self, line: str, style: str = "dim") -> None:
        self.query_one("#brief-status", Static).update(render.text(line, style))

    # ----- the list
    @work(thread=True, exclusive=True, group="brief-list", exit_on_error=False)
    def reload(self, select: str | None = None) -> None:
        """Read the briefs folder again (at start-up and after a brief is made)."""
        try:
            files = self.backend.list_briefs()
        except (BriefingError, OSError) as exc:
            self.post_message(BriefFailed(f"cannot list the saved briefs: {exc}", making=False))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(BriefsListed(files, select))

    def on_briefs_listed(self, message: BriefsListed) -> None:
        options = self.query_one("#brief-list", OptionList)
        options.clear_options()
        options.add_options([Option(list_entry(f), id=f.path) for f in message.files])
        if message.select is not None:
            paths = [f.path for f in message.files]
            if message.select in paths:
                options.highlighted = paths.index(message.select)
        elif message.files:
            options.highlighted = 0
        if not self.running:
            self._status(self._count_line(len(message.files)))

    @staticmethod
    def _count_line(count: int) -> str:
        if not count:
            return "No saved briefs yet — type dates or a topic, then Generate (saved as JSON and Markdown)."
        return f"{count} saved brief(s), newest first — Enter opens one; type a date or topic for a new one"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "brief-list" and event.option.id:
            event.stop()
            self.open(event.option.id)

    @work(thread=True, exclusive=True, group="brief-open", exit_on_error=False)
    def open(self, path: str) -> None:
        try:
            brief = self.backend.load_brief(path)
        except BriefingError as exc:
            self.post_message(BriefFailed(exc.one_line(), making=False))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(BriefOpened(brief, path))

    def on_brief_opened(self, message: BriefOpened) -> None:
        self.open_path = message.path
        view = self.query_one(BriefView)
        view.show(message.brief)
        view.focus()
        if message.made:
            self.running = False
            self.app.refresh_bindings()
            self.query_one("#brief-make", Button).disabled = False
            self.reload(select=message.path)
            self.app.notify(self._made_line(message.brief), title="Brief saved", markup=False)

    @staticmethod
    def _made_line(brief: Brief) -> str:
        stories = f"{len(brief.stories)} stor{'y' if len(brief.stories) == 1 else 'ies'}"
        return f"{brief.title}: {stories} from {brief.articles} article(s)."

    # ----- a new brief
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id and event.input.id.startswith("brief-"):
            event.stop()
            self.generate()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "brief-make":
            event.stop()
            self.generate()

    def window(self) -> Window | None:
        """The form's window, or None (after saying why, the bad box marked) when it has none."""
        bounds: dict[str, dt.date | None] = {}
        for name in ("since", "until"):
            box = self.query_one(f"#brief-{name}", Input)
            try:
                bounds[name] = parse_date(box.value)
                box.remove_class("-invalid")
            except ValueError:
                box.add_class("-invalid")
        if len(bounds) < 2:
            self.app.notify("Dates are YYYY-MM-DD, e.g. 2020-02-24.", title="Not a date", severity="error")
            return None
        window = Window(**bounds, include_undated=self.query_one(Checkbox).value)
        if window.since and window.until and window.since > window.until:
            self.app.notify("The start date is after the end date.", title="Empty window", severity="error")
            return None
        return window

    def generate(self) -> None:
        """Write a brief of what the form says; refuses while another one is being written."""
        if self.running:
            self.app.notify("A brief is already being written — Esc cancels it.", severity="warning")
            return
        window = self.window()
        if window is None:
            return
        topic = self.query_one("#brief-topic", Input).value.strip() or None
        self.running = True
        self._cancel = CancelToken()
        self.app.refresh_bindings()
        self.query_one("#brief-make", Button).disabled = True
        about = window.label + (f" on {topic!r}" if topic else "")
        self._status(f"Writing a brief of {about}… (esc cancels)", "italic")
        self._make(window, topic, self._cancel)

    @work(thread=True, exclusive=True, group="brief-make", exit_on_error=False)
    def _make(self, window: Window, topic: str | None, cancel: CancelToken) -> None:
        def failed(error: str) -> None:
            self.post_message(BriefFailed(error, making=True))

        brief = attempt(lambda: self.backend.make_brief(window, topic, cancel), failed)
        if brief is None or cancel.cancelled:
            return  # cancelled while it was being written: nothing is saved
        path = attempt(lambda: self.backend.save_brief(brief), failed)
        if path is not None:
            self.post_message(BriefOpened(brief, str(path), made=True))

    def cancel(self) -> bool:
        """Stop the brief being written (nothing is saved); False if none was."""
        if not self.running:
            return False
        self.running = False
        self._cancel.cancel()  # the worker stops at the next story and frees the service
        self.workers.cancel_group(self, "brief-make")
        self.query_one("#brief-make", Button).disabled = False
        self.app.refresh_bindings()
        self._status("Brief cancelled — nothing was saved.")
        self.app.notify("Brief cancelled — nothing was saved.")
        return True

    def on_brief_failed(self, message: BriefFailed) -> None:
        if message.making:
            if not self.running:
                return  # the brief was cancelled already
            self.running = False
            self.query_one("#brief-make", Button).disabled = False
            self.app.refresh_bindings()
        self._status(message.error, "$error")
        title = "Could not write the brief" if message.making else "Briefs unavailable"
        self.app.notify(message.error, title=title, severity="error", markup=False)
