"""A folder's files of an unsupported type are not read, and the summary says how many (the
JSON lists them): "2 added" for a folder of four files must not leave the user guessing."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import in_process


def test_files_of_another_type_in_a_folder_are_counted_and_listed(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "ferry.txt").write_text("Ferry sinks\n\nA ferry with 40 passengers sank off Lesbos.\n")
    (folder / "sub" / "port.md").write_text("# Port strike\n\nDockers at Piraeus walked out on Monday.\n")
    (folder / "figures.csv").write_text("port,ships\nPiraeus,12\n")
    (folder / "sub" / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / ".hidden.txt").write_text("Hidden files are not inputs, and not counted.\n")
    index = str(tmp_path / "index")
    result = in_process("ingest", str(folder), "--index", index, cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # skipping is not a failure
    said = "2 added, 0 replaced, 0 unchanged, 2 skipped (not a supported type), 0 failed"
    assert result.stdout.startswith(said)
    again = json.loads(in_process("ingest", str(folder), "--json", "--index", index, cwd=tmp_path).stdout)
    assert again["skipped"] == [str(folder / "figures.csv"), str(folder / "sub" / "scan.pdf")]
    named = in_process("ingest", str(folder / "figures.csv"), "--json", "--index", index, cwd=tmp_path)
    assert json.loads(named.stdout)["skipped"] == []  # a file named explicitly is read, whatever its type


def test_daily_says_what_its_inputs_ingest_like_ingest_does(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "ferry.txt").write_text("Ferry sinks\n\nA ferry with 40 passengers sank off Lesbos.\n")
    (folder / "figures.csv").write_text("port,ships\nPiraeus,12\n")
    env = {"BRIEFING_BRIEF__INPUTS": json.dumps([str(folder)])}
    index = str(tmp_path / "index")
    args = ("daily", "--date", "2024-03-04", "--index", index)
    result = in_process(*args, "-v", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    said = "ingested: 1 added, 0 replaced, 0 unchanged, 1 skipped (not a supported type), 0 failed"
    assert said in result.stdout
    again = json.loads(in_process(*args, "--json", cwd=tmp_path, env=env).stdout)
    assert again["ingested"]["unchanged"] == 1
    assert again["ingested"]["skipped"] == [str(folder / "figures.csv")]
