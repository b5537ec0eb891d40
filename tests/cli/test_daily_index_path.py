"""One index reached by two spellings of its path (``..``, a symbolic link, a config file read
through ``..``) is one index: ``daily`` rewrites its brief rather than writing a second one beside
it, and "new since" finds the brief written through the other spelling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.cli.main import main
from tests.cli.helpers import in_process
from tests.conftest import CliRunner

RECORD = {
    "title": "Harbour closed after storm",
    "source": "Volos Daily",
    "published": "2024-03-04",
    "text": "The harbour of Volos was closed on Monday after a storm damaged two piers.\n"
    "Port officials said 14 fishing boats sank and three workers were hurt.\n",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "volos.json").write_text(json.dumps(RECORD), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "index")
    # absolute paths: chromadb caches its client per path string, in this process
    done = in_process("ingest", "volos.json", "--index", str(tmp_path / "index"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path


def daily(root: Path, index: str, day: str = "2024-03-04") -> dict[str, object]:
    result = in_process("daily", "--date", day, "--json", "--index", f"{root}/{index}", cwd=root)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


@pytest.mark.parametrize("other", ["sub/../index", "link"])
def test_daily_through_another_spelling_of_the_index_rewrites_its_brief(root: Path, other: str) -> None:
    daily(root, "index", "2024-03-03")
    first = daily(root, other)
    assert first["previous"] is not None  # "new since" found the day before's brief
    again = daily(root, "index")
    assert Path(str(again["json"])).name == Path(str(first["json"])).name == "2024-03-04.json"
    assert sorted(p.name for p in (root / "index" / "briefs").iterdir()) == [
        "2024-03-03.json",
        "2024-03-03.md",
        "2024-03-04.json",
        "2024-03-04.md",
    ]
    assert first["stories"] == again["stories"] == 1


def test_a_config_file_reached_through_dotdot_names_the_same_index(root: Path) -> None:
    (root / "sub" / "briefing.toml").write_text('[storage]\npath = "../index"\n', encoding="utf-8")
    daily(root, "index")
    result = in_process(
        "daily", "--date", "2024-03-04", "--json", cwd=root / "sub",
        env={"BRIEFING_CONFIG": str(root / "sub" / "briefing.toml")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert Path(json.loads(result.stdout)["json"]).name == "2024-03-04.json"
    assert len(list((root / "index" / "briefs").glob("*.json"))) == 1


def test_daily_shows_a_file_name_s_control_characters_never_sends_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bad\x1b[31m\x07name.txt").write_bytes(b"")  # an empty file: one failed line naming it
    monkeypatch.chdir(tmp_path)
    env = {"HOME": str(tmp_path), "BRIEFING_BRIEF__INPUTS": json.dumps([str(inbox)])}
    result = CliRunner().invoke(  # color=True: click keeps what a terminal would get
        main, ["daily", "--date", "2024-03-04", "--index", str(tmp_path / "index")], env=env, color=True
    )
    assert result.exit_code == 1
    shown = f"failed: {inbox}/bad␛[31m\\x07name.txt: file is empty\n"
    assert result.stderr == shown  # was the raw ESC and BEL
