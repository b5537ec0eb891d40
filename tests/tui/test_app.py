"""The frame: tabs and keys, the command palette, themes, what Esc does, the CLI entry."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import Any

from click.testing import CliRunner
from textual.widgets import TabbedContent

from briefing.tui.app import BriefingApp
from tests.tui.helpers import settle


def test_tabs_keys_palette_and_themes(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            tabs = app.query_one(TabbedContent)
            for key, name in [("f2", "library"), ("f3", "ingest"), ("f4", "brief"), ("f1", "ask")]:
                await pilot.press(key)
                assert tabs.active == name
                assert app.check_action("cancel", ()) is False  # Esc is offered only when it can act
                if name == "brief":  # no saved brief: the cursor is in the form, where typing goes
                    assert app.query_one("#brief-since").has_focus
                    assert str(app.query_one("#brief-view .empty").visual).startswith("No brief open.")
            assert app.query_one("#question").has_focus
            titles = {command.title for command in app.get_system_commands(app.screen)}
            for wanted in (
                "Go to Ask",
                "Go to Library",
                "Go to Ingest",
                "Go to Brief",
                "Cancel or stop",
                "Brief: write a new one",
                "Copy answer as Markdown",
                "Search history",
                "Clear history",
                "Refresh library",
                "Light/dark theme",
                "Quit",
            ):
                assert wanted in titles
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert type(app.screen).__name__ == "CommandPalette"
            await pilot.press(*"go to lib", "enter")
            await pilot.pause()
            assert tabs.active == "library"
            assert app.current_theme.dark
            await pilot.press("ctrl+t")
            assert not app.current_theme.dark
            await pilot.press("ctrl+t")
            assert app.current_theme.dark

    asyncio.run(scenario())


def test_copy_without_an_answer_only_warns(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert app.clipboard == ""
            assert [n.message for n in app._notifications] == ["No answer to copy yet."]

    asyncio.run(scenario())


def test_cli_opens_no_tui_without_a_terminal_and_ask_never_imports_textual() -> None:
    from briefing.cli.main import main

    result = CliRunner().invoke(main, [])
    assert result.exit_code == 0 and "tui" in result.output and "ingest" in result.output
    assert "tui" in CliRunner().invoke(main, ["--help"]).output
    code = "import sys, briefing.cli.main; sys.argv=['briefing']; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert BriefingApp.CSS_PATH == "briefing.tcss"


def test_the_footer_shows_the_quit_key_on_every_screen_and_it_quits(make_app: Any, service: Any) -> None:
    from textual.widgets._footer import FooterKey

    from briefing.tui.screens.article import ArticleScreen

    def quit_key_shown(app: BriefingApp) -> bool:
        """A ``^q Quit`` key in the footer, inside an 80-column screen (not scrolled off its right)."""
        keys = [k for k in app.screen.query(FooterKey) if k.description == "Quit"]
        return [k.key for k in keys] == ["ctrl+q"] and 0 < keys[0].region.right <= 80

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert quit_key_shown(app)  # a new user saw no way out
            app.push_screen(ArticleScreen(app.backend, service.list_articles()[0].id))
            await settle(pilot)
            assert quit_key_shown(app)
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert not app.is_running

    asyncio.run(scenario())
