"""Secrets never shown or stored: answers are scrubbed at the service boundary.

An OpenAI-compatible endpoint may echo the request (its ``Authorization`` header, the API key) in
its reply, and the reply becomes answer text that is printed, kept in ``<index>/history.jsonl`` and
exported. :func:`scrub_answer` blanks the key and credential-looking strings in every piece of an
answer; :class:`ScrubbedStream` does it to streamed text, holding back the last unfinished word
(a key may arrive split over two pieces) until the next piece or the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from briefing.core.models import Answer
from briefing.llm.client import scrub

_HELD = re.compile(r"(?i)((authorization\s*[:=]\s*)?(bearer|basic)\s*)?\S*$")


def scrub_answer(answer: Answer) -> Answer:
    """The answer with its statements, reasons and notice scrubbed (sources are article text)."""
    parts = [p.model_copy(update={"text": scrub(p.text), "reason": scrub(p.reason)}) for p in answer.answer]
    return answer.model_copy(update={"answer": parts, "notice": scrub(answer.notice)})


class ScrubbedStream:
    """Wraps an ``on_text`` callback: pieces pass through :func:`scrub` before they reach it."""

    def __init__(self, sink: Callable[[str], None]) -> None:
        self._sink = sink
        self._pending = ""

    def __call__(self, piece: str) -> None:
        self._pending = scrub(self._pending + piece)
        held = _HELD.search(self._pending)
        cut = held.start() if held else len(self._pending)
        if len(self._pending) - cut > 400:  # not a word any more: nothing secret is that long
            cut = len(self._pending)
        if cut:
            self._sink(self._pending[:cut])
            self._pending = self._pending[cut:]

    def close(self) -> None:
        """Send what is still held (the last word), scrubbed."""
        if self._pending:
            self._sink(scrub(self._pending))
            self._pending = ""
