"""Helpers for tests that run `briefing` in subprocesses and watch an index from outside.

``counts`` reads Chroma's SQLite file read-only (no Chroma client in the test process, so nothing
there caches what a writer process is changing); ``serve`` runs a local HTTP server in a thread;
:class:`ChromaServer` a real `chroma run`.
No product code is patched: a test learns how far an ingest got only from what it has written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("briefing")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "briefing"]

_COUNTS = """
SELECT c.name, COUNT(e.id) FROM collections c
JOIN segments s ON s.collection = c.id AND s.scope = 'METADATA'
LEFT JOIN embeddings e ON e.segment_id = s.id
GROUP BY c.name
"""


def counts(index: Path) -> dict[str, int]:
    """Records per collection (``chunks``, ``articles``, ``origins``); {} while not readable."""
    return counts_in(index / "chroma" / "chroma.sqlite3")


def counts_in(db: Path) -> dict[str, int]:
    """:func:`counts` of a Chroma database file (an embedded index's, or a `chroma run` server's)."""
    if not db.is_file():
        return {}
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)) as con:
            rows = con.execute(_COUNTS).fetchall()
    except sqlite3.Error:  # still being created, or locked for a moment by the writer
        return {}
    return {str(name).removeprefix("briefing_"): int(n) for name, n in rows}


def env(home: Path, **settings: str) -> dict[str, str]:
    """The environment for a CLI subprocess: no inherited BRIEFING_* but BRIEFING_RAISE_ERRORS=1
    (an unexpected exception fails the test with its traceback), HOME in the test's tmp dir."""
    drop = {"FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR"}
    out = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_") and k not in drop}
    fixed = {"HOME": str(home), "COLUMNS": "400", "PYTHONIOENCODING": "utf-8", "BRIEFING_RAISE_ERRORS": "1"}
    return out | fixed | settings


def start(args: list[str], cwd: Path, **settings: str) -> subprocess.Popen[str]:
    """`briefing ARGS` in the background, output captured."""
    return subprocess.Popen(
        [*COMMAND, *args],
        cwd=cwd,
        env=env(cwd, **settings),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def run(
    args: list[str], cwd: Path, timeout: float = 180, **settings: str
) -> subprocess.CompletedProcess[str]:
    """`briefing ARGS` to completion."""
    return subprocess.run(
        [*COMMAND, *args],
        cwd=cwd,
        env=env(cwd, **settings),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def wait_until(
    check: Callable[[], bool], proc: subprocess.Popen[str], what: str, timeout: float = 120
) -> None:
    """Poll ``check`` every few milliseconds while ``proc`` runs; fail if it ends or time runs out."""
    deadline = time.monotonic() + timeout
    while not check():
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"the process ended (exit {proc.returncode}) before {what}: {err or out}")
        if time.monotonic() > deadline:
            kill(proc)
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


def kill(proc: subprocess.Popen[str]) -> int:
    """SIGKILL (no cleanup, no finally blocks) and reap; returns the exit status (-9 if killed)."""
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    return proc.returncode


@contextlib.contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1 for ``handler``; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """A real `chroma run` over ``data`` on a free port of 127.0.0.1; :meth:`start` returns once it
    answers its heartbeat, and can start it again (same port, same data) after :meth:`kill`."""

    def __init__(self, data: Path) -> None:
        self.data, self.port = data, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> ChromaServer:
        chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
        self.proc = subprocess.Popen(
            [chroma, "run", "--path", str(self.data), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1):
                    return self
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.kill()
                    raise AssertionError("chroma run did not start") from None
                time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: the server dies as it would by a crash or an OOM kill."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def one_line(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    """The command failed with exit 1 (not a signal, not 3) and one error line holding ``needles``."""
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-2000:]
    assert "unexpected" not in lines[0] and "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]
