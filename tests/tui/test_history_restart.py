"""History in the UI: it survives a restart, can be searched, and can be cleared."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.widgets import Input

from briefing.tui.history import History
from briefing.tui.screens.ask import AskPane
from briefing.tui.screens.confirm import ConfirmScreen
from briefing.tui.widgets.conversation import CitationMarker, Exchange
from tests.tui.helpers import SEED_QUESTION, SEED_SENTENCE, ask, settle


def test_history_survives_a_restart_and_can_be_searched_and_cleared(make_app: Any, history: History) -> None:
    async def first_session() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await ask(pilot, SEED_QUESTION)
            await ask(pilot, "When did rail freight resume?")
            assert len(app.query(Exchange)) == 2

    async def second_session() -> None:
        app = make_app()  # a new app on the same history file: a restart
        async with app.run_test() as pilot:
            await settle(pilot)
            exchanges = list(app.query(Exchange))
            assert [e.question for e in exchanges] == [SEED_QUESTION, "When did rail freight resume?"]
            assert str(exchanges[0].query_one(".who").visual) == "You · 2024-05-01 09:30"
            assert exchanges[0].markers()[0].sid == SEED_SENTENCE  # restored answers keep their citations

            await pilot.press("ctrl+f")
            search = app.query_one("#history-search", Input)
            assert search.has_focus
            await pilot.press(*"turkish")
            await settle(pilot)
            assert [e.question for e in app.query(Exchange)] == [SEED_QUESTION]
            assert str(app.query_one("#history-status").visual).startswith("1 past exchange(s) match")
            await pilot.press(*" penguins")
            await settle(pilot)
            assert len(app.query(Exchange)) == 0
            await pilot.press("escape")  # closes the search: everything is back
            await settle(pilot)
            assert not app.query_one(AskPane).searching
            assert len(app.query(Exchange)) == 2

            await pilot.press("ctrl+l")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
            await settle(pilot)
            assert len(app.query(Exchange)) == 0 and len(app.query(CitationMarker)) == 0

    asyncio.run(first_session())
    assert [r.question for r in history.load()] == [SEED_QUESTION, "When did rail freight resume?"]
    asyncio.run(second_session())
    assert history.load() == []
