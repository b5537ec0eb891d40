"""`briefing ask --engine llm` and `briefing doctor` as a user runs them (the console script once,
in-process otherwise), configured by environment variables, talking to the scripted server on 127.0.0.1.

Asserted: what reaches the terminal (streamed text with [n] markers, the unsupported flags and
reasons, the fallback note, the sources), the JSON keys, exit codes, no traceback, and that the
API key never appears in any output.
"""

from __future__ import annotations

import json
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import console_script, in_process
from tests.conftest import Seeded
from tests.llm_server import FakeLLM

TROOPS_Q = "How many Turkish soldiers were deployed in Idlib and Aleppo?"
KEY = "sk-test-cli-9876543210-never-shown"
ANSWER_KEYS = {
    *("question", "answer", "sources", "abstained", "retrieved", "related", "engine", "notice", "as_of"),
}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


@pytest.fixture(scope="module")
def index(seeded_index: Seeded) -> Path:
    return Path(seeded_index.settings.storage.path)  # only read here


def briefing(
    *args: str, cwd: Path, env: dict[str, str | None], index: Path | None = None, real: bool = False
) -> subprocess.CompletedProcess[str]:
    """`briefing ARGS` with a clean environment plus ``env``: in-process, or (``real``) the script."""
    where = ["--index", str(index)] if index else []
    return (console_script if real else in_process)(*args, *where, cwd=cwd, env=env)


def llm_env(fake: FakeLLM, model: str = "good") -> dict[str, str | None]:
    return {
        "OPENAI_BASE_URL": fake.url,
        "BRIEFING_MODEL": model,
        "OPENAI_API_KEY": KEY,
        "BRIEFING_LLM__TIMEOUT": "3",
        "BRIEFING_LLM__MAX_RETRIES": "1",
    }


def clean(result: subprocess.CompletedProcess[str]) -> str:
    """Both streams, checked for the two things a user must never see."""
    out = result.stdout + result.stderr
    assert "Traceback" not in out and KEY not in out, out
    return out


def test_ask_streams_the_answer_then_flags_the_unsupported_sentence(
    fake: FakeLLM, index: Path, tmp_path: Path
) -> None:
    env = llm_env(fake, "invented-number")
    result = briefing("ask", TROOPS_Q, cwd=tmp_path, env=env, index=index, real=True)
    assert result.returncode == 0 and clean(result) == result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "A Turkish convoy of 80 vehicles entered Idlib. [1] The monitor said 9,000 Turkish soldiers "
        "had been deployed in Idlib and Aleppo. [1]"
    )
    assert lines[2] == (
        "✗ unsupported: “The monitor said 9,000 Turkish soldiers had been deployed in Idlib and Aleppo.”"
        " — 9,000 not in the cited text"
    )
    assert "Sources" in lines and "[1] “The Britain-based war monitor reported that" in result.stdout
    assert "[S" not in result.stdout


def test_strict_drops_the_unsupported_sentence_and_says_so(
    fake: FakeLLM, index: Path, tmp_path: Path
) -> None:
    result = briefing("ask", TROOPS_Q, "--strict", cwd=tmp_path, env=llm_env(fake, "uncited"), index=index)
    assert result.returncode == 0
    out = clean(result)
    assert out.startswith("note: 1 unsupported sentence(s) dropped (--strict)\n")
    assert "7,400 Turkish soldiers had been deployed in Idlib and Aleppo. [1]" in out
    assert "5,000" not in out


def test_ask_json_gives_each_sentence_its_citations_support_and_reason(
    fake: FakeLLM, index: Path, tmp_path: Path
) -> None:
    result = briefing("ask", TROOPS_Q, "--json", cwd=tmp_path, env=llm_env(fake, "unknown-id"), index=index)
    assert result.returncode == 0, result.stderr
    data = json.loads(clean(result))
    assert set(data) == ANSWER_KEYS and data["engine"] == "llm" and data["notice"] == ""
    assert [(p["supported"], p["reason"]) for p in data["answer"]] == [
        (True, ""),
        (False, "cited [S99], a marker of no sentence it was given (removed)"),
    ]
    assert all(
        set(p) == {"text", "citations", "supported", "reason", "attributed", "answer_span", "as_of", "event"}
        for p in data["answer"]
    )
    assert data["answer"][0]["citations"] == ["d928a897ede5633d:6"] and data["answer"][1]["citations"] == []


def test_a_failing_endpoint_gives_the_extractive_answer_with_a_one_line_note(
    fake: FakeLLM, index: Path, tmp_path: Path
) -> None:
    result = briefing("ask", TROOPS_Q, cwd=tmp_path, env=llm_env(fake, "server-error"), index=index)
    assert result.returncode == 0 and result.stderr == ""
    first, second = clean(result).splitlines()[:2]
    assert first == (
        f"note: the LLM at {fake.url} failed with HTTP 500 after 2 attempts"
        " — answered with the extractive engine instead"
    )
    assert second.startswith("The Britain-based war monitor reported that") and second.endswith("[1]")


