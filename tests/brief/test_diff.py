"""What is new since the previous brief: stories matched by articles, items by citations/quantity.

The briefs are those of tests/brief/helpers.py: yesterday's with the first report of a ferry
sinking, today's with a second article on it and a new story.
"""

from __future__ import annotations

from briefing.brief.diff import mark_changes
from tests.brief.helpers import FIRST, SECOND, TODAY, YESTERDAY, ferry_story, pair, sid


def test_first_brief_says_there_is_nothing_to_compare() -> None:
    _, now = pair()
    mark_changes(now, None)
    assert now.changes == [] and now.previous is None
    assert any("nothing to compare" in note for note in now.notes)


def test_a_new_story_is_reported_with_all_its_items_new() -> None:
    before, now = pair()
    mark_changes(now, before)
    rail = now.stories[1]
    assert rail.status == "new" and all(d.new for d in rail.developments)
    assert [(c.kind, c.story) for c in now.changes if c.kind == "new story"] == [("new story", "rail")]
    assert now.previous == YESTERDAY.isoformat()


def test_a_story_with_a_new_article_is_updated_and_only_its_new_items_are_new() -> None:
    before, now = pair()
    mark_changes(now, before)
    ferry = now.stories[0]
    assert ferry.status == "updated"
    kinds = {(c.kind, c.text) for c in now.changes if c.story == "ferry"}
    assert ("new articles", f"1 new article(s): {SECOND.title}") in kinds
    assert [d.new for d in ferry.developments] == [False, True]
    assert ("new development", SECOND.sentences[2].text) in kinds
    assert [c.new for c in ferry.claims] == [False, True]
    assert any(kind == "new claim" and "the ferry operator" in text for kind, text in kinds)


def test_a_new_number_for_the_same_quantity_is_a_changed_figure_citing_both() -> None:
    before, now = pair()
    mark_changes(now, before)
    ferry = now.stories[0]
    assert [f.new for f in ferry.figures] == [False, False, True]  # "two missing" and "38" were there
    changed = [c for c in now.changes if c.kind == "changed figure"]
    assert len(changed) == 1 and not [c for c in now.changes if c.kind == "new figure"]
    assert changed[0].text == "five passengers were missing (was: two passengers were missing)"
    assert changed[0].citations == [sid(SECOND, 0), sid(FIRST, 1)]


def test_a_figure_without_an_event_is_new_not_changed() -> None:
    before, now = pair()
    before.stories[0].figures = []
    mark_changes(now, before)
    kinds = [c.kind for c in now.changes if c.story == "ferry" and "figure" in c.kind]
    assert kinds == ["new figure", "new figure", "new figure"]


def test_the_same_brief_again_is_unchanged() -> None:
    before, _ = pair()
    again = before.model_copy(deep=True, update={"generated_at": TODAY})
    mark_changes(again, before)
    assert again.changes == [] and again.stories[0].status == "unchanged"
    assert not any(i.new for i in [*again.stories[0].developments, *again.stories[0].figures])
    assert [e.new for e in again.timeline] == [False]


def test_timeline_entries_are_new_by_value_and_event() -> None:
    before, now = pair()
    mark_changes(now, before)
    assert [e.new for e in now.timeline] == [False, True]


def test_a_story_is_matched_to_the_old_one_sharing_most_articles() -> None:
    before, now = pair()
    decoy = ferry_story([FIRST]).model_copy(update={"id": "decoy", "articles": []})
    before.stories.insert(0, decoy)  # shares nothing: must not be chosen
    mark_changes(now, before)
    assert now.stories[0].status == "updated"


def test_the_brief_compared_with_is_named_by_its_window_and_the_time_it_was_written() -> None:
    """A daily brief said "New since the last brief (2026-12-08T04:28:50+00:00)": not which day."""
    from briefing.brief.export import to_html, to_markdown
    from briefing.core.brief_models import Window

    before, now = pair()
    before.window = Window(since=YESTERDAY.date(), until=YESTERDAY.date())  # as `briefing daily` writes
    now.window = Window(since=TODAY.date(), until=TODAY.date())
    mark_changes(now, before)
    assert now.previous_window == before.window.label
    heading = f"New since the last brief (of 2020-03-02, written {YESTERDAY:%Y-%m-%d %H:%M})"
    assert f"## {heading}" in to_markdown(now) and f"<h2>{heading}</h2>" in to_html(now)
    before, again = pair()
    before.window = again.window  # `briefing brief` run twice on one window
    mark_changes(again, before)
    assert f"## New since the last brief (written {YESTERDAY:%Y-%m-%d %H:%M})" in to_markdown(again)
