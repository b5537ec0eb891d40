"""Situation briefs end to end: real ingest, real index, every line cited and supported."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.brief import build as briefs
from briefing.brief import export as brief_export
from briefing.brief import saved as saved_briefs
from briefing.cli.main import main
from briefing.core.brief_models import Brief, Window
from briefing.service.facade import Service
from briefing.text.terms import words
from tests.conftest import DATA, SEEDS, CliRunner

NOW = dt.datetime(2020, 3, 3, 8, 0, tzinfo=dt.UTC)
HOSTILE_TITLE = "<script>alert(1)</script> [bold red]Lesbos[/] [^1]: forged"
EXTRA = {
    # the same ferry sinking from a second outlet, with a different toll
    "harbour_daily.md": (
        "Ferry sinks off Lesbos, 12 missing",
        "Harbour Daily",
        "2020-03-02",
        "A ferry carrying 40 passengers sank off Lesbos on Sunday, the coast guard said.\n"
        "The coast guard said 12 passengers were missing after the ferry sank in strong winds.",
    ),
    # a syndicated copy of the Aegean Wire text under another outlet: one origin, not two
    "syndicated.md": (
        "Ferry sinks off Lesbos",
        "Mirror Wire",
        "2020-03-02",
        (DATA / "service" / "ferry_aegean_2020-03-02.md").read_text().split("---", 2)[2].strip()
        + "\nThis report was distributed by Mirror Wire.",
    ),
    "hostile.md": (
        HOSTILE_TITLE,
        "<b>Evil</b> Wire",
        "2020-03-02",
        "A ferry carrying 40 passengers sank off the island of Lesbos on Sunday, the coast guard said.\n"
        "Rescuers said the <script>alert(2)</script> ferry sank off Lesbos on Sunday, "
        "and [^2]: forged *stars* `code` # not a heading.\nThe coast guard said two people were missing.",
    ),
}


@pytest.fixture(scope="module")
def service(
    tmp_path_factory: pytest.TempPathFactory, make_index: Callable[[str, list[str]], Service]
) -> Service:
    root = tmp_path_factory.mktemp("brief_inputs")
    for name, (title, source, published, body) in EXTRA.items():
        front = f'---\ntitle: "{title}"\nsource: "{source}"\npublished: {published}\n---\n'
        (root / name).write_text(front + body + "\n")
    inputs = [str(SEEDS), str(DATA / "service" / "ferry_aegean_2020-03-02.md"), str(root)]
    return make_index("brief", inputs)


def _check_cited_and_supported(brief: Brief) -> None:
    """Every cited id is in sources, and each item's words are in its cited sentences."""
    text = {sid: s.text for sid, s in brief.sources.items()}
    items = [(s.headline, s.headline_citations) for s in brief.stories]
    for story in brief.stories:
        items += [(d.text, d.citations) for d in story.developments]
        items += [(f.text, f.citations) for f in story.figures]
        items += [(f"{c.claimant} {c.text}", c.citations) for c in story.claims]
    items += [(f"{e.phrase} {e.event}", e.citations) for e in brief.timeline]
    for statement, cited in items:
        assert cited and all(sid in text for sid in cited), (statement, cited)
        if statement not in [s.headline for s in brief.stories]:
            assert set(words(statement)) <= set(words(" ".join(text[s] for s in cited))), statement


def test_seed_brief_shows_what_the_issue_asks(service: Service) -> None:
    brief = briefs.make_brief(
        service, Window(include_undated=True), "Turkish soldiers Idlib", now=NOW, compare=False
    )
    _check_cited_and_supported(brief)
    seed = next(s for s in brief.stories if "Turkish" in s.headline)
    claims = {(c.who, c.verb, c.status) for c in seed.claims}
    sohr = next(c for c in seed.claims if c.verb == "made the claim")
    assert "SOHR" in sohr.who and sohr.status == "unconfirmed" and "Kansafra" not in sohr.text
    assert any("Kansafra" in c.text for c in seed.claims if "SOHR" in c.who)
    assert ("Turkish Defense Ministry", "has yet to comment", "no comment") in claims
    assert any(who == "Russia" and verb == "warned" for who, verb, _ in claims)
    figures = " | ".join(f.text for f in seed.figures)
    for expected in (
        "At least 10 Turkish army soldiers",
        "over 20",
        "2,700 Turkish military vehicles",
        "convoy of 80 vehicles",
        "7,400 Turkish soldiers",
    ):
        assert expected in figures
    timeline = {e.phrase: e for e in brief.timeline}
    assert timeline["Back in 2018"].value == "2018" and "Sochi agreement" in timeline["Back in 2018"].event
    assert timeline["on Monday"].relative and timeline["on Monday"].label == "relative (no publication date)"
    assert "over the past 19 days" in timeline


def test_a_window_larger_than_max_articles_says_how_many_were_not_read(service: Service) -> None:
    day = dt.date(2020, 3, 2)
    capped = Service(service.settings.with_overrides(**{"brief.max_articles": 2}))
    brief = briefs.make_brief(capped, Window(since=day, until=day), now=NOW, compare=False)
    assert brief.articles == 2
    assert (  # was silent: "all dates" over 845 articles read the newest 400
        "Only the newest 2 of the 4 articles in the window were read (brief.max_articles, "
        "BRIEFING_BRIEF__MAX_ARTICLES): narrow the window with --since/--until, or raise the setting."
    ) in brief.notes
    assert "Only the newest" in brief_export.to_markdown(brief)
    whole = briefs.make_brief(service, Window(since=day, until=day), now=NOW, compare=False)
    assert not any(note.startswith("Only the newest") for note in whole.notes)


