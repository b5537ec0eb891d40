"""spaCy in a forked child process, so a one-shot ``briefing ask`` loads it on the second core.

Why: importing spaCy and loading its model takes ~1.2 s of CPU, mostly Python bytecode that
holds the GIL, so a background *thread* barely overlaps it with opening the embedder and Chroma
(which are GIL-bound imports too). A child forked before anything heavy is loaded runs it on the
other core while this process retrieves; the parse results (plain tuples and dataclasses) come
back over a pipe. The child runs the very same functions on the very same model, so the answers
are those of an in-process parse.

Only for processes that ask once (the CLI): a long-lived process parses in-process (no pipe).
Forking is done only on Linux and before other threads run (:func:`can_fork`); otherwise
:func:`start` returns ``None`` and callers parse here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


class WorkerGone(Exception):
    """The child failed or exited; the caller parses in-process instead."""


class ParseWorker:
    """One forked child serving calls ``fn(*args)`` (module-level functions, pickled by name)."""

    def __init__(self, conn: Connection, pid: int) -> None:
        self._conn, self.pid = conn, pid
        self._lock = threading.Lock()
        self.alive = True

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` run in the child; raises :class:`WorkerGone` when it cannot answer."""
        with self._lock:
            if not self.alive:
                raise WorkerGone
            try:
                self._conn.send((fn, args))
                status, value = self._conn.recv()
            except (EOFError, OSError, ValueError, TypeError, AttributeError) as exc:  # a dead pipe, pickling
                self._close()
                raise WorkerGone from exc
            if status != "ok":
                self._close()
                raise WorkerGone(value)
            return value

    def stop(self) -> None:
        """End the child and reap it. Killed, not asked: it holds nothing worth saving, and one
        still loading spaCy (the ask failed early) would otherwise keep this process waiting."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self.alive:
            self.alive = False
            self._conn.close()
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)


_THREADED = ("onnxruntime", "chromadb", "chromadb_rust_bindings", "textual")


def can_fork() -> bool:
    """Linux, no other Python thread, and no library with its own thread pool loaded yet.

    A fork copies only the calling thread; a lock another thread holds stays held in the child.
    Python threads and the pools of onnxruntime and Chroma's runtime could hold locks the child
    needs or corrupt; numpy's OpenBLAS pool is made safe by OpenBLAS's own fork handlers.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    return threading.active_count() == 1 and not any(name in sys.modules for name in _THREADED)


def start(load: Callable[[], Any]) -> ParseWorker | None:
    """Fork a child that calls ``load()`` (spaCy's import and model load), then serves calls."""
    if not can_fork():
        return None
    from multiprocessing import Pipe

    mine, theirs = Pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code, never runs its exit handlers
        code = 0
        try:
            mine.close()
            _serve(theirs, load)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    theirs.close()
    return ParseWorker(mine, pid)


def _serve(conn: Connection, load: Callable[[], Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; EOF ends us
    try:
        load()
    except Exception as exc:  # e.g. the model package missing: the parent loads and names it
        failed = f"{type(exc).__name__}: {exc}"
    else:
        failed = ""
    while True:
        try:
            fn, args = conn.recv()
        except EOFError:
            return
        if failed:
            conn.send(("error", failed))
            continue
        try:
            conn.send(("ok", fn(*args)))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
