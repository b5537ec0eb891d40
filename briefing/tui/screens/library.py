"""The Library tab: every article (date, source, title, sentences), filtered as you type.

The list comes from a worker (the index is on disk); filtering is done in memory on each
keystroke, by words (title, source, id, origin), by source, and by a date range. Enter on a
row opens the article with its sentences numbered.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Select, Static
from textual.worker import get_current_worker

from briefing.core.models import ArticleInfo
from briefing.text.safe import date_label, safe
from briefing.tui import render
from briefing.tui.backend import Backend
from briefing.tui.messages import LibraryLoaded, OpenArticle
from briefing.tui.workers import attempt

ALL_SOURCES = "All sources"
COLUMNS = [("date", 12), ("source", 16), ("sent.", 5), ("title", 0)]
"""Column labels and widths; the title takes what is left."""


def parse_date(value: str) -> dt.date | None:
    """A YYYY-MM-DD date, or None when the box is empty; ValueError when it is not a date."""
    value = value.strip()
    return dt.date.fromisoformat(value) if value else None


def matches(
    info: ArticleInfo, words: list[str], source: str | None, since: dt.date | None, until: dt.date | None
) -> bool:
    """Whether an article passes every filter; undated articles fail any date bound."""
    if source is not None and source != info.source and source not in info.sources:
        return False
    if (since or until) and info.published is None:
        return False
    if since and info.published and info.published < since:
        return False
    if until and info.published and info.published > until:
        return False
    haystack = " ".join([info.title, info.source, info.id, *info.sources, *info.origins]).lower()
    return all(word in haystack for word in words)


class LibraryPane(Vertical):
    """Filters on top, the article table below, a count at the bottom."""

    def __init__(self, backend: Backend, id: str | None = None) -> None:
        super().__init__(id=id)
        self.backend = backend
        self.infos: list[ArticleInfo] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="library-filters"):
            yield Input(placeholder="Filter: title, source, id…", id="library-filter", select_on_focus=False)
            yield Select[str]([], prompt=ALL_SOURCES, id="library-source")
            yield Input(placeholder="from YYYY-MM-DD", id="library-since", classes="date")
            yield Input(placeholder="to YYYY-MM-DD", id="library-until", classes="date")
        yield DataTable(id="library-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="library-status")

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self.refilter()

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def reload(self) -> None:
        """Read the article list again (at start-up and after an ingest)."""
        infos = attempt(self.backend.list_articles, partial(self.app.call_from_thread, self._failed))
        if infos is not None and not get_current_worker().is_cancelled:
            self.post_message(LibraryLoaded(infos))

    def _failed(self, error: str) -> None:
        self.query_one("#library-status", Static).update(render.text(error, "$error"))
        self.app.notify(error, title="Library unavailable", severity="error", markup=False)

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.infos = message.infos
        names = sorted({name for info in self.infos for name in [info.source, *info.sources] if name})
        select: Select[str] = self.query_one("#library-source", Select)
        chosen = select.value
        select.set_options([(Text(safe(name)), name) for name in names])
        if isinstance(chosen, str) and chosen in names:
            select.value = chosen
        self.refilter()

    def on_key(self, event: events.Key) -> None:
        """Typing on the table types into the filter: filtering as you type, from anywhere."""
        if event.is_printable and event.character and isinstance(self.screen.focused, DataTable):
            event.stop()
            box = self.query_one("#library-filter", Input)
            box.focus()
            box.insert_text_at_cursor(event.character)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith("library-"):
            event.stop()
            self.refilter()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.refilter()

    def _date_bound(self, box_id: str) -> dt.date | None:
        box = self.query_one(box_id, Input)
        try:
            value = parse_date(box.value)
        except ValueError:
            box.add_class("-invalid")
            return None
        box.remove_class("-invalid")
        return value

    def refilter(self) -> None:
        """Show the articles that pass the filters, keeping the cursor on the same one if it stays."""
        words = self.query_one("#library-filter", Input).value.lower().split()
        chosen = self.query_one("#library-source", Select).value
        source = chosen if isinstance(chosen, str) else None
        since, until = self._date_bound("#library-since"), self._date_bound("#library-until")
        shown = [info for info in self.infos if matches(info, words, source, since, until)]
        table = self.query_one(DataTable)
        selected = self._selected_id()
        table.clear(columns=True)
        for label, width in COLUMNS:
            table.add_column(label, key=label, width=width or self._title_width(table))
        for info in shown:
            table.add_row(
                Text(date_label(info.published)),
                Text(safe(info.source) or "—", no_wrap=True, overflow="ellipsis"),
                Text(str(info.sentence_count), justify="right"),
                Text(safe(info.title), no_wrap=True, overflow="ellipsis"),
                key=info.id,
            )
        kept = [info.id for info in shown]
        if selected in kept:
            table.move_cursor(row=kept.index(selected), animate=False)
        status = f"{len(shown)} of {len(self.infos)} article(s) — Enter opens one"
        self.query_one("#library-status", Static).update(render.text(status, "dim"))

    def _selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None

    @staticmethod
    def _title_width(table: DataTable[object]) -> int:
        """What is left of the table's width for titles (each column has 2 cells of padding)."""
        fixed = sum(width + 2 for _label, width in COLUMNS if width)
        return max(20, table.size.width - fixed - 2 - 2)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(OpenArticle(event.row_key.value))
