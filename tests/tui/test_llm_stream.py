"""LLM answers in the Ask tab, against the scripted OpenAI-compatible server (tests/llm_server.py):
the text streams into the conversation, then the checked answer replaces it, flags and all."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.widgets import Static

from briefing.service.facade import Service
from briefing.tui.widgets.conversation import CitationMarker, Exchange
from tests.llm_server import FakeLLM
from tests.tui.helpers import SEED_QUESTION, SEED_SENTENCE, HeldService, ask, llm_service, settle


def test_llm_text_streams_then_the_checked_answer_flags_an_invented_number(
    make_app: Any, service: Service, fake: FakeLLM
) -> None:
    held = HeldService(llm_service(service, fake, "invented-number"))

    async def scenario() -> None:
        app = make_app(held)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            box = app.query_one("#question")
            box.insert(SEED_QUESTION)  # type: ignore[attr-defined]
            await pilot.press("enter")
            await asyncio.to_thread(held.answered.wait, 10)  # streamed, checked, not yet returned
            await pilot.pause()
            exchange = app.query_one(Exchange)
            streamed = "".join(held.pieces)
            assert len(held.pieces) > 5 and streamed.endswith("had been deployed in Idlib and Aleppo. [1]")
            assert str(exchange.query_one(".streaming", Static).visual) == streamed
            assert exchange.answer is None and not exchange.query(".part")

            held.gate.set()
            await settle(pilot)
            assert not exchange.query(".streaming") and exchange.answer is not None
            assert exchange.answer.engine == "llm"
            parts = exchange.query(".part")
            assert len(parts) == 2 and not parts[0].has_class("unsupported")
            flagged = parts[1]
            assert flagged.has_class("unsupported")
            text = str(flagged.query_one(".part-text", Static).visual)
            assert text.startswith("The monitor said 9,000 Turkish soldiers")
            assert text.endswith("\n✗ unsupported: 9,000 not in the cited text")
            assert [m.sid for m in flagged.query(CitationMarker)] == [SEED_SENTENCE]  # still openable

            # Esc while the text streams: the exchange goes, later text is ignored, the stream stops
            held.pieces.clear()
            held.answered.clear()
            held.pause_stream.set()
            box.insert("How many soldiers?")  # type: ignore[attr-defined]
            await pilot.press("enter")
            await asyncio.to_thread(held.streaming.wait, 10)
            await pilot.pause()
            second = app.query(Exchange).last()
            assert str(second.query_one(".streaming", Static).visual) == held.pieces[0]
            await pilot.press("escape")
            assert len(app.query(Exchange)) == 1 and box.text == "How many soldiers?"  # type: ignore[attr-defined]
            held.resume.set()
            await asyncio.to_thread(held.answered.wait, 10)  # the service returned (its answer dropped)
            await settle(pilot)
            assert len(held.pieces) == 1, "the stream stopped at its next piece: no text after Esc"
            assert len(app.query(Exchange)) == 1 and not app.query(".streaming")

    asyncio.run(scenario())


def test_a_failing_llm_falls_back_with_a_notice_in_the_conversation(
    make_app: Any, service: Service, fake: FakeLLM
) -> None:
    async def scenario() -> None:
        app = make_app(llm_service(service, fake, "server-error"))
        async with app.run_test(notifications=True) as pilot:
            await settle(pilot)
            await ask(pilot, SEED_QUESTION)
            exchange = app.query_one(Exchange)
            assert exchange.answer is not None and exchange.answer.engine == "extractive"
            notice = str(exchange.query_one(".notice", Static).visual)
            assert notice.startswith(f"⚠ the LLM at {fake.url} failed with HTTP 500")
            assert notice.endswith("— answered with the extractive engine instead")
            assert "7,400 Turkish soldiers" in str(exchange.query_one(".part-text", Static).visual)
            assert [n.message for n in app._notifications] == [exchange.answer.notice]

    asyncio.run(scenario())


def test_a_citation_briefing_attributed_is_marked_in_the_conversation(
    make_app: Any, service: Service, fake: FakeLLM
) -> None:
    svc = llm_service(service, fake, "smol")
    svc = Service(svc.settings.with_overrides(**{"llm.structured": "off"}))
    svc._embedder = service.embedder

    async def scenario() -> None:
        app = make_app(svc)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            await ask(pilot, SEED_QUESTION)
            exchange = app.query_one(Exchange)
            assert exchange.answer is not None and exchange.answer.engine == "llm"
            first = exchange.query(".part").first()
            assert not first.has_class("unsupported")
            text = str(first.query_one(".part-text", Static).visual)
            assert text.endswith("\ncitation attributed by briefing, then checked")
            assert [m.sid for m in first.query(CitationMarker)] == [SEED_SENTENCE]

    asyncio.run(scenario())
