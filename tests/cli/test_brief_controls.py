"""Bidi and control characters of an article reach every brief format visibly escaped (as the
terminal shows them), neither live nor silently dropped."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from briefing.text.safe import safe
from tests.cli.helpers import in_process

TITLE = "Harbour \u202eclosed\u202c after storm"
BODY = (
    "The harbour of Volos was closed on Monday after a storm \u202edamaged\u202c two piers.\n"
    "Port officials said 14 fishing boats sank and \x1b[31mthree\x1b[0m workers were hurt.\n"
    "The coast guard said the harbour would reopen on Thursday if the wind dropped.\n"
)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("controls")
    path = root / "in" / "volos.json"
    path.parent.mkdir()
    record = {"title": TITLE, "source": "Volos \u2066Daily\u2069", "published": "2024-03-04", "text": BODY}
    path.write_text(json.dumps(record), encoding="utf-8")
    result = in_process("ingest", str(path), "--index", str(root / "index"), cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def brief(root: Path, fmt: str) -> str:
    args = ("brief", "--date", "2024-03-04", "--format", fmt, "--no-save", "--engine", "extractive")
    result = in_process(*args, "--index", str(root / "index"), cwd=root)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_controls_are_shown_escaped_in_every_format(root: Path, fmt: str) -> None:
    out = brief(root, fmt)
    assert not any(c in out for c in "\u202e\u202c\u2066\u2069\x1b")
    for escaped in ("\\u202e", "\\u202c"):
        assert escaped in out, (fmt, out)
    if fmt == "json":
        assert "\\u001b[31m" in out
        assert json.loads(out)["sources"]  # the same data once parsed
        assert TITLE in json.dumps(json.loads(out), ensure_ascii=False)
    else:  # as the terminal shows them
        assert "␛" in out and safe(TITLE) in out.replace("\\\\", "\\")


def test_brief_out_gets_the_mode_a_plain_open_would(root: Path) -> None:
    out = root / "exports" / "volos.md"
    args = ("brief", "--date", "2024-03-04", "--no-save", "--engine", "extractive", "--out", str(out))
    before = os.umask(0o027)
    try:
        result = in_process(*args, "--index", str(root / "index"), cwd=root)
        assert result.returncode == 0, result.stderr
        assert stat.S_IMODE(out.stat().st_mode) == 0o640  # not mkstemp's 0o600
        out.chmod(0o604)
        assert in_process(*args, "--index", str(root / "index"), cwd=root).returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o604  # a replaced file keeps its mode
    finally:
        os.umask(before)
    assert "\\u202e" in out.read_text(encoding="utf-8")
