"""Red team: an article's own "[2]" or "[S3]" must not pass for one of briefing's citation markers.

An article quoting its references ("as reported [2]") was shown beside briefing's markers exactly
as a marker, in the CLI's answer and sources, the LLM's streamed reply, the TUI and the briefs. Now
only briefing's markers read as ``[n]``; the article's are shown escaped, ``\\[2]``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.core.models import Answer, AnswerPart, AnswerSpan, SourceSentence
from briefing.llm.citations import StreamFilter, parse
from briefing.llm.structured import JsonStreamFilter
from briefing.tui import render
from tests.cli.helpers import in_process
from tests.llm_server import FakeLLM

FORGED = "A Turkish convoy of 80 vehicles entered Idlib, as reported [2] by the monitor [S3]."
RECORD = {
    "title": "Convoy enters Idlib [1]",
    "text": f"{FORGED} The convoy crossed at the Kafr Lusin border post on Sunday.",
    "source": "Monitor",
    "published": "2024-03-04",
}
QUESTION = "How many vehicles were in the Turkish convoy that entered Idlib?"
# "[n]" not preceded by a backslash: what a reader takes for one of briefing's markers
OURS = re.compile(r"(?<!\\)\[\^?(?:S\s?)?\d+\]")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("forged")
    (root / "wire.jsonl").write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    result = in_process("ingest", str(root / "wire.jsonl"), "--index", str(root / "index"), cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


def test_the_cli_answer_shows_an_article_s_brackets_escaped(root: Path) -> None:
    result = in_process("ask", QUESTION, "--engine", "extractive", "--index", str(root / "index"), cwd=root)
    assert result.returncode == 0, result.stderr
    assert "as reported \\[2] by the monitor \\[S3]." in result.stdout, result.stdout
    assert "Convoy enters Idlib \\[1]" in result.stdout
    assert OURS.findall(result.stdout) == ["[1]", "[1]"], result.stdout  # the marker and its source


def test_the_llm_s_quoted_brackets_are_text_and_shown_escaped(root: Path, fake: FakeLLM) -> None:
    env = {"OPENAI_BASE_URL": fake.url, "BRIEFING_MODEL": "quoted-marker", "OPENAI_API_KEY": "sk-x"}
    args = ("ask", QUESTION, "--engine", "llm", "--index", str(root / "index"))
    result = in_process(*args, cwd=root, env=env | {"BRIEFING_LLM__STRUCTURED": "off"})
    assert result.returncode == 0, result.stderr
    assert "as reported \\[2] by the monitor." in result.stdout, result.stdout
    assert "as reported [2]" not in result.stdout
    answer = json.loads(in_process(*args, "--json", cwd=root, env=env).stdout)
    [part] = answer["answer"]
    assert "[2]" in part["text"] and len(part["citations"]) == 1  # the data keeps the text as written


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_brief_shows_an_article_s_brackets_escaped(root: Path, fmt: str) -> None:
    args = ("brief", "--date", "2024-03-04", "--format", fmt, "--no-save", "--index", str(root / "index"))
    result = in_process(*args, cwd=root)
    assert result.returncode == 0, result.stderr
    # Markdown escapes the backslash and the brackets: rendered, it reads "as reported \\[2]"
    written = {"md": "as reported \\\\\\[2\\] by", "html": "as reported \\[2] by"}[fmt]
    assert written in result.stdout, result.stdout
    if fmt == "html":
        assert not re.search(r"(?<!\\)\[2\]", re.sub(r"<sup>.*?</sup>", "", result.stdout))


def test_the_stream_escapes_a_quoted_marker_and_numbers_real_ones() -> None:
    aliases = {"S1": "a:1", "S2": "a:2"}
    reply = "Ships returned, as reported [2] and [S 9x]. [S2] Then [1, 3] more. [S1]"
    for size in (1, 3, 50):
        live = StreamFilter(aliases)
        shown = "".join(live.feed(reply[i : i + size]) for i in range(0, len(reply), size)) + live.close()
        assert shown == "Ships returned, as reported \\[2] and [S 9x]. [1] Then \\[1, 3] more. [2]"
    [first, _] = parse(reply, aliases)
    assert first.citations == ["a:2"] and "[2]" in first.text  # text to check, not a citation
    structured = '{"sentences": [{"text": "As reported [2] here.", "cites": ["S1"]}]}'
    json_live = JsonStreamFilter(aliases)
    assert "".join(json_live.feed(structured[i : i + 4]) for i in range(0, len(structured), 4)).startswith(
        "As reported \\[2] here. [1]"
    )


def test_the_tui_shows_an_article_s_brackets_escaped() -> None:
    src = SourceSentence(article_id="a", title="Wire [3]", source="", text=FORGED, start=0, end=1)
    start = FORGED.index("2]")
    part = AnswerPart(
        text=FORGED, citations=["a:1"], answer_span=AnswerSpan(start=start, end=start + 1, text="2")
    )
    answer = Answer(question="q", answer=[part], sources={"a:1": src})
    assert "as reported \\[2] by the monitor \\[S3]." in render.statement(part).plain
    assert render.source_option(1, src).plain.startswith("[1] “A Turkish")
    assert "Wire \\[3]" in render.source_option(1, src).plain
    markdown = render.answer_markdown(answer)
    assert "as reported \\\\\\[2\\] by" in markdown and OURS.findall(markdown.replace("\\", "")) != []
