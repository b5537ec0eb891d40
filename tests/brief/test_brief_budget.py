"""Briefs an analyst reads in two minutes, that belong to their index, with page furniture kept out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.brief import budget, export
from briefing.brief import saved as saved_briefs
from briefing.brief.attribution import attributions
from briefing.cli.main import main
from briefing.core.brief_models import Budget, Window
from briefing.service.facade import Service
from briefing.text.furniture import strip
from tests.conftest import settings_for

DATA = Path(__file__).resolve().parents[1] / "data" / "service"


def test_furniture_is_kept_out_of_sentences() -> None:
    title = "58 Killed in Suspected Gas Attack in Syrias Idlib"
    glued = (
        f"Posted on April 4 2017 by Asharq Al-Awsat English {title} Dozens of people were killed on Tuesday."
    )
    assert strip(glued, title) == "Dozens of people were killed on Tuesday."
    assert strip("Published April 19 2017 A war monitor said 20 civilians died.") == (
        "A war monitor said 20 civilians died."
    )
    assert strip("Tags Syria Idlib gas attack chlorine Observatory Assad Warplanes struck.") == ""
    assert strip("Source SANA") == ""
    last = strip("The minister spoke. Last Update: Thursday 22 August 2013 He left.")
    assert "2013" not in last and "He left" in last
    # a dateline before the claimant does not become part of it
    (att,) = attributions(strip("Thursday 6 April 2017 Turkey said tests point to sarin."))
    assert att.claimant == "Turkey"


def test_claimants_come_from_the_parse() -> None:
    assert attributions("The states that border Syria agreed to talks.") == []  # a noun, not a cue
    assert attributions("It deemed such claims as rebel propaganda.") == []
    (att,) = attributions("Qatar condemned the bombing of the hospital.")
    assert (att.claimant, att.stance) == ("Qatar", "condemned")
    (att,) = attributions("At least 72 people were killed, a monitor said.")
    assert att.claimant == "a monitor" and att.content.startswith("At least 72")


def _sibling(mp: pytest.MonkeyPatch, parent: Path, name: str, inputs: list[str]) -> Service:
    service = Service(settings_for(mp, parent).with_overrides(**{"storage.path": str(parent / name)}))
    assert service.ingest(inputs).ok
    return service


def test_two_sibling_indexes_keep_their_own_briefs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = _sibling(monkeypatch, tmp_path, "a", [str(DATA / "ferry_aegean_2020-03-02.md")])
    b = _sibling(monkeypatch, tmp_path, "b", [str(DATA / "ferry_island_2020-03-20.md")])
    assert a.briefs_dir() != b.briefs_dir() and a.briefs_dir().is_relative_to(tmp_path / "a")
    runner = CliRunner()
    day = "2020-03-02"
    for name in ("a", "b"):
        result = runner.invoke(main, ["daily", "--date", day, "--index", str(tmp_path / name), "--json"])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)  # (a day with no article and no inputs warns on stderr)
        assert summary["date"] == day and Path(summary["json"]).is_file()
    # same day, two indexes: neither overwrote the other
    assert saved_briefs.load_brief(a.briefs_dir() / f"{day}.json").articles == 1
    assert saved_briefs.load_brief(b.briefs_dir() / f"{day}.json").articles == 0
    assert [f.window for f in a.list_briefs()] == [day] and len(b.list_briefs()) == 1
    # a legacy shared folder beside the indexes is still read, but only for this index's briefs
    legacy = tmp_path / "briefs"
    legacy.mkdir()
    old = saved_briefs.load_brief(b.briefs_dir() / f"{day}.json")
    (legacy / "old.json").write_text(export.to_json(old))
    assert len(a.list_briefs()) == 1 and len(b.list_briefs()) == 2
    # "new since" compares with the previous brief of the same index and window
    again = a.brief(Window(since=dt.date(2020, 3, 2), until=dt.date(2020, 3, 2)))
    assert again.previous is not None and not any(c.kind == "new story" for c in again.changes)
    other_window = a.brief(Window(since=dt.date(2020, 3, 1), until=dt.date(2020, 3, 3)))
    assert other_window.previous is None


def test_budget_keeps_the_markdown_short_and_the_json_whole(seeded_index: object) -> None:
    service = seeded_index.service  # type: ignore[attr-defined]
    brief = service.brief(Window(include_undated=True))
    full = export.to_markdown(budget.fit(brief, Budget.unlimited()))
    short = budget.fit(brief, Budget(max_words=150, claims=1, figures=1))
    text = export.to_markdown(short)
    assert budget.words(text) <= max(
        150, budget.words(export.to_markdown(budget.fit(brief, Budget(max_words=1))))
    )
    assert budget.words(text) < budget.words(full)
    assert all(len(s.claims) <= 1 and len(s.figures) <= 1 for s in short.stories)
    assert any("in the JSON (or --full)" in n for n in short.notes)
    assert "\\#" not in text and "\\#" not in full
    whole = json.loads(export.to_json(brief))
    assert sum(len(s["claims"]) for s in whole["stories"]) >= sum(len(s.claims) for s in short.stories)
