"""A Chroma server killed in the middle of an ingest: one line naming it, and a rerun resumes
(issue 14). Apart from test_damage.py so that the slow tests run on different test workers."""

from __future__ import annotations

import json
import re
import signal
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import in_process
from tests.index_probe import ChromaServer, counts_in, run, start, wait_until
from tests.index_probe import one_line as _one_line

FAKES = Path("/work/shared/data/fakes_syria/articles.jsonl")
SUMMARY = re.compile(r"(\d+) added, 0 replaced, (\d+) unchanged, (?:(\d+) duplicate cop(?:y|ies), )?0 failed")


@pytest.mark.skipif(not FAKES.is_file(), reason=f"needs {FAKES}")
def test_a_chroma_server_killed_mid_ingest_is_said_and_a_rerun_resumes(tmp_path: Path) -> None:
    """The ingest is frozen (SIGSTOP) once its first batch is committed, the server is killed, the
    ingest thawed: it always meets the dead server with work left, however fast the machine."""
    rows = [json.loads(line) for line in FAKES.read_text("utf-8").splitlines()[:150]]
    corpus = tmp_path / "wire.jsonl"  # two batches (128 and 22) of short records: size is not the point
    corpus.write_text("".join(json.dumps(r | {"text": r["text"][:300]}) + "\n" for r in rows))
    server = ChromaServer(tmp_path / "server").start()
    url = server.url
    where = ["--index", str(tmp_path / "local"), "--chroma-url", url]
    args = ["ingest", str(corpus), *where, "-q"]
    try:
        ingest = start(args, cwd=tmp_path)
        db = server.data / "chroma.sqlite3"
        wait_until(lambda: counts_in(db).get("articles", 0) > 0, ingest, "a batch committed", timeout=300)
        ingest.send_signal(signal.SIGSTOP)
        server.kill()
        ingest.send_signal(signal.SIGCONT)
        out, err = ingest.communicate(timeout=120)
        result = subprocess.CompletedProcess(args, ingest.returncode, out, err)
        _one_line(result, f"the Chroma server at {url} went away", "resumes")
        server.start()
        again = run(args, cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        summary = SUMMARY.match(again.stdout)
        assert summary, again.stdout
        added, unchanged, copies = (int(n or 0) for n in summary.groups())
        assert unchanged > 0 and added > 0, again.stdout  # resumed: the committed batch was kept
        assert added + unchanged + copies == len(rows), again.stdout
        listed = in_process("sources", "--json", *where, cwd=tmp_path)
        assert len(json.loads(listed.stdout)) == added + unchanged
    finally:
        server.stop()
