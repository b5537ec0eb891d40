"""One way to stop long work: a token that the caller cancels and the worker checks.

Ask, brief and ingest all take an optional :class:`CancelToken`. The worker checks it at its
natural seams (between streamed LLM tokens, between stories, between inputs and batches) and
stops there: an LLM stream is closed, no fallback answer is computed for nobody, an ingest
writes what it already parsed so the index and its BM25 cache agree. The TUI's Esc cancels the
token of the running job; the next job gets a fresh one.

Work that blocks with no seam to check at (an HTTP request waiting for the server's first
byte) registers :meth:`CancelToken.on_cancel` instead: the callback runs in the cancelling
thread and unblocks the worker (the LLM client shuts its sockets down).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from briefing.core.errors import Cancelled

WRITER_THREAD = "briefing-writer"
"""The name an ingest's writer thread starts with: Ctrl-C in the CLI exits at once while one is
alive (:func:`briefing.cli.options.interrupted`) instead of waiting for its batch."""


class CancelToken:
    """Thread-safe, one-way: once cancelled it stays cancelled."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the token was cancelled: call it at every seam."""
        if self._event.is_set():
            raise Cancelled("stopped")

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` when the token is cancelled (at once if it already is); returns the
        function that unregisters it, to call when the blocking work is over. Callbacks run in
        the cancelling thread (the UI's): they must be quick and must not raise."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return lambda: self._forget(callback)
        callback()
        return lambda: None

    def _forget(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if callback in self._callbacks:
                self._callbacks.remove(callback)


NEVER = CancelToken()
"""A token nobody cancels: the default for callers that cannot stop (the CLI's Ctrl-C interrupts)."""
