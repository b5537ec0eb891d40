"""Briefs of a real, messy window: the FA-KES articles of 2017-04-04..06 (the Khan Shaykhun attack).

22 articles from 10+ outlets, ingested once into a real on-disk index (skipped where the shared
data is absent). What is checked is what an analyst reading the brief would notice: a word budget
that holds even when the first story alone is longer, and a topic that decides what comes first.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from briefing.brief import budget, export
from briefing.core.brief_models import Brief, Budget, Window
from briefing.service.facade import Service
from tests.conftest import settings_for

FAKES = Path("/work/shared/data/fakes_syria/articles.jsonl")
WINDOW = Window(since=dt.date(2017, 4, 4), until=dt.date(2017, 4, 6))
NOW = dt.datetime(2017, 4, 7, 9, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.skipif(not FAKES.is_file(), reason="the shared FA-KES data is not here")


@pytest.fixture(scope="module")
def fakes(tmp_path_factory: pytest.TempPathFactory) -> Service:
    root = tmp_path_factory.mktemp("fakes-window")
    rows = [json.loads(line) for line in FAKES.read_text().splitlines() if line.strip()]
    window = [r for r in rows if "2017-04-04" <= r["published"] <= "2017-04-06"]
    (root / "window.jsonl").write_text("".join(json.dumps(r) + "\n" for r in window))
    with pytest.MonkeyPatch.context() as mp:
        service = Service(settings_for(mp, root))
        report = service.ingest([str(root / "window.jsonl")])
    assert report.ok and len(report.added) >= 20, report
    return service


@pytest.fixture(scope="module")
def window_brief(fakes: Service) -> Brief:
    return fakes.brief(WINDOW, now=NOW)


@pytest.mark.parametrize("max_words", [100, 250, 1500])
def test_the_word_budget_holds_even_below_one_story(window_brief: Brief, max_words: int) -> None:
    whole = budget.words(export.to_markdown(budget.fit(window_brief, Budget.unlimited())))
    assert whole > 1500  # the window is long: the budget has work to do
    shown = budget.fit(window_brief, Budget(max_words=max_words))
    text = export.to_markdown(shown)
    assert budget.words(text) <= max_words
    assert (
        shown.stories
        and shown.stories[0].headline == max(window_brief.stories, key=lambda s: s.importance).headline
    )
    # what was left out is said, with the number of stories hidden and the way to see them
    left = len(window_brief.stories) - len(shown.stories)
    (note,) = [n for n in shown.notes if "--full" in n]
    assert re.search(rf"\b{left} more stories\b", note)
    assert "\\#" not in text


def test_a_tight_budget_cuts_within_the_story_first(window_brief: Brief) -> None:
    tight = budget.fit(window_brief, Budget(max_words=250))
    (story,) = tight.stories
    first = max(window_brief.stories, key=lambda s: s.importance)
    assert len(story.figures) < min(len(first.figures), 5) or len(story.claims) < min(len(first.claims), 5)
    assert story.developments  # still says what happened
    # every line shown is still cited; the footnotes quote each cited sentence
    text = export.to_markdown(tight)
    assert all(f"[^{n}]:" in text for n in range(1, len(tight.sources) + 1))


def test_the_topic_decides_what_comes_first(fakes: Service) -> None:
    topical = fakes.brief(WINDOW, topic="chemical attack", now=NOW)
    headlines = [s.headline.lower() for s in topical.stories]
    about = [i for i, h in enumerate(headlines) if re.search(r"chemical|gas attack|nerve agent", h)]
    other = [i for i, h in enumerate(headlines) if re.search(r"shelling|airstrike|air strike", h)]
    assert about and other, headlines  # the window has both kinds once retrieved for the topic
    assert max(about) < min(other), headlines
    # without a topic the ranking is the brief's own (importance only)
    plain = fakes.brief(WINDOW, now=NOW)
    assert [s.importance for s in plain.stories] == sorted(
        (s.importance for s in plain.stories), reverse=True
    )


def test_figures_are_counts_not_places_names_or_measures_of_where(window_brief: Brief) -> None:
    """Evacuees came *from* "two besieged regime-held towns"; "19 Monitor" is a headline run into
    the text; "65 km northwest" says where: none is a key figure. The tolls still are."""
    shown = {(f.text, f.unit) for story in window_brief.stories for f in story.figures}
    units = {unit for _, unit in shown}
    assert not units & {"town", "village", "city", "continent", "time", "monitor", "west", "northwest"}
    texts = {text for text, _ in shown}
    named = ("two besieged", "two Shiite villages", "two villages", "14 cities", "four continents")
    assert not any(text.startswith(named) for text in texts), texts
    assert {"at least 58 people", "At least 72 people died in the town of Khan Sheikhoun"} <= texts
    assert ("more than 60 people said", "person") in shown  # counted: people, not "said"
