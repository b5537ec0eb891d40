"""Red team: what an article (its URL, its file's name) and a path can put on the terminal.

Everything shown must be inert: no ESC (an OSC 52 sequence writes the clipboard, OSC 0 the window
title, CSI 2J clears the screen), no BEL, no bidi override, no line break forging a Markdown line.
Three outputs broke: the Markdown brief's footnote wrote the article's URL as it was, `daily`
printed its failed inputs' names raw, and every error line printed the path it named raw.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import in_process

ESC = "\x1b"
URL = f"https://evil.example/a{ESC}]52;c;cHduZWQ={ESC}\\b\u202e\n[^1]: forged footnote\x07"
RECORD = {
    "title": "Harbour reopens",
    "text": "The harbour reopened on Monday after storm repairs, the port authority said.",
    "url": URL,
    "source": "Gazette",
    "published": "2024-03-04",
}
BAD_NAME = f"bad{ESC}]0;owned\x07\u202e.txt"


def _inert(text: str) -> bool:
    return not any(char in text for char in (ESC, "\x07", "\u202e", "\x9b"))


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("terminal")
    inbox = root / "inbox"
    inbox.mkdir()
    (inbox / "wire.jsonl").write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    (inbox / BAD_NAME).write_text("", encoding="utf-8")  # empty: fails, and its name is printed
    return root


def test_daily_prints_a_failed_input_s_name_inert(root: Path) -> None:
    env = {"BRIEFING_BRIEF__INPUTS": json.dumps([str(root / "inbox")])}
    result = in_process("daily", "--date", "2024-03-04", "--index", str(root / "index"), cwd=root, env=env)
    assert result.returncode == 1 and "file is empty" in result.stderr, result.stderr
    assert _inert(result.stderr), repr(result.stderr)
    assert "␛]0;owned\\x07\\u202e.txt" in result.stderr


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_a_brief_s_source_url_is_inert_in_every_format(root: Path, fmt: str) -> None:
    if not (root / "index").exists():
        in_process("ingest", str(root / "inbox" / "wire.jsonl"), "--index", str(root / "index"), cwd=root)
    args = ("brief", "--date", "2024-03-04", "--format", fmt, "--no-save", "--index", str(root / "index"))
    result = in_process(*args, cwd=root)
    assert result.returncode == 0, result.stderr
    assert _inert(result.stdout), repr(result.stdout)
    assert not any(line.startswith("[^1]: forged") for line in result.stdout.splitlines())
    if fmt == "md":
        [footnote] = [line for line in result.stdout.splitlines() if line.startswith("[^1]:")]
        assert "<https://evil.example/a%1B%5D52;c;cHduZWQ=%1B%5Cb%E2%80%AE%0A%5B%5E1%5D:%20forged" in footnote
    if fmt == "json":
        assert json.loads(result.stdout)["sources"]  # still valid JSON, the URL kept as data


@pytest.mark.parametrize(
    "args",
    [
        ("ask", "What reopened?", "--index", f"/nonexistent/{ESC}[2J{ESC}]0;owned\x07"),
        ("brief", "--out", f"{{file}}/{ESC}]52;c;cHduZWQ=\x07.md", "--index", "{index}"),
    ],
)
def test_an_error_line_prints_the_path_it_names_inert(root: Path, args: tuple[str, ...]) -> None:
    afile = root / "a-file"
    afile.write_text("x")
    filled = [a.format(file=afile, index=root / "index") for a in args]
    result = in_process(*filled, cwd=root)
    assert result.returncode != 0 and result.stderr.startswith("error: "), result.stderr
    assert _inert(result.stderr), repr(result.stderr)
    assert "␛" in result.stderr


def test_an_answer_copied_as_markdown_keeps_its_source_url_on_one_inert_line() -> None:
    from briefing.core.models import Answer, AnswerPart, SourceSentence
    from briefing.tui.render import answer_markdown

    source = SourceSentence(
        article_id="a1", title="T", source="S", text="The harbour reopened.", start=0, end=21, url=URL
    )
    part = AnswerPart(text="The harbour reopened.", citations=["a1:0"], supported=True)
    markdown = answer_markdown(Answer(question="q", answer=[part], sources={"a1:0": source}))
    assert _inert(markdown) and "\n[^1]: forged" not in markdown, markdown
    assert "<https://evil.example/a%1B%5D52" in markdown
    script = source.model_copy(update={"url": "javascript:alert(1)"})
    scripted = Answer(question="q", answer=[part], sources={"a1:0": script})
    assert "javascript" not in answer_markdown(scripted)  # only http(s) addresses become links


def test_the_written_line_names_an_out_path_inert(root: Path) -> None:
    if not (root / "index").exists():
        in_process("ingest", str(root / "inbox" / "wire.jsonl"), "--index", str(root / "index"), cwd=root)
    out = root / f"new{ESC}]0;owned\x07" / f"brief{ESC}[2J.md"
    args = ("brief", "--date", "2024-03-04", "--no-save", "--out", str(out), "--index", str(root / "index"))
    result = in_process(*args, cwd=root)
    assert result.returncode == 0 and out.is_file(), result.stderr
    assert result.stderr.startswith("wrote ") and _inert(result.stderr), repr(result.stderr)


def test_a_url_with_a_control_character_is_one_failed_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:9/feed{ESC}]0;owned\x07.xml"
    result = in_process("ingest", url, "--index", str(tmp_path / "index"), cwd=tmp_path)
    assert result.returncode == 1 and "not a valid URL" in result.stdout + result.stderr, result
    assert _inert(result.stdout + result.stderr)
