"""A hard-wrapped plain-text article: a sentence that spans two lines of the file is stored as
written (citations are offsets into it) but shown as one line, in the CLI and the TUI alike."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.core.models import AnswerPart, AnswerSpan, SourceSentence
from briefing.tui import render as tui_render
from tests.cli.helpers import in_process

WRAPPED = """Harbour cranes idle as dockers strike

Dock workers in the port of Santos walked off the job on Tuesday after
wage talks with the terminal operator collapsed, union leaders said.
The strike left 14 container ships waiting at anchor outside the
  harbour, according to the port authority.
"""
SENTENCE = (
    "The strike left 14 container ships waiting at anchor outside the harbour, "
    "according to the port authority."
)


def test_a_wrapped_sentence_is_cited_verbatim_and_shown_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "wrapped.txt").write_text(WRAPPED)
    index = ["--index", str(tmp_path / "index")]
    assert in_process("ingest", str(tmp_path / "wrapped.txt"), *index, cwd=tmp_path).returncode == 0
    question = "How many container ships were waiting at anchor?"
    answer = json.loads(in_process("ask", question, "--json", *index, cwd=tmp_path).stdout)
    [part] = answer["answer"]
    assert part["text"] == SENTENCE.replace("the harbour", "the\n  harbour")  # the stored text, as cited
    shown = in_process("ask", question, *index, cwd=tmp_path).stdout.splitlines()
    assert shown[0] == SENTENCE + " [1]"  # was split after "outside the"
    assert shown[3] == f"[1] “{SENTENCE}”"
    listed = in_process("show", answer["retrieved"][0]["article_id"], *index, cwd=tmp_path).stdout
    assert f"   1  {SENTENCE}\n" in listed


def test_the_tui_shows_a_wrapped_sentence_on_one_line_with_its_answer_highlighted() -> None:
    text = "The strike left 14 container\nships waiting."
    part = AnswerPart(text=text, citations=["a:1"], answer_span=AnswerSpan(start=16, end=18, text="14"))
    content = tui_render.statement(part)
    assert content.plain == "The strike left 14 container ships waiting."
    assert [content.plain[s.start : s.end] for s in content.spans] == ["14"]
    src = SourceSentence(article_id="a", title="T", source="S", text=text, start=0, end=len(text))
    assert tui_render.source_option(1, src).plain.startswith(
        "[1] “The strike left 14 container ships waiting.”\n"
    )
