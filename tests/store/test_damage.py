"""Damaged and unusable indexes: every case ends in one line naming the damage and its fix, never a
traceback, an ``unexpected … report it`` line or a death by signal; ``briefing repair`` rebuilds what
can be derived from the store (issue 14, cases 8–12).

Each test damages a copy of a real index and runs the real CLI in a subprocess (a damaged vector
index could kill the process reading it, so the test process never opens one).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing.service.facade import Service
from tests.cli.helpers import in_process
from tests.conftest import SEEDS
from tests.index_probe import ChromaServer, counts_in, run, start, wait_until

FAKES = Path("/work/shared/data/fakes_syria/articles.jsonl")
SUMMARY = re.compile(r"(\d+) added, 0 replaced, (\d+) unchanged, (?:(\d+) duplicate copies, )?0 failed")
QUESTION = "How many Turkish soldiers were deployed in Idlib and Aleppo?"


@pytest.fixture(scope="module")
def built(make_index: Callable[[str, list[str]], Service], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the seed article and a few dozen short records, BM25 cache included."""
    corpus = tmp_path_factory.mktemp("damage-corpus") / "wire.jsonl"
    lines = FAKES.read_text("utf-8").splitlines()[:30] if FAKES.is_file() else []
    rows = [json.loads(line) for line in lines]
    corpus.write_text("".join(json.dumps(r | {"text": r["text"][:600]}) + "\n" for r in rows) or "\n")
    service = make_index("damage", [str(SEEDS), *([str(corpus)] if rows else [])])
    service.ask(QUESTION, engine="extractive")  # builds the BM25 cache
    return service.settings.storage.path


@pytest.fixture
def index(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(built, copy)
    return copy


def _one_line(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    """The command failed with exit 1 (not a signal, not 3) and one error line holding ``needles``."""
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-2000:]
    assert "unexpected" not in lines[0] and "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def _segments(index: Path) -> list[Path]:
    return [p for p in (index / "chroma").iterdir() if (p / "header.bin").exists()]


def test_truncated_vector_files_are_reported_then_repaired(index: Path, tmp_path: Path) -> None:
    for segment in _segments(index):
        os.truncate(segment / "data_level0.bin", 1000)
    _one_line(run(["ask", QUESTION, "--index", str(index)], cwd=tmp_path), "damaged", "briefing repair")
    doctor = run(["doctor", "--index", str(index)], cwd=tmp_path)
    assert doctor.returncode == 1 and "data_level0.bin is 1,000 bytes" in doctor.stdout, doctor.stdout

    repaired = run(["repair", "--index", str(index)], cwd=tmp_path)
    assert repaired.returncode == 0, repaired.stderr
    assert "vector index rebuilt" in repaired.stdout and "BM25 cache rebuilt" in repaired.stdout
    asked = run(["ask", QUESTION, "--index", str(index)], cwd=tmp_path)
    assert asked.returncode == 0 and "7,400" in asked.stdout, asked.stderr
    assert run(["doctor", "--index", str(index)], cwd=tmp_path).returncode == 0
    assert list(index.glob("chroma.damaged-*")), "the damaged files are kept for the user"


def test_a_cut_index_metadata_pickle_is_damage(index: Path, tmp_path: Path) -> None:
    segment = _segments(index)[0]
    (segment / "index_metadata.pickle").write_bytes(b"\x80\x04\x95 cut short")
    _one_line(
        run(["ask", QUESTION, "--index", str(index)], cwd=tmp_path), "index_metadata.pickle is truncated"
    )


def test_an_empty_database_file_is_damage_not_a_new_index(index: Path, tmp_path: Path) -> None:
    db = index / "chroma" / "chroma.sqlite3"
    os.truncate(db, 0)
    _one_line(run(["ask", QUESTION, "--index", str(index)], cwd=tmp_path), "is empty (0 bytes)")
    _one_line(run(["sources", "--index", str(index)], cwd=tmp_path), "is empty (0 bytes)")
    _one_line(
        run(["repair", "--index", str(index)], cwd=tmp_path), "restore the index directory from a backup"
    )
    assert db.stat().st_size == 0, "never re-created empty over the damaged one"


def test_flipped_bytes_in_the_database_are_reported_as_damage(index: Path, tmp_path: Path) -> None:
    db = index / "chroma" / "chroma.sqlite3"
    data = bytearray(db.read_bytes())
    rng = random.Random(7)
    for _ in range(300):
        data[rng.randrange(4096, len(data))] ^= 0xFF
    db.write_bytes(bytes(data))
    result = run(["ask", QUESTION, "--index", str(index)], cwd=tmp_path)
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-2000:])  # never a signal, never 3
    if result.returncode == 1:
        _one_line(result, "damaged")


