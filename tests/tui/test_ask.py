"""Ask: a cited answer, its markers and side panel, opening a citation, Esc, copy, abstain."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from textual.widgets import OptionList

from briefing.tui.screens.article import ArticleScreen
from briefing.tui.screens.ask import AskPane
from briefing.tui.widgets.conversation import CitationMarker, Exchange
from briefing.tui.widgets.question_input import QuestionInput
from tests.tui.helpers import SEED_QUESTION, SEED_SENTENCE, GatedService, ask, settle


def test_ask_shows_a_cited_answer_with_its_sources(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test() as pilot:  # 80x24
            await settle(pilot)
            await ask(pilot, SEED_QUESTION)
            exchange = app.query_one(Exchange)
            assert exchange.answer is not None and not exchange.answer.abstained
            assert "7,400 Turkish soldiers" in exchange.answer.answer[0].text
            markers = app.query(CitationMarker)
            assert [(m.n, m.sid) for m in markers] == [(1, SEED_SENTENCE)]
            assert str(markers.first().visual) == "[1]"
            part_text = str(exchange.query_one(".part-text").visual)
            assert part_text == exchange.answer.answer[0].text
            panel = app.query_one("#sources-list", OptionList)
            assert panel.option_count == 1 and panel.get_option_at_index(0).id == SEED_SENTENCE
            assert "Press TV" in str(panel.get_option_at_index(0).prompt)
            assert not app.query_one(AskPane).running
            assert app.query_one(QuestionInput).text == ""

    asyncio.run(scenario())


def test_choosing_a_marker_opens_the_sentence_highlighted_in_its_article(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await ask(pilot, SEED_QUESTION)
            answer = app.query_one(Exchange).answer
            await pilot.press("shift+tab")  # keyboard: from the question box back to the marker…
            while not isinstance(app.focused, CitationMarker):
                await pilot.press("shift+tab")
            await pilot.press("enter")  # …and Enter opens it
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ArticleScreen)
            cited = screen.cited_line()
            assert cited is not None and cited.sentence.n == 6
            assert cited.sentence.text == answer.sources[SEED_SENTENCE].text
            assert len(screen.query(".sentence.-cited")) == 1
            head = str(screen.query_one("#article-head").visual)
            assert "At least 10 Turkish soldiers" in head
            assert "Press TV · date unknown" in head
            body = screen.query_one("#article-body")
            assert body.region.contains_region(cited.region), "the cited sentence is scrolled into view"
            assert body.scroll_y > 0
            await pilot.press("escape")
            assert not isinstance(app.screen, ArticleScreen)
            await pilot.click(CitationMarker)  # a click opens it too
            await settle(pilot)
            assert isinstance(app.screen, ArticleScreen) and app.screen.cited_line() is not None

    asyncio.run(scenario())


def test_tab_in_the_question_box_goes_to_the_answer_s_marker(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await pilot.press("tab")  # no answer yet: Tab moves on as usual
            assert not isinstance(app.focused, (QuestionInput, CitationMarker))
            await ask(pilot, SEED_QUESTION)  # the question box has the focus again
            await pilot.press("tab")  # one Tab (it took three: the tab bar, the conversation, then it)
            assert isinstance(app.focused, CitationMarker) and app.focused.sid == SEED_SENTENCE
            await pilot.press("tab")  # from the marker on: the usual order
            assert app.focused is app.query_one("#sources-list")

    asyncio.run(scenario())


def test_side_panel_entry_opens_the_citation(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await ask(pilot, SEED_QUESTION)
            app.query_one("#sources-list").focus()
            await pilot.press("down", "enter")
            await settle(pilot)
            assert isinstance(app.screen, ArticleScreen)
            assert app.screen.cited_line().sentence.n == 6  # type: ignore[union-attr]

    asyncio.run(scenario())


def test_escape_cancels_a_running_answer_and_puts_the_question_back(
    make_app: Any, gated: GatedService
) -> None:
    async def scenario() -> None:
        app = make_app(gated)
        async with app.run_test() as pilot:
            await settle(pilot)
            app.query_one("#question").focus()
            await pilot.press(*"Who stopped work?")
            await pilot.press("enter")
            await asyncio.to_thread(gated.entered.wait, 5)
            await pilot.pause()
            pane = app.query_one(AskPane)
            assert pane.running and len(app.query(Exchange)) == 1
            assert app.query_one(QuestionInput).text == ""
            await pilot.press("escape")
            await pilot.pause()
            assert not pane.running
            assert app.query_one(QuestionInput).text == "Who stopped work?"
            assert app.query_one(QuestionInput).has_focus
            assert len(app.query(Exchange)) == 0
            gated.gate.set()  # the service finishes anyway; its answer must be ignored
            await asyncio.to_thread(gated.returned.wait, 5)
            await settle(pilot)
            assert len(app.query(Exchange)) == 0
            assert app.query_one(QuestionInput).text == "Who stopped work?"
            assert app.query_one(AskPane).backend.history.load() == []

    asyncio.run(scenario())


def test_copy_answer_as_markdown_with_sources(make_app: Any, service: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await ask(pilot, SEED_QUESTION)
            await pilot.press("ctrl+o")
            await settle(pilot)
            copied = app.clipboard
            assert copied.startswith(f"**Q:** {SEED_QUESTION}")
            assert "7,400 Turkish soldiers had been deployed" in copied and "[1]" in copied
            assert "**Sources**" in copied and "Press TV" in copied and SEED_SENTENCE in copied
            saved = service.settings.storage.path / "last-answer.md"
            assert saved.read_text(encoding="utf-8") == copied

    asyncio.run(scenario())


def test_unanswerable_question_says_so_and_lists_related_sentences(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await ask(pilot, "What is the capital of France?")
            exchange = app.query_one(Exchange)
            assert exchange.answer is not None and exchange.answer.abstained
            assert "do not answer" in str(exchange.query_one(".abstain").visual)
            related = exchange.query(".part.related")
            assert len(related) == len(exchange.answer.related) > 0
            assert [m.sid for m in app.query(CitationMarker)] == exchange.answer.related
            assert "Related" in str(app.query_one("#sources-title").visual)

    asyncio.run(scenario())


def test_the_answer_span_is_highlighted_and_as_of_is_set_from_the_question_box(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await ask(pilot, SEED_QUESTION)
            exchange = app.query_one(Exchange)
            assert exchange.answer is not None
            span = exchange.answer.answer[0].answer_span
            assert span is not None and span.text == "7,400"
            content = exchange.query_one(".part-text").visual
            styled = [str(content)[s.start : s.end] for s in content.spans if "reverse" in str(s.style)]
            assert styled == ["7,400"]
            pane = app.query_one(AskPane)
            box = app.query_one(QuestionInput)
            box.text = "/as-of 2017-04-10"
            box.action_submit()
            await settle(pilot)
            assert pane.backend.as_of == dt.date(2017, 4, 10) and box.text == ""
            assert len(app.query(Exchange)) == 1  # a setting, not a question
            box.text = "/as-of"
            box.action_submit()
            await settle(pilot)
            assert pane.backend.as_of is None

    asyncio.run(scenario())
