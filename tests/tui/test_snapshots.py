"""Snapshots of the main screens at 100x30 (fixed clock, seeded index, no cursor blink).

Regenerate with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs
in ``__snapshots__`` before accepting them.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import TextArea

from briefing.tui.screens.article import ArticleScreen
from briefing.tui.widgets.conversation import CitationMarker
from tests.tui.helpers import SEED_QUESTION, OwnBriefs, ask, settle
from tests.tui.test_brief import saved_brief

SIZE = (100, 30)
FRAME = 0.2
"""Seconds for the last repaint (a scrollbar thumb lags its scroll by a frame or two)."""


async def _answered(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    pilot.app.query_one(TextArea).cursor_blink = False
    await ask(pilot, SEED_QUESTION)
    await pilot.pause(FRAME)


def test_ask_screen_with_an_answer(make_app: Any, snap_compare: Any) -> None:
    """The conversation with a cited answer, its marker, and the sources panel on the right."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_answered)


def test_article_with_the_cited_sentence_highlighted(make_app: Any, snap_compare: Any) -> None:
    """The seed article opened from marker [1]: sentence 6 highlighted and scrolled into view."""

    async def open_citation(pilot: Pilot[Any]) -> None:
        await _answered(pilot)
        pilot.app.query_one(CitationMarker).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ArticleScreen)
        await pilot.pause(FRAME)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_citation)


def test_library(make_app: Any, snap_compare: Any) -> None:
    """The library tab: three articles, newest first, undated last."""

    async def library(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.pause(FRAME)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=library)


def test_brief(make_app: Any, service: Any, tmp_path: Any, snap_compare: Any) -> None:
    """The Brief tab: one saved brief listed, opened with its stories and citation markers."""
    svc = OwnBriefs(service, tmp_path / "briefs")
    saved_brief(svc)

    async def brief(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("f4", "enter")
        await settle(pilot)
        await pilot.pause(FRAME)

    assert snap_compare(make_app(svc), terminal_size=SIZE, run_before=brief)
