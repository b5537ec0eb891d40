"""An ``--index`` naming a file (or with one in its path) is said to be a file, not a permission problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.index_probe import one_line, run


@pytest.mark.parametrize("inside", [False, True], ids=["the file itself", "a path through the file"])
def test_ingest_into_a_file_says_pass_a_directory(tmp_path: Path, inside: bool) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not an index\n")
    index = a_file / "index" if inside else a_file
    line = one_line(run(["ingest", str(SEEDS), "--index", str(index)], cwd=tmp_path), str(index))
    assert "pass --index a directory" in line
    assert "write access" not in line
    assert a_file.read_text() == "not an index\n"
