"""One way to stop long work: a token that the caller cancels and the worker checks.

Ask, brief and ingest all take an optional :class:`CancelToken`. The worker checks it at its
natural seams (between streamed LLM tokens, between stories, between inputs and batches) and
stops there: an LLM stream is closed, no fallback answer is computed for nobody, an ingest
writes what it already parsed so the index and its BM25 cache agree. The TUI's Esc cancels the
token of the running job; the next job gets a fresh one.
"""

from __future__ import annotations

import threading

from briefing.core.errors import Cancelled


class CancelToken:
    """Thread-safe, one-way: once cancelled it stays cancelled."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the token was cancelled: call it at every seam."""
        if self._event.is_set():
            raise Cancelled("stopped")


NEVER = CancelToken()
"""A token nobody cancels: the default for callers that cannot stop (the CLI's Ctrl-C interrupts)."""
