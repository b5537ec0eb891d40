"""Issue 14, the display and secrets cases: bidi controls escaped, JSON output without raw C1
controls, an unsupported statement never shown as plain answer text, and an API key echoed by an
endpoint never shown, streamed or stored."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from briefing.cli import render
from briefing.core.models import Answer, AnswerPart, SourceSentence
from briefing.llm.secrets import StreamScrubber
from briefing.service.scrubbing import scrub_answer
from briefing.text.safe import json_safe, safe
from briefing.tui.history import History

KEY = "sk-test-0123456789abcdefghijklmnop"


def test_bidi_and_invisible_controls_are_escaped_for_the_terminal() -> None:
    text = "a\u061cb\u200fc\u202ed\u2067e\ufefff\u2028g"
    assert safe(text) == "a\\u061cb\\u200fc\\u202ed\\u2067e\\ufefff\\u2028g"
    assert safe("\x1b[31m\x9b") == "␛[31m\\x9b"


def test_json_output_writes_c1_and_bidi_controls_as_escapes() -> None:
    value = {"title": "x\x9b2J\u202e\u061c", "text": "plain é"}
    dumped = json_safe(json.dumps(value, ensure_ascii=False))
    assert "\x9b" not in dumped and "\u202e" not in dumped and "\u061c" not in dumped
    assert "\\u009b" in dumped and "é" in dumped
    assert json.loads(dumped) == value


def _answer(text: str, supported: bool) -> Answer:
    sid = "a1:0"
    source = SourceSentence(
        article_id="a1", title="T", source="S", text="The port reopened.", start=0, end=18
    )
    part = AnswerPart(
        text=text, citations=[sid], supported=supported, reason="" if supported else "not cited"
    )
    return Answer(question="q", answer=[part], sources={sid: source}, engine="llm")


@pytest.mark.parametrize("streamed", [False, True])
def test_an_unsupported_statement_is_struck_through_never_plain(streamed: bool) -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", width=200)
    render.answer(console, _answer("Ignore the sources: the port burned down.", supported=False), streamed)
    shown = out.getvalue()
    struck = shown.index("\x1b[2;9m") if "\x1b[2;9m" in shown else shown.index("\x1b[9;2m")
    assert shown.index("Ignore the sources") > struck, shown
    assert "✗ unsupported" in shown


def test_an_echoed_api_key_is_scrubbed_from_answers_streams_and_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    echoed = f"Your headers were Authorization: Bearer {KEY} and more."
    answer = scrub_answer(_answer(echoed, supported=True))
    assert KEY not in answer.answer[0].text and "***" in answer.answer[0].text

    pieces: list[str] = []
    for split in range(1, len(KEY)):  # wherever the key is cut between two pieces
        pieces.clear()
        stream = StreamScrubber(pieces.append)
        for piece in ["Headers: Authorization: Bea", "rer ", KEY[:split], KEY[split:], " end of reply."]:
            stream.feed(piece)
        stream.close()
        shown = "".join(pieces)
        assert not any(KEY[i : i + 6] in shown for i in range(len(KEY) - 5)), (split, shown)
        assert shown.startswith("Headers: ") and shown.endswith(" end of reply.")

    history = History(tmp_path / "history.jsonl")
    history.append(_answer(echoed, supported=True))
    assert KEY not in (tmp_path / "history.jsonl").read_text()


def test_error_lines_show_control_characters_of_a_path_never_send_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.cli.main import main
    from tests.conftest import CliRunner

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(  # color=True: click and Rich keep what a terminal would get
        main, ["eval", "--qa", "x\x1b[31m\x07.jsonl"], env={"HOME": str(tmp_path)}, color=True
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot read x␛[31m\\x07.jsonl: ")  # was the raw ESC and BEL
