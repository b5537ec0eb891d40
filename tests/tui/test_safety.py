"""Untrusted text (markup, actions, ANSI escapes in an article) shows as literal characters."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.content import Content
from textual.widgets import DataTable, Static

from briefing.cli.render import safe
from briefing.tui.screens.article import ArticleScreen
from briefing.tui.widgets.conversation import Exchange
from tests.tui.helpers import HOSTILE_SENTENCE, HOSTILE_TITLE, ask, settle

LITERAL = HOSTILE_SENTENCE.replace("\x1b", "␛")


def _content(widget: Static) -> Content:
    visual = widget.visual
    assert isinstance(visual, Content)
    return visual


def _assert_literal(content: Content, expected: str) -> None:
    """The text is shown as given, with no style, link or action taken from it."""
    assert content.plain == expected
    assert "\x1b" not in content.plain
    for span in content.spans:
        style = str(span.style)
        assert "@click" not in style and "link" not in style and "red" not in style, style


def test_markup_actions_and_escapes_in_an_article_are_shown_literally(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await ask(pilot, "What did the harbour notice print beside the red code?")
            exchange = app.query_one(Exchange)
            assert exchange.answer is not None and not exchange.answer.abstained
            part = exchange.query_one(".part-text", Static)
            _assert_literal(_content(part), LITERAL)
            option = str(app.query_one("#sources-list").get_option_at_index(0).prompt)  # type: ignore[attr-defined]
            assert "[@click=quit]" in option and "␛[31m" in option and "\x1b" not in option

            await pilot.press("f2")
            await settle(pilot)
            table = app.query_one("#library-table", DataTable)
            assert str(table.get_row_at(0)[3]) == HOSTILE_TITLE
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ArticleScreen)
            line = screen.query_one("#sentence-1 .sentence-text", Static)
            _assert_literal(_content(line), LITERAL)
            assert _content(screen.query_one("#article-head", Static)).plain.startswith(safe(HOSTILE_TITLE))
            await pilot.click(line)  # clicking where "[@click=quit]" is written does nothing
            await pilot.click(line, offset=(40, 0))
            await pilot.pause()
            assert app.is_running and app.screen is screen
            svg = app.export_screenshot()
            assert "\x1b" not in svg

    asyncio.run(scenario())


def test_a_notification_quoting_a_path_or_an_error_is_shown_inert(make_app: Any, monkeypatch: Any) -> None:
    """Toasts quote errors, paths and notices (markup off); Textual strips BEL but passes ESC and
    bidi controls on to the terminal, so the app escapes them as everywhere else."""

    async def scenario() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            monkeypatch.setenv("OPENAI_API_KEY", "sk-tui-0123456789abcdefghij")
            error = "cannot read /tmp/a\x1b]0;owned\x07\u202e.txt (key sk-tui-0123456789abcdefghij)"
            app.notify(error, title="x\x1b[2J", markup=False)
            await pilot.pause(0.3)
            [notification] = list(app._notifications)
            shown = notification.message + notification.title  # what the toast draws, as Content
            assert "\x1b" not in shown and "\u202e" not in shown, repr(shown)
            assert "␛]0;owned" in shown and "sk-tui" not in shown and "(key ***)" in shown

    asyncio.run(scenario())
