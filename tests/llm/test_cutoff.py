"""A cancel cuts an LLM request off at once, also while the server has not sent its first byte.

``create()`` blocks until the response headers arrive; the scripted server's ``stall`` model
sends nothing for a minute (a server loading a model). The real ``openai`` client is used, with
retries allowed, so the test also shows a cut request is not retried after a backoff sleep.
"""

from __future__ import annotations

import gc
import threading
import time
import warnings

import pytest

from briefing.core.cancel import CancelToken
from briefing.core.errors import Cancelled
from briefing.core.settings import LLMSettings
from briefing.llm import client
from tests.llm_server import FakeLLM

MESSAGES = [{"role": "user", "content": "How many soldiers?\n[S1] 7,400 Turkish soldiers were deployed."}]
AT_ONCE = 1.0  # seconds from the cancel to the return; the server would stay silent for 60


@pytest.fixture(autouse=True)
def fresh(fake: FakeLLM) -> None:
    fake.forget()


def stalled(fake: FakeLLM) -> LLMSettings:
    return LLMSettings(model="stall", base_url=fake.url, timeout=30.0, max_retries=2, deadline=120.0)


def cancel_when_asked(fake: FakeLLM, token: CancelToken) -> list[float]:
    """Cancel ``token`` a moment after the server got the request; the list gets the cancel's time."""
    when: list[float] = []

    def wait_then_cancel() -> None:
        deadline = time.monotonic() + 30
        while not fake.calls("stall") and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)
        when.append(time.monotonic())
        token.cancel()

    threading.Thread(target=wait_then_cancel, daemon=True).start()
    return when


def ours() -> set[threading.Thread]:
    """Live threads but the scripted server's request handlers."""
    return {t for t in threading.enumerate() if "process_request" not in t.name}


def test_a_cancel_before_the_first_byte_closes_the_request_at_once(fake: FakeLLM) -> None:
    before = ours()
    token = CancelToken()
    cancelled_at = cancel_when_asked(fake, token)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(Cancelled):
            client.complete(stalled(fake), MESSAGES, cancel=token)
        returned = time.monotonic()
        gc.collect()  # an unclosed socket or client would warn now
    assert returned - cancelled_at[0] < AT_ONCE, f"took {returned - cancelled_at[0]:.2f} s"
    assert len(fake.calls("stall")) == 1, "a cut request is not retried"
    deadline = time.monotonic() + 2
    while "stall" not in fake.closed and time.monotonic() < deadline:
        time.sleep(0.02)
    assert "stall" in fake.closed, "the server saw the request hung up before its first byte"
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)], [str(w) for w in caught]
    assert not ours() - before, "no thread left behind"


def test_a_token_cancelled_before_the_call_sends_nothing(fake: FakeLLM) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        client.complete(stalled(fake).model_copy(update={"model": "good"}), MESSAGES, cancel=token)
    assert fake.calls("good") == []


def test_a_cancel_after_the_reply_changes_nothing(fake: FakeLLM) -> None:
    token = CancelToken()
    good = stalled(fake).model_copy(update={"model": "good"})
    reply = client.complete(good, MESSAGES, cancel=token)
    assert reply.finish_reason == "stop" and "7,400" in reply.text
    token.cancel()  # the request's callback was removed: nothing runs, nothing raises
    assert client.complete(good, MESSAGES).text == reply.text  # and the default token still works


def test_a_cancel_runs_callbacks_once_and_a_late_one_at_once() -> None:
    token = CancelToken()
    calls: list[str] = []
    token.on_cancel(lambda: calls.append("early"))
    forget = token.on_cancel(lambda: calls.append("forgotten"))
    forget()
    token.cancel()
    token.cancel()
    assert calls == ["early"]
    token.on_cancel(lambda: calls.append("late"))
    assert calls == ["early", "late"]
