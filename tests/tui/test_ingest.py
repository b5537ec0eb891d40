"""Ingest: a folder with a good and a bad file, progress, per-file errors, library refresh."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from textual.message import Message
from textual.widgets import Button, DataTable, Input, OptionList, ProgressBar

from briefing.service.facade import Service
from briefing.tui.app import BriefingApp, fixed_clock
from briefing.tui.messages import IngestProgress
from briefing.tui.screens.ingest import IngestPane, split_specs
from briefing.tui.widgets.safe_tree import SafeDirectoryTree
from tests.tui.helpers import NOW, PausedIngest, settings_for, settle


def test_ingest_a_folder_with_a_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.md").write_text(
        "---\ntitle: Bridge reopens\nsource: Valley Post\npublished: 2024-04-04\n---\n"
        "The river bridge reopened to traffic on Thursday after three weeks of repairs.\n",
        encoding="utf-8",
    )
    (folder / "broken.json").write_text('{"title": "half a record", ', encoding="utf-8")
    service = Service(settings_for(tmp_path / "index"))
    app = BriefingApp(service, clock=fixed_clock(NOW), ingest_root=tmp_path)
    progress: list[IngestProgress] = []

    def hook(message: Message) -> None:
        if isinstance(message, IngestProgress):
            progress.append(message)

    async def scenario() -> None:
        async with app.run_test(message_hook=hook) as pilot:
            await settle(pilot)
            assert app.query_one("#library-table", DataTable).row_count == 0
            await pilot.press("f3")
            assert app.query_one("#ingest-path").has_focus
            tree = app.query_one(SafeDirectoryTree)
            for _ in range(50):  # the tree lists tmp_path in its own worker
                if tree.root.children:
                    break
                await pilot.pause(0.05)
            assert str(tree.root.children[0].label) == "inbox"
            tree.focus()
            await pilot.press("down", "enter")  # pick the folder in the tree…
            box = app.query_one("#ingest-path", Input)
            assert box.value == str(folder) and box.has_focus
            await pilot.press("enter")  # …and ingest it
            await settle(pilot)
            pane = app.query_one(IngestPane)
            assert not pane.running
            assert progress and progress[0].total == 2 and progress[-1].label == "done"
            summary = str(app.query_one("#ingest-summary").visual)
            assert summary.startswith("1 added, 0 replaced, 0 unchanged, 1 failed")
            assert re.fullmatch(r"Done in \d+:\d\d\.", str(app.query_one("#ingest-current").visual))
            errors = app.query_one("#ingest-errors", OptionList)
            assert errors.option_count == 1
            assert "broken.json" in str(errors.get_option_at_index(0).prompt)
            assert app.query_one(ProgressBar).percentage == 1.0
            table = app.query_one("#library-table", DataTable)
            assert table.row_count == 1 and str(table.get_row_at(0)[3]) == "Bridge reopens"

    asyncio.run(scenario())


def test_escape_stops_an_ingest_and_keeps_what_was_read(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n, town in enumerate(["Arden", "Brill", "Corfe"]):
        (folder / f"{n}.md").write_text(
            f"---\ntitle: {town} library reopens\npublished: 2024-04-0{n + 1}\n---\n"
            f"The public library in {town} reopened on Monday after a new roof was fitted.\n",
            encoding="utf-8",
        )
    paused = PausedIngest(Service(settings_for(tmp_path / "index")), at=2)
    app = BriefingApp(paused, clock=fixed_clock(NOW), ingest_root=tmp_path)  # type: ignore[arg-type]

    async def scenario() -> None:
        async with app.run_test(notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            app.query_one("#ingest-path", Input).value = str(folder)
            await pilot.press("enter")
            await asyncio.to_thread(paused.entered.wait, 10)  # the first of three files stored
            pane = app.query_one(IngestPane)
            assert pane.running and not app.query_one("#ingest-stop", Button).disabled
            # while an input is read the line says the run is alive: time ticks
            await pilot.pause(1.2)
            current = str(app.query_one("#ingest-current").visual)
            assert re.fullmatch(r"Reading .*0\.md — input 1 of 3 · 0:0[1-9]", current), current
            await pilot.press("escape")
            assert app.query_one("#ingest-stop", Button).disabled  # asked once is enough
            pane.post_message(IngestProgress("1.md", 1, 3))  # what the run reports while it stops
            await pilot.pause()
            current = str(app.query_one("#ingest-current").visual)  # was "Reading 1.md …": Esc looked ignored
            assert current.startswith("Stopping… (1.md — input 2 of 3)"), current
            paused.gate.set()
            await settle(pilot)
            assert not pane.running
            summary = str(app.query_one("#ingest-summary").visual)
            assert summary.startswith("Stopped: 1 added, 0 replaced, 0 unchanged, 0 failed")
            assert app.query_one(ProgressBar).percentage == 1 / 3
            assert "Ingest stopped" in [n.title for n in app._notifications]
            assert app.query_one("#library-table", DataTable).row_count == 1
            assert not app.query_one("#ingest-start", Button).disabled

    asyncio.run(scenario())


def test_ingest_specs_are_split_like_a_shell() -> None:
    assert split_specs("a.md 'my file.md' https://x.org/a") == ["a.md", "my file.md", "https://x.org/a"]
    assert split_specs("it's.md") == ["it's.md"]
    assert split_specs("   ") == []


def test_a_pasted_path_with_a_space_is_ingested_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unquoted path holding a space, typed or pasted in the box, was two missing files."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Wire copy.md").write_text(
        "---\ntitle: Ferry returns\n---\nThe island ferry returned to service on Sunday after a storm.\n",
        encoding="utf-8",
    )
    app = BriefingApp(Service(settings_for(tmp_path / "index")), clock=fixed_clock(NOW), ingest_root=tmp_path)

    async def scenario() -> None:
        async with app.run_test() as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await pilot.press(*"Wire copy.md", "enter")
            await settle(pilot)
            summary = str(app.query_one("#ingest-summary").visual)
            assert summary.startswith("1 added, 0 replaced, 0 unchanged, 0 failed"), summary
            assert app.query_one("#ingest-errors", OptionList).option_count == 0

    asyncio.run(scenario())
    assert split_specs("Wire copy.md") == ["Wire copy.md"]  # it exists: whole
    assert split_specs("Wire other.md") == ["Wire", "other.md"]  # it does not: words, as before


def test_an_ambiguous_published_date_is_listed_as_a_warning(tmp_path: Path) -> None:
    story = tmp_path / "bridge.md"
    story.write_text(
        "---\ntitle: Bridge reopens\npublished: 05/03/2024\n---\n"
        "The river bridge reopened to traffic on Thursday after three weeks of repairs.\n",
        encoding="utf-8",
    )
    app = BriefingApp(Service(settings_for(tmp_path / "index")), clock=fixed_clock(NOW), ingest_root=tmp_path)

    async def scenario() -> None:
        async with app.run_test() as pilot:
            await settle(pilot)
            await pilot.press("f3")
            app.query_one("#ingest-path", Input).value = str(story)
            await pilot.press("enter")
            await settle(pilot)
            summary = str(app.query_one("#ingest-summary").visual)
            assert summary.startswith("1 added, 0 replaced, 0 unchanged, 0 failed, 1 with warnings"), summary
            errors = app.query_one("#ingest-errors", OptionList)
            assert errors.option_count == 1
            shown = str(errors.get_option_at_index(0).prompt)
            assert shown.startswith(f"{story}: the date 05/03/2024 could be day or month first")

    asyncio.run(scenario())
