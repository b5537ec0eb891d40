"""The Ask tab: question box, conversation, and a side panel with the answer's sources.

Answers come from a thread worker (the service blocks on the embedder and Chroma) and are
shown part by part as they arrive. An LLM's text is shown as it is written (handed to the UI
thread with ``call_from_thread``), then replaced by the checked parts: a sentence its citations
do not support is flagged with why, and a notice (say, a fallback to the extractive engine) is
shown in the conversation and as a notification. Esc cancels the question's
:class:`~briefing.core.cancel.CancelToken`: the LLM stream is closed at its next piece and the
worker ends, releasing the service for the next question; any late text is ignored (each
question has a sequence number), and the question goes back into the box.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from briefing.core.cancel import CancelToken
from briefing.core.models import Answer
from briefing.tui import render
from briefing.tui.backend import Backend
from briefing.tui.history import HistoryRecord
from briefing.tui.messages import AnswerDone, AnswerFailed, AnswerPart, AnswerStarted, HistoryLoaded
from briefing.tui.widgets.conversation import Conversation, Exchange
from briefing.tui.widgets.question_input import QuestionInput
from briefing.tui.widgets.sources_panel import SourcesPanel
from briefing.tui.workers import attempt

AS_OF_COMMAND = "/as-of"
"""Typed in the question box: ``/as-of 2017-04-10`` answers as of that day, ``/as-of`` as of today."""
SHOWN = 50
"""Past exchanges shown at start-up or per search; the rest stay in the file."""
EMPTY = "No questions yet. Type one below and press Enter; answers cite their source sentences."


class AskPane(Vertical):
    """Ask questions; see cited answers; search and clear the history."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("tab", "tab_to_marker", show=False)]

    def __init__(self, backend: Backend, id: str | None = None) -> None:
        super().__init__(id=id)
        self.backend = backend
        self._seq = 0
        self._pending: tuple[int, Exchange, str] | None = None
        self._cancel = CancelToken()  # the running question's

    def compose(self) -> ComposeResult:
        with Vertical(id="history-search-box", classes="hidden"):
            yield Input(
                placeholder="Search history: words in questions, answers or titles", id="history-search"
            )
            yield Static(id="history-status")
        with Horizontal(id="ask-body"):
            yield Conversation(id="conversation")
            yield SourcesPanel(id="sources")
        yield QuestionInput(id="question")

    def on_mount(self) -> None:
        self.load_history("")

    def action_tab_to_marker(self) -> None:
        """Tab in the question box goes to the newest answer's first marker: it went to the tab
        bar, then the conversation, and a new user pressing Tab and Enter opened nothing. Tab
        anywhere else moves on as usual."""
        exchanges = self.query_one(Conversation).exchanges()
        markers = exchanges[-1].markers() if exchanges and self.query_one(QuestionInput).has_focus else []
        if markers:
            markers[0].focus()
        else:
            self.screen.focus_next()

    # ----- asking
    @property
    def running(self) -> bool:
        return self._pending is not None

    def on_question_input_submitted(self, event: QuestionInput.Submitted) -> None:
        event.stop()
        if event.question.lower().startswith(AS_OF_COMMAND):
            self.set_as_of(event.question[len(AS_OF_COMMAND) :].strip())
            return
        self.ask(event.question)

    def set_as_of(self, value: str) -> None:
        """``/as-of YYYY-MM-DD`` answers as of that day (nothing later; time words count back
        from it); ``/as-of`` alone goes back to today."""
        import datetime as dt

        try:
            day = dt.date.fromisoformat(value) if value else None
        except ValueError:
            self.app.notify(
                f"{value!r} is not a date: type /as-of YYYY-MM-DD", severity="warning", markup=False
            )
            return
        self.backend.as_of = day
        self.query_one(QuestionInput).clear()
        self.app.notify(f"Answering as of {day.isoformat() if day else 'today'}", markup=False)

    def ask(self, question: str) -> None:
        if self._pending is not None:
            self.app.notify("An answer is still coming — press Esc to cancel it first.", severity="warning")
            return
        self._seq += 1
        exchange = Exchange(question, self.backend.history.clock())
        self._pending = (self._seq, exchange, question)
        self.query_one(Conversation).add(exchange)
        self.query_one(QuestionInput).clear()
        self.app.refresh_bindings()
        self._cancel = CancelToken()
        self._answer(self._seq, question, self._cancel)

    @work(thread=True, exclusive=True, group="ask", exit_on_error=False)
    def _answer(self, seq: int, question: str, cancel: CancelToken) -> None:
        def on_text(text: str) -> None:
            self.app.call_from_thread(self._streamed, seq, text)

        def failed(error: str) -> None:
            self.post_message(AnswerFailed(seq, error))

        answer = attempt(lambda: self.backend.ask(question, on_text, cancel), failed)
        if answer is None or cancel.cancelled:
            return
        self.post_message(AnswerStarted(seq, answer))
        for index in range(len(answer.answer)):
            if cancel.cancelled:
                return
            self.post_message(AnswerPart(seq, index))
        try:  # recorded before it is done, so what the screen shows is already in the file
            self.backend.history.append(answer)
        except OSError as exc:
            self.app.call_from_thread(
                self.app.notify, f"History not saved: {exc}", severity="warning", markup=False
            )
        self.post_message(AnswerDone(seq))

    def _current(self, seq: int) -> Exchange | None:
        """The exchange waiting for answer ``seq``, or None if that question was cancelled."""
        if self._pending is None or self._pending[0] != seq:
            return None
        return self._pending[1]

    def _streamed(self, seq: int, text: str) -> None:
        if (exchange := self._current(seq)) is not None:
            exchange.stream(text)
            self.query_one(Conversation).scroll_end(animate=False)

    def on_answer_started(self, message: AnswerStarted) -> None:
        if (exchange := self._current(message.seq)) is not None:
            exchange.begin(message.answer)

    def on_answer_part(self, message: AnswerPart) -> None:
        if (exchange := self._current(message.seq)) is not None:
            exchange.add_part(message.index)
            self.query_one(Conversation).scroll_end(animate=False)

    def on_answer_done(self, message: AnswerDone) -> None:
        exchange = self._current(message.seq)
        if exchange is None or exchange.answer is None:
            return
        exchange.finish()
        self._pending = None
        self.app.refresh_bindings()
        self.query_one(SourcesPanel).show(exchange.answer)
        if exchange.answer.notice:
            self.app.notify(
                exchange.answer.notice, title="Note on this answer", severity="warning", markup=False
            )
        conversation = self.query_one(Conversation)
        conversation.call_after_refresh(conversation.scroll_end, animate=False)

    def on_answer_failed(self, message: AnswerFailed) -> None:
        exchange = self._current(message.seq)
        if exchange is None or self._pending is None:
            return
        question = self._pending[2]
        self._pending = None
        self.app.refresh_bindings()
        exchange.fail(message.error)
        self.query_one(QuestionInput).put_back(question)
        self.app.notify(message.error, title="Could not answer", severity="error", markup=False)

    def cancel(self) -> bool:
        """Cancel the running answer and put its question back; False if none was running."""
        if self._pending is None:
            return False
        _seq, exchange, question = self._pending
        self._pending = None
        self._cancel.cancel()  # the worker stops at its next seam and frees the service
        self.workers.cancel_group(self, "ask")
        exchange.remove()
        self.query_one(QuestionInput).put_back(question)
        self.app.refresh_bindings()
        self.app.notify("Answer cancelled — your question is back in the box.")
        return True

    def on_exchange_focused(self, message: Exchange.Focused) -> None:
        self.query_one(SourcesPanel).show(message.exchange.answer)

    def current_answer(self) -> Answer | None:
        """The answer of the focused exchange, else the newest one."""
        focused = self.screen.focused
        for node in focused.ancestors_with_self if focused is not None else []:
            if isinstance(node, Exchange) and node.answer is not None:
                return node.answer
        done = [e for e in self.query_one(Conversation).exchanges() if e.answer is not None]
        return done[-1].answer if done else None

    # ----- history: shown at start-up, searched, cleared
    @property
    def searching(self) -> bool:
        return not self.query_one("#history-search-box").has_class("hidden")

    def open_search(self) -> None:
        if self.running:
            self.app.notify("Wait for the answer (or press Esc to cancel it) before searching.")
            return
        self.query_one("#history-search-box").remove_class("hidden")
        self.query_one("#history-search", Input).focus()

    def close_search(self) -> None:
        self.query_one("#history-search-box").add_class("hidden")
        self.query_one("#history-search", Input).value = ""
        self.load_history("")
        self.query_one(QuestionInput).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "history-search":
            event.stop()
            self.load_history(event.value.strip())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "history-search":
            event.stop()
            self.query_one(Conversation).focus()

    @work(thread=True, exclusive=True, group="history-read", exit_on_error=False)
    def load_history(self, query: str) -> None:
        history = self.backend.history
        try:
            records = history.search(query, SHOWN) if query else history.load(SHOWN)
        except OSError as exc:
            self.app.call_from_thread(
                self.app.notify, f"History unreadable: {exc}", severity="error", markup=False
            )
            return
        if not get_current_worker().is_cancelled:
            self.post_message(HistoryLoaded(records, query))

    def on_history_loaded(self, message: HistoryLoaded) -> None:
        exchanges = [self._restored(record) for record in message.records]
        if message.query:
            status = f"{len(exchanges)} past exchange(s) match — Esc closes the search"
            self.query_one("#history-status", Static).update(render.text(status, "dim"))
        empty = f"Nothing in the history matches {message.query!r}." if message.query else EMPTY
        keep = self._pending[1] if self._pending else None
        self.query_one(Conversation).show(exchanges, empty, keep)
        self.query_one(SourcesPanel).show(exchanges[-1].answer if exchanges else None)

    @staticmethod
    def _restored(record: HistoryRecord) -> Exchange:
        return Exchange(record.question, record.at, record.answer)

    def clear_history(self) -> None:
        self._clear()

    @work(thread=True, group="history-write", exit_on_error=False)
    def _clear(self) -> None:
        try:
            self.backend.history.clear()
        except OSError as exc:
            self.app.call_from_thread(
                self.app.notify, f"History not cleared: {exc}", severity="error", markup=False
            )
            return
        self.post_message(HistoryLoaded([], ""))
        self.app.call_from_thread(self.app.notify, "History cleared.")
