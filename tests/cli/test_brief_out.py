"""`brief --out`: a missing folder is created and named in the message; a path that cannot be
written is one error line naming it and the fix — checked before the brief is built."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import Result, in_process

RECORD = {
    "title": "Harbour closed after storm",
    "source": "Volos Daily",
    "published": "2024-03-04",
    "text": "The harbour of Volos was closed on Monday after a storm damaged two piers.\n"
    "Port officials said 14 fishing boats sank and three workers were hurt.\n",
}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("brief_out")
    path = root / "volos.json"
    path.write_text(json.dumps(RECORD), encoding="utf-8")
    assert in_process("ingest", str(path), "--index", str(root / "index"), cwd=root).returncode == 0
    (root / "afile").write_text("not a folder")
    return root


def brief_to(root: Path, out: str) -> Result:
    args = ("brief", "--date", "2024-03-04", "--no-save", "--engine", "extractive", "--out", out)
    return in_process(*args, "--index", str(root / "index"), cwd=root)


def test_a_missing_folder_is_created_and_said(root: Path) -> None:
    result = brief_to(root, "reports/2024/03/volos.md")
    assert result.returncode == 0, result.stderr
    assert (root / "reports" / "2024" / "03" / "volos.md").read_text(encoding="utf-8").startswith("#")
    assert result.stderr == (
        "wrote reports/2024/03/volos.md (1 story, 2 cited sentences; created the folder reports)\n"
    )
    again = brief_to(root, "reports/2024/03/volos.md")  # the folder is there now: nothing to say
    assert again.stderr == "wrote reports/2024/03/volos.md (1 story, 2 cited sentences)\n"


@pytest.mark.parametrize(
    ("out", "line"),
    [
        ("afile/volos.md", "error: cannot write --out afile/volos.md: afile is a file, not a folder"),
        ("afile/sub/volos.md", "error: cannot write --out afile/sub/volos.md: afile is a file, not a folder"),
        ("", "error: --out names a folder, not a file — give --out a FILE, e.g. --out brief.md"),
        ("/proc/no-such-dir/volos.md", "error: cannot create the folder /proc/no-such-dir for --out: "),
    ],
)
def test_an_unwritable_out_is_one_line_with_the_fix(root: Path, out: str, line: str) -> None:
    result = brief_to(root, out)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(line) and result.stderr.count("\n") == 1, result.stderr
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr


def test_a_brief_of_a_missing_index_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    """As `ask` and `sources` say: a mistyped --index was made into a new, empty index, and an
    empty brief saved in it, with exit code 0."""
    typo = tmp_path / "indx"
    result = in_process("brief", "--engine", "extractive", "--index", str(typo), cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(f"error: there is no index at {typo} — ")
    assert not typo.exists()


@pytest.mark.parametrize(
    ("name", "flags", "starts"),
    [
        ("volos.html", (), "<!doctype html>"),
        ("volos.HTM", (), "<!doctype html>"),
        ("volos.json", (), "{"),
        ("volos.txt", (), "# Situation brief"),
        ("forced.html", ("--format", "md"), "# Situation brief"),  # an explicit --format wins
    ],
)
def test_the_format_follows_the_out_suffix_unless_given(
    root: Path, name: str, flags: tuple[str, ...], starts: str
) -> None:
    """`--out brief.html` wrote Markdown into an .html file."""
    args = ("brief", "--date", "2024-03-04", "--no-save", "--engine", "extractive", "--out", name, *flags)
    result = in_process(*args, "--index", str(root / "index"), cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / name).read_text(encoding="utf-8").startswith(starts)


@pytest.mark.parametrize("command", [("brief", "--date", "2024-03-04"), ("daily", "--date", "2024-03-04")])
def test_an_unwritable_briefs_folder_is_one_line_with_the_fix(root: Path, command: tuple[str, ...]) -> None:
    """brief.dir naming a file (or under one) was `unexpected FileExistsError … report it`."""
    folder = root / "afile" / "briefs"
    env = {"BRIEFING_BRIEF__DIR": str(folder)}
    result = in_process(*command, "--index", str(root / "index"), cwd=root, env=env)
    assert result.returncode == 1
    assert result.stderr == (
        f"error: cannot save the brief in {folder}: a file is in the way — set brief.dir "
        "(BRIEFING_BRIEF__DIR) to a writable folder (brief --no-save saves nothing)\n"
    )


def test_a_brief_shows_a_spinner_on_a_terminal_and_nothing_when_piped(root: Path) -> None:
    args = (
        "brief",
        "--date",
        "2024-03-04",
        "--no-save",
        "--engine",
        "extractive",
        "--index",
        str(root / "index"),
    )
    on_terminal = in_process(*args, cwd=root, env={"FORCE_COLOR": "1"})  # Rich: stderr is a terminal
    assert on_terminal.returncode == 0 and on_terminal.stdout.startswith("# Situation brief")
    assert "Writing the brief… (ctrl+c stops)" in on_terminal.stderr  # was silent for 14 s on FA-KES
    piped = in_process(*args, cwd=root)
    assert piped.stderr == "" and piped.stdout.startswith("# Situation brief")


def test_the_message_counts_what_the_file_holds(tmp_path: Path) -> None:
    """`wrote b.md (3 stories, 196 cited sentences)` for a file that showed 2 of them (budget)."""
    other = {
        "title": "Rail strike halts Lisbon trains",
        "source": "Lisbon Post",
        "published": "2024-03-04",
        "text": "Rail workers in Lisbon began a three-day strike on Monday over pay.\n"
        "The operator said 300 trains were cancelled and commuters faced long delays.\n",
    }
    records = tmp_path / "two.jsonl"
    records.write_text(json.dumps(RECORD) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    index = str(tmp_path / "index")
    assert in_process("ingest", str(records), "--index", index, cwd=tmp_path).returncode == 0
    args = ("brief", "--date", "2024-03-04", "--no-save", "--engine", "extractive", "--index", index)
    short = in_process(*args, "--max-words", "100", "--out", "b.md", cwd=tmp_path)
    assert short.stderr.startswith("wrote b.md (1 of 2 stories, "), short.stderr
    assert short.stderr.endswith("; --full for all)\n")
    assert " · 1 story · " in (tmp_path / "b.md").read_text(encoding="utf-8")
    whole = in_process(*args, "--out", "b.json", cwd=tmp_path)
    assert whole.stderr.startswith("wrote b.json (2 stories, "), whole.stderr
