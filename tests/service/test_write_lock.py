"""One writer per index: a second `briefing ingest` is refused while one runs; readers keep working.

The running ingest is real: its last input is a URL that the local server holds open until the
test lets it go, so the ingest is certainly mid-run (lock held, the seed article committed)
while the other commands run, whatever the machine's speed.
"""

from __future__ import annotations

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.cli.helpers import in_process
from tests.conftest import SEEDS
from tests.index_probe import run, serve, start, wait_until

TROOPS_Q = "How many Turkish soldiers were deployed in Idlib and Aleppo?"
PILOTS = (
    "Harbour pilots strike in Rotterdam\n\n"
    "Harbour pilots in Rotterdam walked out on Monday over a pension dispute, "
    "leaving 40 ships waiting at anchor outside the port.\n"
)


class _Held(BaseHTTPRequestHandler):
    """``/pilots`` answers a short article once the test sets ``release``."""

    asked = threading.Event()
    release = threading.Event()

    def do_GET(self) -> None:
        self.asked.set()
        self.release.wait(60)
        body = PILOTS.encode()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_second_writer_is_refused_while_readers_keep_working(tmp_path: Path) -> None:
    index = tmp_path / "index"
    other = tmp_path / "other.md"
    other.write_text(
        "# Ferry fares\n\nFerry fares to the islands rise by 5 percent in May.\n", encoding="utf-8"
    )
    with serve(_Held) as base:
        writer = start(["ingest", str(SEEDS), f"{base}/pilots", "--index", str(index)], cwd=tmp_path)
        try:
            wait_until(_Held.asked.is_set, writer, "the ingest fetched its URL")

            # in this process (another one than the writer's): the same lock and store code, no start-up
            second = in_process("ingest", str(other), "--index", str(index), cwd=tmp_path)
            listed = in_process("sources", "--json", "--index", str(index), cwd=tmp_path)
            asked = in_process("ask", TROOPS_Q, "--json", "--index", str(index), cwd=tmp_path)
            assert writer.poll() is None, "the ingest ended before the other commands ran"
        finally:
            _Held.release.set()
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err

    assert second.returncode == 1 and second.stdout == ""
    assert second.stderr.splitlines() == [
        f"error: another briefing process is writing the index at {index} — "
        "wait for the other ingest to finish, or use another --index DIR"
    ]
    assert listed.returncode == 0, listed.stderr
    assert [a["title"] for a in json.loads(listed.stdout)] == [
        "At least 10 Turkish soldiers reportedly killed or injured in Syrian, Russian airstrikes in Idlib"
    ]
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert not answer["abstained"] and "7,400 Turkish soldiers" in answer["answer"][0]["text"]
    assert out.startswith("2 added, 0 replaced")

    # The lock is released with the writer: the refused input goes in now, and the BM25 cache the
    # reader rebuilt mid-ingest did not hide what the ingest wrote after it.
    again = run(["ingest", str(other), "--index", str(index)], cwd=tmp_path)
    assert again.returncode == 0 and again.stdout.startswith("1 added"), again.stderr
    pilots = run(
        ["ask", "How many ships waited outside Rotterdam?", "--json", "--index", str(index)], cwd=tmp_path
    )
    assert "40 ships" in json.loads(pilots.stdout)["answer"][0]["text"], pilots.stdout
