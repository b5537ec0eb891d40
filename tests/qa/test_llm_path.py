"""The LLM path with small local models and hostile endpoints: structured output, attribution,
tidying, the total deadline, the size cap, --strict's fallback, and the doctor's diagnosis.

As in test_llm.py, nothing is patched: the real openai client streams from the scripted server on
127.0.0.1 (tests/llm_server.py), retrieval runs on a real on-disk index of the seed article.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing.core.models import Answer
from briefing.core.settings import LLMSettings
from briefing.llm import client as llm
from briefing.service.facade import Service
from tests.llm_server import FakeLLM

TROOPS_Q = "How many Turkish soldiers were deployed in Idlib and Aleppo?"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TROOPS_SID = "d928a897ede5633d:6"
KEY = "sk-test-path-0123456789-secret"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


@pytest.fixture(scope="module")
def indexed(make_index: Callable[[str, list[str]], Service]) -> Service:
    return make_index("llm-path", [str(SEEDS)])


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)


def service_for(indexed: Service, fake: FakeLLM, model: str, **overrides: object) -> Service:
    flags = {"llm.model": model, "llm.base_url": fake.url, "llm.timeout": 3.0, "llm.max_retries": 1}
    return Service(indexed.settings.with_overrides(**{**flags, **overrides}))


def ask(service: Service, **kwargs: object) -> tuple[Answer, str]:
    pieces: list[str] = []
    answer = service.ask(TROOPS_Q, on_text=pieces.append, **kwargs)  # type: ignore[arg-type]
    return answer, "".join(pieces)


# --- structured output -----------------------------------------------------------------------------


def test_structured_output_is_asked_for_and_read(indexed: Service, fake: FakeLLM) -> None:
    answer, shown = ask(service_for(indexed, fake, "json-good"))
    [request] = fake.calls("json-good")
    schema = request["body"]["response_format"]["json_schema"]["schema"]
    enum = schema["properties"]["sentences"]["items"]["properties"]["cites"]["items"]["enum"]
    assert "S1" in enum and schema["properties"]["sentences"]["maxItems"] == 5
    assert '{"sentences": [' in request["body"]["messages"][0]["content"]
    assert answer.engine == "llm" and answer.notice == ""
    assert [(p.supported, p.citations, p.attributed) for p in answer.answer] == [
        (True, [TROOPS_SID], False),
        (True, [TROOPS_SID], False),
    ]
    assert shown.startswith("A Britain-based war monitor reported that 7,400 Turkish soldiers")
    assert "Aleppo. [1] It said" in shown and "{" not in shown and '"' not in shown


def test_a_json_reply_cut_off_before_its_first_sentence_ended_is_not_an_abstention(
    indexed: Service, fake: FakeLLM
) -> None:
    """SmolLM2-135M wrote `{"sentences": [{"text": "1. The Turkish army has deployed 1000…` until
    max_tokens: that is a failed reply, not the model saying the sources do not answer."""
    answer, shown = ask(service_for(indexed, fake, "json-cut"))
    assert not answer.abstained and answer.engine == "extractive"
    assert TROOPS_SID in {sid for part in answer.answer for sid in part.citations}
    assert answer.notice.startswith("the LLM's answer was cut off at llm.max_tokens=700 before its first")
    assert "partial answer above is discarded" in answer.notice and shown


@pytest.mark.parametrize("model", ["json-runaway", "json-runon"])
def test_a_json_sentence_that_runs_away_is_stopped_early(indexed: Service, fake: FakeLLM, model: str) -> None:
    """SmolLM2-135M's "deployed 1000000…" and "… its [S3] is a list of [S4] and its …" ran to
    llm.max_tokens (25-50 s) before the fallback."""
    service = service_for(indexed, fake, model)
    service.ask(TROOPS_Q, engine="extractive")  # the embedder loaded: time the LLM part only
    started = time.perf_counter()
    answer, shown = ask(service)
    assert time.perf_counter() - started < 3  # the whole reply streams for ~4 s
    assert model in _closed_soon(fake, model)  # the server stops generating
    assert answer.engine == "extractive" and not answer.abstained
    assert answer.notice.startswith("the LLM's first sentence ran on in a loop and was stopped")
    assert len(shown) < 1000


def test_an_empty_json_reply_is_the_model_declining(indexed: Service, fake: FakeLLM) -> None:
    answer, _ = ask(service_for(indexed, fake, "json-declined"))
    assert answer.abstained and answer.engine == "llm" and answer.related


def test_a_server_that_refuses_the_schema_is_asked_once_more_in_text(indexed: Service, fake: FakeLLM) -> None:
    answer, _ = ask(service_for(indexed, fake, "json-refused"))
    first, second = fake.calls("json-refused")[:2]
    assert "response_format" in first["body"] and "response_format" not in second["body"]
    assert '{"sentences"' not in second["body"]["messages"][0]["content"]
    assert answer.engine == "llm" and [p.supported for p in answer.answer] == [True, True]
    ask(service_for(indexed, fake, "json-refused"))  # remembered: no second refusal
    assert len(fake.calls("json-refused")) == 3


# --- a small model: no markers, numbering, loops ---------------------------------------------------


def test_uncited_numbered_looping_sentences_are_tidied_and_attributed(
    indexed: Service, fake: FakeLLM
) -> None:
    answer, _ = ask(service_for(indexed, fake, "smol", **{"llm.structured": "off"}))
    texts = [p.text for p in answer.answer]
    assert texts == [
        "A Britain-based war monitor reported that 7,400 Turkish soldiers had been deployed in Idlib and "
        "neighbouring Aleppo.",
        "The convoy had 80 vehicles.",
        "Ankara plans to send another 5,000 troops next month.",
    ]
    troops, convoy, invented = answer.answer
    assert troops.supported and troops.attributed and troops.citations == [TROOPS_SID]
    assert convoy.supported and convoy.attributed and convoy.citations == [TROOPS_SID]
    assert not invented.supported and invented.reason == "cites no source" and not invented.attributed
    assert answer.notice == "5 repeated or empty sentence(s) of the LLM left out"
    assert set(answer.sources) == {TROOPS_SID}


def test_at_most_max_sentences_are_kept(indexed: Service, fake: FakeLLM) -> None:
    answer, _ = ask(service_for(indexed, fake, "smol", **{"llm.structured": "off", "llm.max_sentences": 2}))
    assert len(answer.answer) == 2


def test_attribution_can_be_switched_off(indexed: Service, fake: FakeLLM) -> None:
    """No sentence cites and none is given citations: nothing the LLM wrote is supported, so the
    reader gets the extractive answer and why, not three ✗ lines (found by a new user)."""
    answer, _ = ask(service_for(indexed, fake, "smol", **{"llm.structured": "off", "llm.attribute": False}))
    assert answer.engine == "extractive" and "7,400 Turkish soldiers" in answer.answer[0].text
    why = "no sentence of the LLM was supported by what it cites (first: cites no source)"
    assert answer.notice.startswith(why)


def test_swapped_roles_are_flagged(indexed: Service, fake: FakeLLM) -> None:
    answer, _ = ask(service_for(indexed, fake, "swapped-roles"))
    assert answer.engine == "extractive"  # its one sentence unsupported: the extractive answer instead
    assert "who does what to whom" in answer.notice and "extractive engine instead" in answer.notice


# --- --strict -------------------------------------------------------------------------------------


def test_strict_with_nothing_supported_falls_back_to_the_extractive_answer(
    indexed: Service, fake: FakeLLM
) -> None:
    answer = service_for(indexed, fake, "swapped-roles").ask(TROOPS_Q, strict=True)
    assert answer.engine == "extractive" and not answer.abstained
    assert "7,400 Turkish soldiers" in answer.answer[0].text
    assert answer.notice == (
        "--strict: no sentence of the LLM was supported by what it cites"
        " — answered with the extractive engine instead"
    )


# --- deadline, size cap, echoed key ----------------------------------------------------------------


def test_a_trickling_server_is_cut_off_at_the_total_deadline(indexed: Service, fake: FakeLLM) -> None:
    service = service_for(indexed, fake, "trickle", **{"llm.deadline": 1.0})
    service.ask(TROOPS_Q, engine="extractive")  # the embedder loaded: time the LLM part only
    started = time.perf_counter()
    answer, _ = ask(service)
    assert time.perf_counter() - started < 2.5  # each chunk came within llm.timeout (3 s)
    assert answer.engine == "extractive" and answer.answer
    assert answer.notice.startswith("the LLM did not finish its answer within llm.deadline=1 s")
    assert len(fake.calls("trickle")) == 1  # a read that produced tokens is never retried


def test_retries_that_do_not_fit_in_the_deadline_are_not_made(indexed: Service, fake: FakeLLM) -> None:
    before = len(fake.calls("slow"))
    overrides = {"llm.timeout": 0.5, "llm.max_retries": 5, "llm.deadline": 1.2}
    answer, _ = ask(service_for(indexed, fake, "slow", **overrides))
    assert len(fake.calls("slow")) - before == 2  # 0.5 s each: one retry fits in 1.2 s, not five
    assert answer.engine == "extractive" and "within 0.5 s after 2 attempts" in answer.notice


def test_a_looping_reply_is_stopped_once_it_only_repeats(indexed: Service, fake: FakeLLM) -> None:
    started = time.perf_counter()
    answer, shown = ask(service_for(indexed, fake, "loop", **{"llm.structured": "off"}))
    assert time.perf_counter() - started < 20  # the whole reply takes ~95 s to stream
    assert "loop" in _closed_soon(fake, "loop")  # the server saw the stream closed: it stops generating
    assert answer.engine == "llm" and [p.supported for p in answer.answer] == [True, True]
    # checked when a streamed piece may end a sentence: stopped at the 5th repeat or just after it
    assert answer.notice in {f"{n} repeated or empty sentence(s) of the LLM left out" for n in (5, 6)}
    assert len(shown) < 5 * len(answer.answer[0].text + answer.answer[1].text) and "[S" not in shown


def _closed_soon(fake: FakeLLM, model: str) -> list[str]:
    deadline = time.monotonic() + 5
    while model not in fake.closed and time.monotonic() < deadline:
        time.sleep(0.05)
    return fake.closed


def test_a_reply_that_never_ends_is_cut_at_the_size_cap(indexed: Service, fake: FakeLLM) -> None:
    started = time.perf_counter()
    answer, shown = ask(service_for(indexed, fake, "huge", **{"llm.max_reply_chars": 2000}))
    assert time.perf_counter() - started < 10
    assert answer.engine == "extractive" and len(shown) <= 2000
    assert answer.notice == (
        "the LLM reply passed llm.max_reply_chars=2000 characters; the partial answer above is discarded"
        " — answered with the extractive engine instead"
    )


def test_an_echoed_api_key_never_reaches_the_reader(indexed: Service, fake: FakeLLM) -> None:
    answer, shown = ask(service_for(indexed, fake, "echo", **{"llm.structured": "off"}))
    assert fake.calls("echo")[0]["authorization"] == f"Bearer {KEY}"
    assert KEY not in shown and KEY not in answer.model_dump_json()
    assert "Bearer ***" in shown


# --- doctor ---------------------------------------------------------------------------------------


def test_check_endpoint_says_when_the_port_is_not_an_openai_api(fake: FakeLLM) -> None:
    root = fake.url.removesuffix("/v1")  # the same server, but /models is not there
    status = llm.check_endpoint(LLMSettings(model="good", base_url=root))
    assert not status.ok
    assert status.detail == (
        f"{root} answers HTTP but is not an OpenAI-compatible API (GET /models: HTTP 404; "
        "the base URL usually ends in /v1)"
    )


def test_doctor_passes_llama_cpp_which_serves_its_model_under_any_name(indexed: Service) -> None:
    """README's llama-server set-up failed `doctor` ("model 'smollm2' is not in the list"), though
    every answer worked: llama.cpp lists the GGUF path and answers to whatever name is asked."""
    with FakeLLM(owner="llamacpp") as llama:
        service = service_for(indexed, llama, "smollm2")
        [check] = [c for c in service.doctor() if c.name == "llm"]
        assert check.status == "ok" and "answers to any model name" in check.details[0]
    with FakeLLM() as other:  # Ollama, vLLM, OpenAI: the name must be listed
        [check] = [c for c in service_for(indexed, other, "smollm2").doctor() if c.name == "llm"]
        assert check.status == "fail"
        assert check.details[0] == "model 'smollm2' is not in the list the endpoint gives"
