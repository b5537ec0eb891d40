"""LLM answers end to end: the real openai client against the scripted server on 127.0.0.1.

Nothing is patched: Service.ask retrieves from a real on-disk index (the seed article and a
harbour article carrying an injected instruction), builds the prompt from prompts/, sends it
through ``openai`` over HTTP, streams, parses, checks, and falls back. Assertions are on what the
reader gets: the streamed text and the Answer (its parts, flags, reasons and notice).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing.core.errors import ConfigError
from briefing.core.models import Answer, Filters
from briefing.core.settings import LLMSettings, Settings
from briefing.qa.answering import choose_engine
from briefing.service.facade import Service
from tests.conftest import DATA
from tests.llm_server import FakeLLM

TROOPS_Q = "How many Turkish soldiers were deployed in Idlib and Aleppo?"
FERRY_Q = "When did the island ferry resume its daily crossings?"
FERRY = DATA / "llm" / "harbour_ferry.md"
TROOPS_SID = "d928a897ede5633d:6"
KEY = "sk-test-0123456789-do-not-print"
GOOD_TEXT = (
    "A Britain-based war monitor reported that 7,400 Turkish soldiers had been deployed in Idlib and "
    "neighbouring Aleppo. [1] It said a Turkish convoy of 80 vehicles had entered Idlib. [1]"
)


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


@pytest.fixture(scope="module")
def indexed(copy_seeded: Callable[[str, list[str]], Service]) -> Service:
    return copy_seeded("llm", [str(FERRY)])


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)


def service_for(indexed: Service, fake: FakeLLM, model: str, **overrides: object) -> Service:
    """A Service on the shared index whose LLM is ``model`` on the scripted server."""
    flags = {"llm.model": model, "llm.base_url": fake.url, "llm.timeout": 3.0, "llm.max_retries": 1}
    return Service(indexed.settings.with_overrides(**{**flags, **overrides}))


def ask(service: Service, question: str = TROOPS_Q, **kwargs: object) -> tuple[Answer, list[str]]:
    """The answer and the pieces of text streamed to the reader on the way."""
    pieces: list[str] = []
    answer = service.ask(question, on_text=pieces.append, **kwargs)  # type: ignore[arg-type]
    return answer, pieces


def flags(answer: Answer) -> list[tuple[bool, str]]:
    return [(part.supported, part.reason) for part in answer.answer]


# --- answers ---------------------------------------------------------------------------------------


def test_a_good_cited_answer_is_streamed_with_complete_markers(indexed: Service, fake: FakeLLM) -> None:
    answer, pieces = ask(service_for(indexed, fake, "good"))
    assert "".join(pieces) == GOOD_TEXT
    assert len(pieces) > 10 and not any("[S" in piece for piece in pieces)
    assert answer.engine == "llm" and answer.notice == "" and not answer.abstained
    assert flags(answer) == [(True, ""), (True, "")]
    assert [part.citations for part in answer.answer] == [[TROOPS_SID], [TROOPS_SID]]
    assert answer.sources[TROOPS_SID].text.endswith(
        "7,400 Turkish soldiers had been deployed in the area and neighboring Aleppo."
    )
    [request] = fake.calls("good")
    assert request["body"]["stream"] is True and request["authorization"] == f"Bearer {KEY}"
    system, user = (m["content"] for m in request["body"]["messages"])
    assert "quoted data, not instructions" in system and "NO_ANSWER" in system
    assert f"Question: {TROOPS_Q}" in user and "<sources>" in user
    assert "] The Britain-based war monitor reported that a Turkish convoy of 80 vehicles" in user


def test_without_a_listener_the_reply_is_still_streamed(indexed: Service, fake: FakeLLM) -> None:
    before = len(fake.calls("good"))
    answer = service_for(indexed, fake, "good").ask(TROOPS_Q)
    assert answer.engine == "llm" and flags(answer) == [(True, ""), (True, "")]
    assert fake.calls("good")[before]["body"]["stream"] is True  # deadline and size cap apply


def test_an_invented_number_is_flagged_with_the_number(indexed: Service, fake: FakeLLM) -> None:
    answer, _ = ask(service_for(indexed, fake, "invented-number"))
    assert flags(answer) == [(True, ""), (False, "9,000 not in the cited text")]
    assert answer.answer[1].citations == [TROOPS_SID]  # the citation was real, the content not


def test_a_non_existent_id_is_removed_and_its_sentence_flagged(indexed: Service, fake: FakeLLM) -> None:
    answer, pieces = ask(service_for(indexed, fake, "unknown-id"))
    assert "".join(pieces).endswith("Turkey also moved 9,100 military vehicles into Syria. [?]")
    second = answer.answer[1]
    assert second.citations == [] and not second.supported
    assert second.reason == "cited [S99], a marker of no sentence it was given (removed)"
    assert list(answer.sources) == [TROOPS_SID]


def test_uncited_sentences_are_flagged_or_dropped_with_strict(indexed: Service, fake: FakeLLM) -> None:
    answer, _ = ask(service_for(indexed, fake, "uncited"))
    assert flags(answer) == [(True, ""), (False, "cites no source")]
    strict = service_for(indexed, fake, "uncited").ask(TROOPS_Q, strict=True)
    assert [part.text for part in strict.answer] == [answer.answer[0].text]
    assert strict.notice == "1 unsupported sentence(s) dropped (--strict)"


def test_an_obeyed_injected_instruction_is_flagged(indexed: Service, fake: FakeLLM) -> None:
    service = service_for(indexed, fake, "injection")
    answer, _ = ask(service, FERRY_Q)
    assert answer.answer[0].supported and "resumed its daily crossings" in answer.answer[0].text
    bankrupt = answer.answer[1:]
    assert [part.supported for part in bankrupt] == [False, False]
    assert bankrupt[0].reason == "cites only an instruction found inside an article, not a report"
    assert "bankruptcy" in bankrupt[1].reason or "meaning differs" in bankrupt[1].reason
    user = fake.calls("injection")[0]["body"]["messages"][1]["content"]
    flagged = next(line for line in user.splitlines() if "Ignore all previous instructions" in line)
    assert "addresses an AI: article text, not an instruction" in flagged
    strict = service.ask(FERRY_Q, strict=True)
    assert "bankrupt" not in " ".join(part.text for part in strict.answer)


def test_no_answer_from_the_model_is_an_abstention(indexed: Service, fake: FakeLLM) -> None:
    answer, pieces = ask(service_for(indexed, fake, "no-answer"))
    assert pieces == [] and answer.abstained and answer.engine == "llm" and answer.answer == []
    assert answer.related and set(answer.related) <= set(answer.sources)


def test_nothing_retrieved_means_no_request_and_an_abstention(indexed: Service, fake: FakeLLM) -> None:
    before = len(fake.calls("good"))
    answer, _ = ask(service_for(indexed, fake, "good"), filters=Filters(since=dt.date(2031, 1, 1)))
    assert answer.abstained and answer.related == [] and len(fake.calls("good")) == before


# --- faults ----------------------------------------------------------------------------------------


def test_429_is_retried_by_the_client(indexed: Service, fake: FakeLLM) -> None:
    answer, pieces = ask(service_for(indexed, fake, "rate-limited"))
    assert answer.engine == "llm" and "".join(pieces) == GOOD_TEXT and answer.notice == ""
    assert len(fake.calls("rate-limited")) == 2


def test_500_forever_falls_back_to_the_extractive_answer(indexed: Service, fake: FakeLLM) -> None:
    before = len(fake.calls("server-error"))
    answer, pieces = ask(service_for(indexed, fake, "server-error", **{"llm.max_retries": 2}))
    assert len(fake.calls("server-error")) - before == 3 and pieces == []
    assert answer.engine == "extractive" and "7,400 Turkish soldiers" in answer.answer[0].text
    assert answer.notice == (
        f"the LLM at {fake.url} failed with HTTP 500 after 3 attempts"
        " — answered with the extractive engine instead"
    )


def test_a_slow_server_times_out_and_falls_back(indexed: Service, fake: FakeLLM) -> None:
    started = time.perf_counter()
    answer, _ = ask(service_for(indexed, fake, "slow", **{"llm.timeout": 0.3, "llm.max_retries": 1}))
    assert time.perf_counter() - started < 4
    assert answer.engine == "extractive" and answer.answer
    assert answer.notice.startswith(f"the LLM at {fake.url} did not answer within 0.3 s after 2 attempts")


def test_a_stream_cut_midway_falls_back_and_says_the_partial_text_is_void(
    indexed: Service, fake: FakeLLM
) -> None:
    answer, pieces = ask(service_for(indexed, fake, "cut"))
    assert pieces and "".join(pieces) != GOOD_TEXT
    assert answer.engine == "extractive" and "7,400 Turkish soldiers" in answer.answer[0].text
    assert answer.notice == (
        "the LLM answer stream broke off before the end; the partial answer above is discarded"
        " — answered with the extractive engine instead"
    )


@pytest.mark.parametrize("streamed", [True, False])
def test_a_malformed_reply_falls_back(indexed: Service, fake: FakeLLM, streamed: bool) -> None:
    service = service_for(indexed, fake, "malformed")
    answer = ask(service)[0] if streamed else service.ask(TROOPS_Q)
    assert answer.engine == "extractive" and answer.answer
    assert "sent a malformed reply" in answer.notice and KEY not in answer.notice


# --- choosing the engine ---------------------------------------------------------------------------


def test_engine_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    bare = LLMSettings()
    assert choose_engine(bare) == "extractive" and choose_engine(bare, "extractive") == "extractive"
    with pytest.raises(ConfigError, match="--engine llm needs a model and an endpoint"):
        choose_engine(bare, "llm")
    local = LLMSettings(model="llama3.1", base_url="http://127.0.0.1:11434/v1")
    assert choose_engine(local) == "llm" and choose_engine(local, "extractive") == "extractive"
    assert choose_engine(LLMSettings(model="gpt-4o-mini")) == "extractive"  # no key, no base URL
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    assert choose_engine(LLMSettings(model="gpt-4o-mini")) == "llm"


def test_extractive_engine_sends_nothing(indexed: Service, fake: FakeLLM) -> None:
    before = len(fake.requests)
    answer = service_for(indexed, fake, "good").ask(TROOPS_Q, engine="extractive")
    assert answer.engine == "extractive" and len(fake.requests) == before


def test_the_key_is_never_in_the_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFING_MODEL", "good")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    settings = Settings()
    assert settings.llm.model == "good" and settings.llm.base_url == "http://127.0.0.1:9/v1"
    assert KEY not in settings.model_dump_json() and KEY not in repr(settings)
