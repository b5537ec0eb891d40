"""Library: every article listed, filtered as you type, by source and by date; opening one."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.widgets import DataTable, Input, Select

from briefing.tui.screens.article import ArticleScreen
from briefing.tui.screens.library import LibraryPane


def _titles(table: DataTable[Any]) -> list[str]:
    return [str(table.get_row_at(i)[3]) for i in range(table.row_count)]


def test_library_lists_and_filters_articles(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await pilot.pause()
            await pilot.press("f2")
            await pilot.pause()
            table = app.query_one("#library-table", DataTable)
            for _ in range(50):  # the list loads in a worker
                if table.row_count:
                    break
                await pilot.pause(0.05)
            assert table.row_count == 3
            assert table.has_focus
            first = table.get_row_at(0)
            assert [str(cell) for cell in first[:3]] == ["2024-03-02", "Coast Gazette", "3"]
            assert str(first[3]).startswith("Harbour notice")
            status = str(app.query_one("#library-status").visual)
            assert status.startswith("3 of 3 article(s)")

            await pilot.press(*"rail")  # typing on the table types into the filter
            assert app.query_one("#library-filter", Input).value == "rail"
            assert _titles(table) == ["Rail freight resumes after signal repairs"]
            await pilot.press(*" zzz")
            assert table.row_count == 0
            assert str(app.query_one("#library-status").visual).startswith("0 of 3")
            app.query_one("#library-filter", Input).value = ""
            await pilot.pause()
            assert table.row_count == 3

            app.query_one("#library-source", Select).value = "Press TV"
            await pilot.pause()
            assert len(_titles(table)) == 1 and _titles(table)[0].startswith("At least 10 Turkish")
            app.query_one("#library-source", Select).clear()
            await pilot.pause()

            since = app.query_one("#library-since", Input)
            since.value = "2024-02-01"
            await pilot.pause()
            assert len(_titles(table)) == 1 and _titles(table)[0].startswith("Harbour notice")
            since.value = "2024-13-99"  # not a date: marked invalid and ignored
            await pilot.pause()
            assert since.has_class("-invalid") and table.row_count == 3
            since.value = ""
            app.query_one("#library-until", Input).value = "2024-01-31"
            await pilot.pause()
            assert _titles(table) == ["Rail freight resumes after signal repairs"]

            table.focus()
            await pilot.press("enter")
            for _ in range(50):
                if isinstance(app.screen, ArticleScreen) and app.screen.article is not None:
                    break
                await pilot.pause(0.05)
            screen = app.screen
            assert isinstance(screen, ArticleScreen) and screen.cited_line() is None
            numbers = [str(n.visual).strip() for n in screen.query(".sentence-n")]
            assert numbers == ["0", "1"]
            assert "Metro Daily · 2024-01-15" in str(screen.query_one("#article-head").visual)
            await pilot.press("escape")
            assert isinstance(app.query_one(LibraryPane), LibraryPane)

    asyncio.run(scenario())
