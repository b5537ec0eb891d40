"""At 60 columns the Brief tab's form fits: every box, the checkbox and the button are on screen
and wide enough to use (at 60x24 the button and the checkbox were pushed past the edge)."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.widgets import Button, Checkbox, Input

from tests.tui.helpers import settle


def test_the_brief_form_fits_at_60_columns(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(60, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f4")
            await settle(pilot)
            screen = app.screen.region
            form = app.query_one("#brief-form")
            widgets = [*form.query(Input), form.query_one(Checkbox), form.query_one(Button)]
            report = {w.id: w.region for w in widgets}
            for widget in widgets:
                region = widget.region
                assert region.width > 0 and screen.contains_region(region), report
            for box in form.query(Input):  # a date fits whole: YYYY-MM-DD and the cursor
                assert box.content_region.width >= 11, report
            checkbox = form.query_one(Checkbox)
            assert checkbox.content_region.width >= len("▐X▌ Include undated"), report
            assert app.query_one("#brief-list").region.height >= 5  # the form leaves room for the list
            await pilot.click("#brief-make")  # reachable by the mouse, not only by Tab

    asyncio.run(scenario())
