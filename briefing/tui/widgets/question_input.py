"""The multi-line question box: Enter asks, ctrl+j (or shift/alt+Enter) starts a new line.

Terminals send the same byte for Enter with or without most modifiers, so "Enter submits" is
the only choice that works everywhere; ctrl+j is the newline every terminal can send.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea

NEWLINE_KEYS = {"ctrl+j", "shift+enter", "alt+enter", "newline"}


class QuestionInput(TextArea):
    """A TextArea that posts :class:`QuestionInput.Submitted` on Enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Send", show=True),
        Binding("ctrl+j", "newline", "Newline", show=False),
    ]

    class Submitted(Message):
        """The user asked ``question`` (stripped, never empty)."""

        def __init__(self, question: str) -> None:
            super().__init__()
            self.question = question

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder="Ask a question about the indexed articles — Enter asks, ctrl+j adds a line",
            **kwargs,  # type: ignore[arg-type]
        )

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.action_submit()
            return
        if event.key in NEWLINE_KEYS:
            event.stop()
            event.prevent_default()
            self.action_newline()
        # Other keys: Textual calls TextArea._on_key itself (handlers run along the MRO).

    def action_submit(self) -> None:
        question = self.text.strip()
        if question:
            self.post_message(self.Submitted(question))

    def action_newline(self) -> None:
        self.insert("\n")

    def put_back(self, question: str) -> None:
        """Restore a question (after Esc cancelled it), cursor at its end, ready to edit."""
        self.text = question
        self.move_cursor(self.document.end)
        self.focus()
