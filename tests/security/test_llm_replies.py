"""Red team: a hostile OpenAI-compatible server. Its reply is untrusted like article text: a lone
surrogate in it (valid JSON, ``"\\ud800"``) reached the checker's tokenizer and ended `ask --json`
with "unexpected TypeError"; control characters in it must stay data in the JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.service.facade import Service
from tests.cli.helpers import in_process
from tests.conftest import Seeded
from tests.llm_server import SCRIPTS, FakeLLM, Script

QUESTION = "How many Turkish soldiers were deployed in Idlib and Aleppo?"
HOSTILE = (  # one sentence its citation supports, so the LLM's answer is shown (not the extractive one)
    "The war monitor reported that 7,400 Turkish soldiers had been deployed in the area "
    "and neighboring Aleppo. "
    "7,400 Turkish soldiers \ud800 had been deployed \x00\x1b]52;c;cHduZWQ=\x07 in Idlib. "
    "{{7,400 Turkish soldiers}}"
)


@pytest.fixture
def hostile(fake: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> FakeLLM:
    monkeypatch.setitem(SCRIPTS, "hostile-reply", Script(HOSTILE))
    return fake


def test_a_reply_with_a_lone_surrogate_is_read_not_a_crash(seeded_index: Seeded, hostile: FakeLLM) -> None:
    flags = {"llm.model": "hostile-reply", "llm.base_url": hostile.url, "llm.max_retries": 0}
    answer = Service(seeded_index.settings.with_overrides(**flags)).ask(QUESTION, engine="llm")
    assert answer.engine == "llm" and answer.answer, answer
    text = " ".join(part.text for part in answer.answer)
    assert "\ud800" not in text and "\ufffd" in text and "7,400 Turkish soldiers" in text


def test_ask_json_of_a_hostile_reply_is_valid_inert_json(
    seeded_index: Seeded, hostile: FakeLLM, tmp_path: Path
) -> None:
    index = str(seeded_index.settings.storage.path)
    args = ("--engine", "llm", "--model", "hostile-reply", "--base-url", hostile.url, "--index", index)
    result = in_process("ask", QUESTION, *args, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x00" not in result.stdout
    parsed = json.loads(result.stdout)
    assert any("\x1b]52;c;" in part["text"] for part in parsed["answer"])  # kept as data, written as \u001b
