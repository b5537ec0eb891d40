"""One cancellation mechanism: the CancelToken, and ask, brief and ingest stopped through it.

The LLM runs are against the scripted OpenAI-compatible server (tests/llm_server.py) with a slow
stream (~10 s for a whole answer), so a cancelled call that returns within a second or two, and a
server that saw its stream closed before the end, show the work really stopped.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from briefing.core.brief_models import Window
from briefing.core.cancel import NEVER, CancelToken
from briefing.core.errors import BriefingError, Cancelled
from briefing.service.facade import Service
from tests.conftest import Seeded
from tests.llm_server import FakeLLM
from tests.tui.helpers import llm_service

QUESTION = "How many Turkish soldiers were deployed in Idlib and Aleppo?"
PROMPTLY = 3.0  # seconds; the slow stream takes ~10 s to the end


@pytest.fixture(autouse=True)
def fresh(fake: FakeLLM) -> None:
    """Each test counts its own requests and closed streams on the session's server."""
    fake.forget()


@pytest.fixture(scope="module")
def indexed(seeded_index: Seeded) -> Service:
    """The session's seeds/ index: read only here (no brief is saved, no ingest writes to it)."""
    return seeded_index.service


def llm(indexed: Service, fake: FakeLLM, model: str) -> Service:
    return llm_service(indexed, fake, model, **{"llm.timeout": 20.0, "llm.max_retries": 0})


def closed_stream(fake: FakeLLM, model: str) -> bool:
    """Whether the server saw ``model``'s request or stream closed before its end (it notices at its
    next write, or at once while it makes the client wait for the first byte)."""
    deadline = time.monotonic() + 5
    while model not in fake.closed and time.monotonic() < deadline:
        time.sleep(0.05)
    return model in fake.closed


def cancel_once_asked(fake: FakeLLM, model: str, token: CancelToken) -> list[float]:
    """Cancel ``token`` half a second after the server got a request for ``model`` (Esc mid-stream);
    the list gets the time of the cancel."""
    when: list[float] = []

    def wait_then_cancel() -> None:
        deadline = time.monotonic() + 30
        while not fake.calls(model) and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.5)
        when.append(time.monotonic())
        token.cancel()

    threading.Thread(target=wait_then_cancel, daemon=True).start()
    return when


def test_a_token_is_one_way_and_seen_from_every_thread() -> None:
    token = CancelToken()
    assert not token.cancelled
    token.check()  # not cancelled: nothing happens
    seen = threading.Event()

    def watch() -> None:
        while not token.cancelled:
            time.sleep(0.01)
        seen.set()

    threading.Thread(target=watch, daemon=True).start()
    token.cancel()
    assert seen.wait(2) and token.cancelled
    token.cancel()  # twice is harmless, and it stays cancelled
    with pytest.raises(Cancelled) as caught:
        token.check()
    assert isinstance(caught.value, BriefingError) and caught.value.one_line()
    assert not NEVER.cancelled


def test_ask_with_a_cancelled_token_raises_before_any_request(indexed: Service, fake: FakeLLM) -> None:
    token = CancelToken()
    token.cancel()
    svc = llm(indexed, fake, "good")
    with pytest.raises(Cancelled):
        svc.ask(QUESTION, cancel=token)
    with pytest.raises(Cancelled):
        svc.ask(QUESTION, engine="extractive", cancel=token)
    assert fake.calls("good") == []


def test_cancelling_a_streamed_answer_closes_the_stream_and_computes_no_fallback(
    indexed: Service, fake: FakeLLM
) -> None:
    token = CancelToken()
    pieces: list[str] = []
    cancelled_at: list[float] = []

    def on_text(text: str) -> None:  # the reader presses Esc once the first words are shown
        pieces.append(text)
        cancelled_at.append(time.monotonic())
        token.cancel()

    with pytest.raises(Cancelled):  # not an Answer with a fallback notice: nothing is answered
        llm(indexed, fake, "slow-stream").ask(QUESTION, on_text=on_text, cancel=token)
    assert time.monotonic() - cancelled_at[0] < PROMPTLY
    assert len(pieces) == 1, "no text after the cancel"
    assert closed_stream(fake, "slow-stream")


def test_a_token_stops_an_answer_that_shows_no_text(indexed: Service, fake: FakeLLM) -> None:
    """Without ``on_text`` the reply is still streamed when a token is given, so it can be stopped."""
    token = CancelToken()
    cancelled_at = cancel_once_asked(fake, "slow-stream", token)
    with pytest.raises(Cancelled):
        llm(indexed, fake, "slow-stream").ask(QUESTION, cancel=token)
    assert time.monotonic() - cancelled_at[0] < PROMPTLY and closed_stream(fake, "slow-stream")


def test_a_cancel_before_the_first_byte_returns_at_once(indexed: Service, fake: FakeLLM) -> None:
    """The server stays silent for a minute (``stall``): the request is hung up on, not waited for."""
    token = CancelToken()
    cancelled_at = cancel_once_asked(fake, "stall", token)
    with pytest.raises(Cancelled):
        llm(indexed, fake, "stall").ask(QUESTION, on_text=lambda text: None, cancel=token)
    assert time.monotonic() - cancelled_at[0] < 1.0
    assert closed_stream(fake, "stall") and len(fake.calls("stall")) == 1


def test_cancelling_an_llm_brief_stops_it_and_closes_the_stream(indexed: Service, fake: FakeLLM) -> None:
    svc = llm(indexed, fake, "summary-slow-stream")
    window = Window(include_undated=True)
    token = CancelToken()
    cancelled_at = cancel_once_asked(fake, "summary-slow-stream", token)
    with pytest.raises(Cancelled):
        svc.brief(window, cancel=token)
    assert time.monotonic() - cancelled_at[0] < PROMPTLY
    assert len(fake.calls("summary-slow-stream")) == 1 and closed_stream(fake, "summary-slow-stream")
    assert not svc.briefs_dir().exists() or not list(svc.briefs_dir().iterdir())  # nothing saved

    done = CancelToken()
    done.cancel()
    with pytest.raises(Cancelled):
        svc.brief(window, engine="extractive", cancel=done)
    assert svc.brief(window, engine="extractive").stories  # no token: the same brief is written


def test_an_ingest_cancelled_before_it_starts_reads_nothing_and_stays_consistent(
    indexed: Service, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "new.md").write_text("# Ferry\n\nThe ferry sailed on time on Monday.\n", encoding="utf-8")
    own = Service(indexed.settings.with_overrides(**{"storage.path": str(tmp_path / "index")}))
    own._embedder = indexed.embedder
    token = CancelToken()
    token.cancel()
    report = own.ingest([str(inbox)], cancel=token)
    assert report.stopped and not report.added and not report.failed
    assert own.list_articles() == []
    again = own.ingest([str(inbox)])  # the same run without a token reads it
    assert not again.stopped and len(again.added) == 1