def test_window_groups_outlets_folds_copies_and_flags_conflicts(service: Service) -> None:
    day = dt.date(2020, 3, 2)
    brief = briefs.make_brief(service, Window(since=day, until=day), now=NOW, compare=False)
    _check_cited_and_supported(brief)
    assert brief.undated_left_out == 1
    ferry = brief.stories[0]
    assert ferry.independent_sources == 3  # Aegean Wire (+ its Mirror Wire copy), Harbour Daily, Evil Wire
    assert sum(len(a.copies) for a in ferry.articles) == 1
    conflict = next(c for c in brief.conflicts if c.quantity.startswith("passenger missing"))
    assert sorted(f.value for f in conflict.figures) == [2, 12], conflict.figures  # the two outlets' tolls
    quoted = {sid: src.text for sid, src in brief.sources.items()}
    assert all(f.text in " ".join(quoted[sid] for sid in f.citations) for f in conflict.figures)
    assert len({f.citations[0].rsplit(":", 1)[0] for f in conflict.figures}) == 2  # from two articles
    corroborated = [c for c in ferry.claims if c.status == "corroborated"]
    assert corroborated and all(c.sources >= 2 and c.support for c in corroborated)


def test_exports_escape_untrusted_text(service: Service) -> None:
    day = dt.date(2020, 3, 2)
    brief = briefs.make_brief(service, Window(since=day, until=day), now=NOW, compare=False)
    page = brief_export.to_html(brief)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Evil</b>" not in page
    anchors = set(re.findall(r'id="(s\d+)"', page))
    assert anchors and set(re.findall(r'href="#(s\d+)"', page)) <= anchors
    text = brief_export.to_markdown(brief)
    assert "<script>" not in text and "\\<script\\>" in text
    defined = re.findall(r"^\[\^(\d+)\]: ", text, flags=re.M)
    used = set(re.findall(r"(?<!\\)\[\^(\d+)\](?!:)", text))
    assert used == set(defined) and len(defined) == len(set(defined))  # the forged "[^2]:" defines nothing
    assert Brief.model_validate(json.loads(brief_export.to_json(brief))) == brief


def test_cli_brief_on_seeds_and_saved_briefs(
    service: Service, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BRIEFING_INDEX", str(service.settings.storage.path))
    monkeypatch.chdir(tmp_path)  # --out x.html is relative to the working directory
    runner = CliRunner()
    empty = runner.invoke(main, ["brief", "--until", "2019-12-31", "--no-save"])
    assert empty.exit_code == 0 and "No articles published in … to 2019-12-31" in empty.output
    one_day = runner.invoke(main, ["brief", "--since", "2019-01-01", "--until", "2019-01-01", "--no-save"])
    assert one_day.exit_code == 0 and "No articles published on 2019-01-01." in one_day.output
    result = runner.invoke(main, ["brief", "--include-undated"])
    assert result.exit_code == 0, result.output
    assert "## " in result.output and "[^1]:" in result.output, result.output
    assert "has yet to comment" in result.output, result.output
    saved = saved_briefs.list_briefs(service.settings)
    assert saved and saved_briefs.load_brief(saved[0].path).stories
    html = runner.invoke(
        main, ["brief", "--date", "2020-03-02", "--format", "html", "--out", "x.html", "--no-save"]
    )
    assert html.exit_code == 0 and Path("x.html").read_text().startswith("<!doctype html>")
    bad = runner.invoke(main, ["brief", "--date", "2020-03-02", "--since", "2020-03-01"])
    assert bad.exit_code == 1 and "--date" in bad.output


def test_daily_is_quiet_idempotent_and_reports_new_items(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_INDEX", str(service.settings.storage.path))
    monkeypatch.setenv("BRIEFING_BRIEF__DIR", str(tmp_path / "briefs"))
    island = DATA / "service" / "ferry_island_2020-03-20.md"
    monkeypatch.setenv("BRIEFING_BRIEF__INPUTS", json.dumps([str(island)]))
    runner = CliRunner()
    first = runner.invoke(main, ["daily", "--date", "2020-03-02"])
    assert first.exit_code == 0 and first.output == ""
    day = tmp_path / "briefs" / "2020-03-02"
    assert day.with_suffix(".md").is_file() and day.with_suffix(".json").is_file()
    again = runner.invoke(main, ["daily", "--date", "2020-03-02"])
    assert again.exit_code == 0 and again.output == ""
    later = runner.invoke(main, ["daily", "--date", "2020-03-20"])
    assert later.exit_code == 0
    newest = saved_briefs.load_brief(tmp_path / "briefs" / "2020-03-20.json")
    assert newest.previous is not None and newest.changes[0].kind == "new story"
    monkeypatch.setenv("BRIEFING_BRIEF__INPUTS", json.dumps([str(tmp_path / "missing.md")]))
    failed = runner.invoke(main, ["daily", "--date", "2020-03-20"])
    assert failed.exit_code == 1


def test_a_topic_no_article_mentions_is_said_not_briefed_as_if_it_were(
    service: Service, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BRIEFING_INDEX", str(service.settings.storage.path))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    nothing = runner.invoke(
        main, ["brief", "--include-undated", "--no-save", "--topic", "zzzq qqq", "--format", "json"]
    )
    assert nothing.exit_code == 0, nothing.output
    notes = json.loads(nothing.output)["notes"]
    assert any("mention 'zzzq qqq'" in n for n in notes), notes
    named = runner.invoke(
        main, ["brief", "--include-undated", "--no-save", "--topic", "Turkish soldiers", "--format", "json"]
    )
    assert named.exit_code == 0, named.output
    assert not any("mention" in n for n in json.loads(named.output)["notes"])
