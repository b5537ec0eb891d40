"""The conversation: each question with its answer, and citation markers you can open.

A citation marker is its own small focusable widget, not a markup link: links built from
article or model text could be forged by that text. Tab/shift+Tab move between markers,
Enter or a click opens the cited sentence in its article.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from briefing.core.models import Answer
from briefing.tui import render
from briefing.tui.messages import CitationChosen


class CitationMarker(Static, can_focus=True):
    """``[n]``: opens sentence ``sid`` in its article on Enter or click."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "choose", "Open source", show=True)]

    def __init__(self, n: int, sid: str) -> None:
        super().__init__(render.text(f"[{n}]"), classes="marker")
        self.n, self.sid = n, sid

    def action_choose(self) -> None:
        self.post_message(CitationChosen(self.sid))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_choose()


class PartView(Horizontal):
    """One statement (of an answer or a brief), with its markers to the right.

    A ``str`` statement is untrusted and shown literally; a ``Content`` was built by the caller
    (from :func:`render.text` pieces) to add styles such as a status or a flag.
    """

    def __init__(self, statement: str | Content, cited: list[tuple[int, str]], classes: str = "part") -> None:
        super().__init__(classes=classes)
        self.statement, self.cited = statement, cited

    def compose(self) -> ComposeResult:
        statement = self.statement
        yield Static(
            statement if isinstance(statement, Content) else render.text(statement), classes="part-text"
        )
        with Horizontal(classes="markers"):
            for n, sid in self.cited:
                yield CitationMarker(n, sid)


class Exchange(Vertical):
    """A question and, once it arrives part by part, its answer (or an error)."""

    class Focused(Message):
        """Focus moved into this exchange: the side panel should show its sources."""

        def __init__(self, exchange: Exchange) -> None:
            super().__init__()
            self.exchange = exchange

    def __init__(self, question: str, at: dt.datetime, answer: Answer | None = None) -> None:
        super().__init__(classes="exchange")
        self.question, self.at = question, at
        self.streamed = ""
        self._live: Static | None = None
        self.answer: Answer | None = None
        self.numbers: dict[str, int] = {}
        if answer is not None:
            self.answer, self.numbers = answer, render.markers(answer)

    def compose(self) -> ComposeResult:
        yield Static(render.text(f"You · {self.at:%Y-%m-%d %H:%M}", "dim"), classes="who")
        yield Static(render.text(self.question, "bold"), classes="question")
        if self.answer is None:
            yield Static(render.text("Searching the sources… (esc cancels)", "italic dim"), classes="pending")
            return
        yield from self._head()
        yield from (self._part(index) for index in range(len(self.answer.answer)))
        yield from self._tail()

    def stream(self, text: str) -> None:
        """More of an LLM's answer as it is written; :meth:`begin` replaces it with checked parts."""
        self.streamed += text
        if self._live is None:
            self._live = Static(classes="streaming")
            pending = list(self.query(".pending").results(Static))
            self.mount(self._live, before=pending[0] if pending else None)
            writing = "Writing… each sentence is checked against its sources when it ends (esc cancels)"
            for line in pending:
                line.update(render.text(writing, "italic dim"))
        self._live.update(render.text(self.streamed))

    def begin(self, answer: Answer) -> None:
        """The answer arrived; its parts follow with :meth:`add_part`."""
        self.answer, self.numbers = answer, render.markers(answer)
        self.query(".pending, .streaming").remove()
        self._live = None
        self.mount_all(self._head())

    def add_part(self, index: int) -> None:
        self.mount(self._part(index))

    def finish(self) -> None:
        self.mount_all(self._tail())

    def _head(self) -> list[Static]:
        """Above the parts: the notice (say, why the LLM was not used), and an abstention."""
        assert self.answer is not None
        head = []
        if self.answer.notice:
            head.append(Static(render.text(f"⚠ {self.answer.notice}", "$warning"), classes="notice"))
        if self.answer.abstained and (self.answer.related or not self.answer.notice):
            head.append(Static(render.text(render.ABSTAIN_TEXT, "bold $warning"), classes="abstain"))
        return head

    def _part(self, index: int) -> PartView:
        """A statement with its markers; one its citations do not support is flagged with why."""
        assert self.answer is not None
        part = self.answer.answer[index]
        cited = [(self.numbers[sid], sid) for sid in part.citations]
        if part.supported and part.attributed:  # the model cited nothing (valid): briefing chose
            note = render.text("citation attributed by briefing, then checked", "dim")
            return PartView(Content.assemble(render.one_line(part.text), "\n", note), cited)
        if part.supported:
            return PartView(render.statement(part), cited)
        flag = render.text(f"✗ unsupported: {part.reason or 'not supported by its citations'}", "bold $error")
        struck = render.one_line(part.text, "strike dim")  # never shown as plain answer text
        return PartView(Content.assemble(struck, "\n", flag), cited, "part unsupported")

    def _tail(self) -> list[Static | PartView]:
        """After the last part: the related sentences of an abstention, each openable."""
        assert self.answer is not None
        if not (self.answer.abstained and self.answer.related):
            return []
        tail: list[Static | PartView] = [
            Static(render.text(render.RELATED_TEXT, "dim"), classes="related-title")
        ]
        for sid in self.answer.related:
            src = self.answer.sources.get(sid)
            said = render.one_line(src.text) if src else render.text(sid)
            tail.append(PartView(said, [(self.numbers[sid], sid)], "part related"))
        return tail

    def fail(self, error: str) -> None:
        self.query(".pending").remove()
        self.mount(Static(render.text(f"✗ {error}", "$error"), classes="error"))

    def markers(self) -> list[CitationMarker]:
        return list(self.query(CitationMarker))

    def on_descendant_focus(self, _event: events.DescendantFocus) -> None:
        if self.answer is not None:
            self.post_message(self.Focused(self))


class Conversation(VerticalScroll):
    """Every exchange, oldest at the top, kept scrolled to the newest."""

    def exchanges(self) -> list[Exchange]:
        return list(self.query(Exchange))

    def add(self, exchange: Exchange) -> None:
        self.query(".empty").remove()
        self.mount(exchange)
        self.call_after_refresh(self.scroll_end, animate=False)

    def show(self, exchanges: list[Exchange], empty_text: str, keep: Exchange | None = None) -> None:
        """Replace everything with ``exchanges`` (history at start-up, or search results).

        ``keep`` (a question still being answered) stays, after them.
        """
        for child in list(self.children):
            if child is not keep:
                child.remove()
        if exchanges:
            self.mount_all(exchanges, before=keep) if keep is not None else self.mount_all(exchanges)
        elif keep is None:
            self.mount(Static(render.text(empty_text, "dim italic"), classes="empty"))
        self.call_after_refresh(self.scroll_end, animate=False)
