"""The TUI's undated-article hints name what its user can do: there is no --published on the
Ingest tab and no --include-undated on the Brief tab (the form has a checkbox)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Input, OptionList

from briefing.service.facade import Service
from briefing.tui.app import BriefingApp, fixed_clock
from briefing.tui.widgets.brief_view import BriefView
from tests.tui.helpers import NOW, settings_for, settle


def test_undated_hints_name_the_tui_s_own_controls(tmp_path: Path) -> None:
    story = tmp_path / "bridge.md"
    story.write_text(
        "---\ntitle: Bridge reopens\npublished: sometime in spring\n---\n"
        "The river bridge reopened to traffic on Thursday after three weeks of repairs.\n",
        encoding="utf-8",
    )
    settings = settings_for(tmp_path / "index").with_overrides(**{"brief.dir": str(tmp_path / "briefs")})
    app = BriefingApp(Service(settings), clock=fixed_clock(NOW), ingest_root=tmp_path)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            app.query_one("#ingest-path", Input).value = str(story)
            await pilot.press("enter")
            await settle(pilot)
            errors = app.query_one("#ingest-errors", OptionList)
            shown = str(errors.get_option_at_index(0).prompt)
            assert "date 'sometime in spring' not understood; indexed without a date" in shown, shown
            assert "--published" not in shown and "ingest it again" in shown, shown
            assert "tick “Include undated” on the Brief tab" in shown, shown
            await pilot.press("f4")
            await settle(pilot)
            app.query_one("#brief-since", Input).value = "2024-04-01"
            app.query_one("#brief-until", Input).value = "2024-04-30"
            await pilot.click("#brief-make")
            await settle(pilot)
            notes = [str(w.visual) for w in app.query_one(BriefView).query(".brief-note")]
            assert any("1 undated article(s) left out" in note for note in notes), notes
            assert not any("--include-undated" in note for note in notes), notes
            assert any("tick “Include undated” to cover them" in note for note in notes), notes

    asyncio.run(scenario())
