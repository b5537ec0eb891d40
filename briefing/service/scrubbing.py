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
from briefing.llm.client import api_key, scrub

_TAIL = re.compile(r"(?i)((authorization\s*[:=]?\s*)?(bearer|basic)\s+)?(\S*)$")
_STARTS = ("authorization", "bearer", "basic", "sk-")


def _held_from(text: str) -> int:
    """Where the part of ``text`` that might still become a secret begins (``len(text)`` if none):
    an unfinished last word that could grow into a key, ``sk-…`` or ``Bearer …``, with the
    ``Authorization: Bearer`` before it. Ordinary words pass at once, so streaming stays live."""
    tail = _TAIL.search(text)
    if tail is None or len(tail.group(0)) > 400:  # nothing secret is that long
        return len(text)
    word = tail.group(4).lower()
    key = (api_key() or "").lower()
    could_grow = bool(tail.group(1)) or any(s.startswith(word) or word.startswith(s) for s in _STARTS if word)
    if key and word and any(word.endswith(key[:n]) for n in range(1, min(len(key), len(word)) + 1)):
        could_grow = True
    return tail.start() if could_grow and tail.group(0) else len(text)


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
        cut = _held_from(self._pending)
        out, self._pending = self._pending[:cut], self._pending[cut:]
        if out:
            self._sink(out)  # may raise (a cancelled answer): nothing is sent twice

    def close(self) -> None:
        """Send what is still held (the last word), scrubbed."""
        if self._pending:
            self._sink(scrub(self._pending))
            self._pending = ""