def test_a_bm25_manifest_pointing_out_of_range_is_rebuilt(index: Path, tmp_path: Path) -> None:
    manifest = index / "bm25" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["segments"][0]["dead"] = [10**6]
    manifest.write_text(json.dumps(data))
    doctor = run(["doctor", "--index", str(index)], cwd=tmp_path)
    assert doctor.returncode == 1 and "BM25 cache" in doctor.stdout, doctor.stdout
    asked = run(["ask", QUESTION, "--index", str(index)], cwd=tmp_path)
    assert asked.returncode == 0 and "7,400" in asked.stdout, asked.stderr
    assert all(max(s["dead"], default=0) < 10**6 for s in json.loads(manifest.read_text())["segments"])


@contextlib.contextmanager
def _mounted(path: Path, options: str) -> Iterator[Path]:
    """A tmpfs at ``path`` (root only): a read-only or a tiny filesystem, for real EROFS/ENOSPC."""
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode()[:100]}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")


@needs_root
def test_an_unwritable_index_directory_is_one_line(tmp_path: Path) -> None:
    with _mounted(tmp_path / "ro", "ro,size=1m") as ro:
        result = run(["ingest", str(SEEDS), "--index", str(ro / "index")], cwd=tmp_path)
        _one_line(result, "cannot create the index directory", "writable")
        result = run(["ingest", str(SEEDS), "--index", str(ro)], cwd=tmp_path)
        _one_line(result, "cannot write the index directory", "writable")


@needs_root
@pytest.mark.skipif(not FAKES.is_file(), reason=f"needs {FAKES}")
def test_a_full_disk_says_so_and_a_rerun_resumes(tmp_path: Path) -> None:
    corpus = tmp_path / "wire.jsonl"
    corpus.write_text("\n".join(FAKES.read_text("utf-8").splitlines()[:60]) + "\n")
    with _mounted(tmp_path / "small", "size=2m") as small:
        index = small / "index"
        full = run(["ingest", str(corpus), "--index", str(index), "-q"], cwd=tmp_path)
        line = _one_line(full, f"no space left on {index}", "resumes")
        print(line)
        subprocess.run(["mount", "-o", "remount,size=200m", str(small)], check=True)
        again = run(["ingest", str(corpus), "--index", str(index), "-q"], cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        listed = run(["sources", "--json", "--index", str(index)], cwd=tmp_path)
    # the clean run to compare with, in this process (no second start-up): the same commands
    clean = in_process("ingest", str(corpus), "--index", str(tmp_path / "clean"), "-q", cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr
    reference = in_process("sources", "--json", "--index", str(tmp_path / "clean"), cwd=tmp_path)
    assert sorted(a["id"] for a in json.loads(listed.stdout)) == sorted(
        a["id"] for a in json.loads(reference.stdout)
    )


@pytest.mark.skipif(not FAKES.is_file(), reason=f"needs {FAKES}")
def test_a_chroma_server_killed_mid_ingest_is_said_and_a_rerun_resumes(tmp_path: Path) -> None:
    """The ingest is frozen (SIGSTOP) once its first batch is committed, the server is killed, the
    ingest thawed: it always meets the dead server with work left, however fast the machine."""
    rows = [json.loads(line) for line in FAKES.read_text("utf-8").splitlines()[:150]]
    corpus = tmp_path / "wire.jsonl"  # four batches of short records: size is not the point
    corpus.write_text("".join(json.dumps(r | {"text": r["text"][:600]}) + "\n" for r in rows))
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
