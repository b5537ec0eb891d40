"""Damaged and unusable indexes: every case ends in one line naming the damage and its fix, never a
traceback, an ``unexpected … report it`` line or a death by signal; ``briefing repair`` rebuilds what
can be derived from the store (issue 14, cases 8–12).

Each test damages a copy of a real index and runs the real CLI in a subprocess (a damaged vector
index could kill the process reading it, so the test process never opens one).
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.service.facade import Service
from tests.conftest import SEEDS
from tests.index_probe import one_line as _one_line
from tests.index_probe import run

FAKES = Path("/work/shared/data/fakes_syria/articles.jsonl")
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