def test_engine_llm_without_a_model_is_a_one_line_error(index: Path, tmp_path: Path) -> None:
    result = briefing("ask", TROOPS_Q, "--engine", "llm", cwd=tmp_path, env={}, index=index)
    assert result.returncode == 1 and result.stdout == ""
    assert clean(result).strip() == (
        "error: --engine llm needs a model and an endpoint — set BRIEFING_MODEL (or --model) and "
        "OPENAI_BASE_URL (or --base-url) or OPENAI_API_KEY"
    )


def test_flags_override_the_environment(fake: FakeLLM, index: Path, tmp_path: Path) -> None:
    env = {"OPENAI_API_KEY": KEY, "BRIEFING_LLM__MAX_RETRIES": "0"}
    args = ("ask", TROOPS_Q, "--engine", "llm", "--model", "good", "--base-url", fake.url)
    result = briefing(*args, cwd=tmp_path, env=env, index=index)
    assert result.returncode == 0
    assert clean(result).startswith("A Britain-based war monitor reported that 7,400 Turkish soldiers")


def test_doctor_reports_the_endpoint_its_models_the_index_and_the_embedder(
    fake: FakeLLM, index: Path, tmp_path: Path
) -> None:
    result = briefing("doctor", cwd=tmp_path, env=llm_env(fake), index=index)
    assert result.returncode == 0, result.stdout
    lines = clean(result).splitlines()
    assert lines[0].startswith("✓ embedder minilm-l6-v2-int8") and "384 dimensions" in lines[0]
    assert lines[1] == f"✓ index    {index}: 1 article, 3 chunks"
    assert lines[2].startswith("✓ store    files consistent; a test query of every collection ran")
    lines = lines[next(n for n, line in enumerate(lines) if line.startswith("✓ llm")) :]
    assert lines[0].startswith(f"✓ llm      {fake.url} answers in ")
    assert lines[0].endswith("; model good is listed")
    assert lines[1].strip().startswith("models: cut, echo, good, huge, injection, invented-number")
    assert lines[2].strip() == "API key set (OPENAI_API_KEY)"


def test_doctor_says_when_the_endpoint_does_not_answer(index: Path, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"OPENAI_BASE_URL": f"http://127.0.0.1:{port}/v1", "BRIEFING_MODEL": "good"}
    result = briefing("doctor", "--json", cwd=tmp_path, env=env, index=index)
    assert result.returncode == 1
    checks = {check["name"]: check for check in json.loads(clean(result))}
    assert checks["llm"]["status"] == "fail"
    assert checks["llm"]["summary"] == (
        f"cannot reach the LLM at http://127.0.0.1:{port}/v1 (no retries): is the server running, the URL "
        "right (--base-url, OPENAI_BASE_URL)?"  # the fix, not only the failure
    )
    assert checks["index"]["status"] == "ok" and checks["embedder"]["status"] == "ok"
    off = briefing("doctor", cwd=tmp_path, env={}, index=index)
    assert off.returncode == 0
    assert "– llm      not configured: set BRIEFING_MODEL (or --model); the extractive engine answers" in (
        off.stdout
    )


def test_ask_json_marks_the_citations_briefing_attributed(fake: FakeLLM, index: Path, tmp_path: Path) -> None:
    env = llm_env(fake, "smol") | {"BRIEFING_LLM__STRUCTURED": "off"}
    result = briefing("ask", TROOPS_Q, "--json", cwd=tmp_path, env=env, index=index)
    assert result.returncode == 0, result.stderr
    data = json.loads(clean(result))
    assert data["engine"] == "llm"
    assert [(p["supported"], p["attributed"]) for p in data["answer"]] == [
        (True, True),
        (True, True),
        (False, False),
    ]
    assert data["answer"][0]["citations"] == ["d928a897ede5633d:6"]


def test_an_llm_answer_that_cites_nothing_gives_way_to_the_extractive_one(
    fake: FakeLLM, index: Path, tmp_path: Path
) -> None:
    env = llm_env(fake, "smol") | {"BRIEFING_LLM__STRUCTURED": "off", "BRIEFING_LLM__ATTRIBUTE": "false"}
    result = briefing("ask", TROOPS_Q, cwd=tmp_path, env=env, index=index)
    out = clean(result)
    assert result.returncode == 0 and "✗ unsupported:" not in out and "cites no source" in out
    assert "answered with the extractive engine instead" in out  # nothing the LLM wrote was supported


def test_doctor_says_when_the_port_is_not_an_openai_api(fake: FakeLLM, index: Path, tmp_path: Path) -> None:
    root = fake.url.removesuffix("/v1")
    env = {"OPENAI_BASE_URL": root, "BRIEFING_MODEL": "good"}
    result = briefing("doctor", cwd=tmp_path, env=env, index=index)
    assert result.returncode == 1
    line = next(line for line in clean(result).splitlines() if line.startswith("✗ llm"))
    assert line.endswith(
        f"{root} answers HTTP but is not an OpenAI-compatible API (GET /models: HTTP 404; "
        "the base URL usually ends in /v1)"
    )
    assert "has no model" not in result.stdout
