"""Esc during a streamed LLM answer (or before its first word), a brief and an ingest: the work stops,
and the next question is answered at once (the cancelled job does not keep the service's lock
while it finishes for nobody).

The LLM runs against the scripted OpenAI-compatible server with a slow stream (~10 s per reply),
so a next answer within a few seconds shows the cancelled stream was really closed.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from briefing.service.facade import Service
from briefing.tui.app import BriefingApp, fixed_clock
from briefing.tui.screens.ask import AskPane
from briefing.tui.screens.brief import BriefPane
from briefing.tui.screens.ingest import IngestPane
from briefing.tui.widgets.conversation import Exchange
from tests.llm_server import FakeLLM
from tests.tui.helpers import (
    NOW,
    SEED_QUESTION,
    OwnBriefs,
    PausedIngest,
    ask,
    llm_service,
    settings_for,
    settle,
)

AT_ONCE = 5.0  # seconds for the next answer; the cancelled stream alone would take ~10 s more


SLOW = {"llm.timeout": 20.0, "llm.max_retries": 0}


@pytest.fixture(autouse=True)
def fresh(fake: FakeLLM) -> None:
    """Each test counts its own requests and closed streams on the session's server."""
    fake.forget()


def use_model(svc: Any, model: str) -> None:
    """Point ``svc`` (and the service it wraps, if any) at another scripted model."""
    for target in (svc, getattr(svc, "service", None)):
        if target is not None:
            target.settings = target.settings.with_overrides(**{"llm.model": model})


async def wait_for(condition: Any, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def answered_at_once(pilot: Pilot[Any], question: str) -> Exchange:
    """Ask ``question`` and check its answer is shown within :data:`AT_ONCE` seconds."""
    started = time.monotonic()
    await ask(pilot, question)
    seconds = time.monotonic() - started
    exchange = pilot.app.query(Exchange).last()
    assert exchange.answer is not None and exchange.answer.answer, exchange.answer
    assert seconds < AT_ONCE, f"the next answer took {seconds:.1f} s"
    return exchange


def test_escape_during_a_streamed_answer_closes_the_stream_and_the_next_is_answered_at_once(
    make_app: Any, service: Service, fake: FakeLLM
) -> None:
    svc = llm_service(service, fake, "slow-stream", **SLOW)

    async def scenario() -> None:
        app = make_app(svc)
        async with app.run_test() as pilot:
            await settle(pilot)
            app.query_one("#question").insert("Who warned Ankara?")  # type: ignore[attr-defined]
            await pilot.press("enter")
            await wait_for(lambda: app.query(".streaming"))  # the first words are on the screen
            await pilot.press("escape")
            assert not app.query_one(AskPane).running and not app.query(Exchange)
            await wait_for(lambda: "slow-stream" in fake.closed, 5)  # the server saw the stream closed

            use_model(svc, "good")
            app.query_one("#question").clear()  # type: ignore[attr-defined]
            exchange = await answered_at_once(pilot, SEED_QUESTION)
            assert exchange.answer is not None and exchange.answer.engine == "llm"
            assert len(app.query(Exchange)) == 1
            assert [r.question for r in app.query_one(AskPane).backend.history.load()] == [SEED_QUESTION]

    asyncio.run(scenario())


def test_escape_before_the_llm_sent_a_word_hangs_up_and_the_next_is_answered_at_once(
    make_app: Any, service: Service, fake: FakeLLM
) -> None:
    svc = llm_service(service, fake, "stall", **SLOW)  # the server stays silent for a minute

    async def scenario() -> None:
        app = make_app(svc)
        async with app.run_test() as pilot:
            await settle(pilot)
            app.query_one("#question").insert("Who warned Ankara?")  # type: ignore[attr-defined]
            await pilot.press("enter")
            await wait_for(lambda: fake.calls("stall"))  # the request is out, nothing came back
            assert app.query_one(AskPane).running and not app.query(".streaming")
            await pilot.press("escape")
            assert not app.query_one(AskPane).running and not app.query(Exchange)
            await wait_for(lambda: "stall" in fake.closed, 5)  # the server saw the request hung up

            use_model(svc, "good")
            app.query_one("#question").clear()  # type: ignore[attr-defined]
            exchange = await answered_at_once(pilot, SEED_QUESTION)
            assert exchange.answer is not None and exchange.answer.engine == "llm"
            assert len(fake.calls("stall")) == 1

    asyncio.run(scenario())


def test_escape_during_a_brief_stops_it_unsaved_and_the_next_question_is_answered_at_once(
    make_app: Any, service: Service, fake: FakeLLM, tmp_path: Path
) -> None:
    svc = OwnBriefs(llm_service(service, fake, "summary-slow-stream", **SLOW), tmp_path / "briefs")

    async def scenario() -> None:
        app = make_app(svc)
        async with app.run_test(notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("f4")
            app.query_one("#brief-undated").value = True  # type: ignore[attr-defined]
            await pilot.click("#brief-make")
            pane = app.query_one(BriefPane)
            await wait_for(lambda: fake.calls("summary-slow-stream"))  # the LLM is writing
            assert pane.running
            await pilot.press("escape")
            assert not pane.running
            await wait_for(lambda: "summary-slow-stream" in fake.closed, 5)
            assert str(app.query_one("#brief-status").visual) == "Brief cancelled — nothing was saved."

            use_model(svc, "good")
            await pilot.press("f1")
            await answered_at_once(pilot, SEED_QUESTION)
            assert len(fake.calls("summary-slow-stream")) == 1  # no later story was sent
            assert not list((tmp_path / "briefs").glob("*.json"))

    asyncio.run(scenario())


def test_escape_during_an_ingest_stops_it_and_the_next_question_is_answered_at_once(
    service: Service, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(80):  # read one by one, ~10 s or more for all of them
        (inbox / f"{n:02d}.md").write_text(
            f"---\ntitle: Bridge {n} reopens\npublished: 2024-04-01\n---\n"
            f"The bridge number {n} over the river Arden reopened on Monday after repairs to its deck.\n",
            encoding="utf-8",
        )
    fresh = Service(settings_for(tmp_path / "index"))
    fresh._embedder = service.embedder
    paused = PausedIngest(fresh, at=2)
    app = BriefingApp(paused, clock=fixed_clock(NOW), ingest_root=tmp_path)  # type: ignore[arg-type]

    async def scenario() -> None:
        async with app.run_test() as pilot:
            await settle(pilot)
            await pilot.press("f3")
            app.query_one("#ingest-path", Input).value = str(inbox)
            await pilot.press("enter")
            await asyncio.to_thread(paused.entered.wait, 10)  # the first of 80 files stored
            await pilot.press("escape")
            paused.gate.set()
            await wait_for(lambda: not app.query_one(IngestPane).running, 10)
            assert str(app.query_one("#ingest-summary").visual).startswith("Stopped: 1 added")

            await pilot.press("f1")
            exchange = await answered_at_once(pilot, "When did bridge number 0 over the river Arden reopen?")
            assert exchange.answer is not None
            assert "reopened on Monday" in exchange.answer.answer[0].text
            assert len(fresh.list_articles()) == 1

    asyncio.run(scenario())
