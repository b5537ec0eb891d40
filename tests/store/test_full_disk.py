"""A read-only or full disk under the index: one line naming it, and a rerun after space is freed
resumes to the same index as a clean run (issue 14). Apart from test_damage.py so that the two slow
files run on different test workers.

The full disk is a 1 MB tmpfs and 20 wire articles (an index of ~1.7 MB): the ingest embeds them all,
then its first write of the batch fails, as it did with 60 articles on 2 MB at three times the cost
(each of the test's three ingests embeds the whole corpus)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import in_process
from tests.conftest import SEEDS
from tests.index_probe import one_line as _one_line
from tests.index_probe import run

FAKES = Path("/work/shared/data/fakes_syria/articles.jsonl")


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
    corpus.write_text("\n".join(FAKES.read_text("utf-8").splitlines()[:20]) + "\n")
    with _mounted(tmp_path / "small", "size=1m") as small:
        index = small / "index"
        full = run(["ingest", str(corpus), "--index", str(index), "-q"], cwd=tmp_path)
        line = _one_line(full, f"no space left on {index}", "resumes")
        print(line)
        subprocess.run(["mount", "-o", "remount,size=200m", str(small)], check=True)
        again = run(["ingest", str(corpus), "--index", str(index), "-q"], cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        listed = in_process("sources", "--json", "--index", str(index), cwd=tmp_path)
    # the clean run to compare with, in this process (no second start-up): the same commands
    clean = in_process("ingest", str(corpus), "--index", str(tmp_path / "clean"), "-q", cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr
    reference = in_process("sources", "--json", "--index", str(tmp_path / "clean"), cwd=tmp_path)
    assert sorted(a["id"] for a in json.loads(listed.stdout)) == sorted(
        a["id"] for a in json.loads(reference.stdout)
    )
