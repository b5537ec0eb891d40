"""Brief tab: saved briefs listed and opened, a marker opens its sentence, a new brief, Esc."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import threading
from pathlib import Path
from typing import Any

from textual.widgets import Input, OptionList, Static

from briefing.brief.build import make_brief
from briefing.brief.saved import save_brief
from briefing.core.brief_models import Window
from briefing.tui.screens.article import ArticleScreen
from briefing.tui.screens.brief import BriefPane
from briefing.tui.widgets.brief_view import BriefView
from tests.tui.helpers import HOSTILE_TITLE, NOW, SEED_SENTENCE, OwnBriefs, settle

YESTERDAY = NOW - dt.timedelta(days=1)


def saved_brief(svc: Any, when: dt.datetime = YESTERDAY) -> Path:
    """A brief of every article (undated too) written at ``when`` and saved; its JSON path."""
    brief = make_brief(svc, window=Window(include_undated=True), now=when)
    return save_brief(brief, svc.settings)[0]


class HeldBriefs(OwnBriefs):
    """Own briefs folder; once :attr:`armed`, reading the article list waits for :attr:`gate`."""

    def __init__(self, service: Any, folder: Path) -> None:
        super().__init__(service, folder)
        self.armed, self.entered, self.gate = threading.Event(), threading.Event(), threading.Event()

    def list_articles(self) -> Any:
        if self.armed.is_set():
            self.entered.set()
            self.gate.wait(10)
        return self.service.list_articles()


def texts(view: BriefView) -> list[str]:
    return [str(w.visual) for w in view.query(Static) if "marker" not in w.classes]


def test_saved_brief_opens_with_citations_and_a_new_one_is_written(
    make_app: Any, service: Any, tmp_path: Path
) -> None:
    svc = HeldBriefs(service, tmp_path / "briefs")
    path = saved_brief(svc)

    async def scenario() -> None:
        app = make_app(svc)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("f4")
            listing = app.query_one("#brief-list", OptionList)
            assert listing.has_focus and listing.option_count == 1
            # F4 focused the list and dates typed there were dropped: typing where no box has a
            # cursor types into the form, a digit into the from-date, a word into the topic
            since, topic = app.query_one("#brief-since", Input), app.query_one("#brief-topic", Input)
            await pilot.press(*"2024-01-01")
            assert since.has_focus and since.value == "2024-01-01"
            listing.focus()
            await pilot.press(*"Idlib")
            assert topic.has_focus and topic.value == "Idlib" and since.value == "2024-01-01"
            since.value = topic.value = ""
            listing.focus()
            entry = listing.get_option_at_index(0)
            assert entry.id == str(path)
            assert str(entry.prompt) == "2024-04-30 09:30 · 3 stories\nall dates (+ undated)"

            await pilot.press("enter")  # open it
            await settle(pilot)
            view = app.query_one(BriefView)
            assert view.has_focus and view.brief is not None
            shown = texts(view)
            assert shown[0] == "Situation brief — all dates (+ undated)"
            for heading in ("Key developments", "Key figures", "Claims — who claims what", "Timeline"):
                assert heading in shown
            # untrusted text, shown literally; most important story first (as in the Markdown)
            assert any(line.endswith(f". {HOSTILE_TITLE}") for line in shown)
            assert "1. At least 10 Turkish soldiers reportedly killed or injured" in "\n".join(shown)
            assert any("— single source, unconfirmed" in line for line in shown)  # a claim's status
            # every marker is numbered as its footnote in the saved Markdown
            footnotes = dict(
                re.findall(r"^\[\^(\d+)\]: .* · (\S+:\d+)", path.with_suffix(".md").read_text(), re.M)
            )
            markers = view.markers()
            assert markers and {str(m.n): m.sid for m in markers} == footnotes

            marker = next(m for m in markers if m.sid == SEED_SENTENCE)
            marker.focus()
            await pilot.press("enter")  # a marker opens the cited sentence, as in the Ask tab
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ArticleScreen)
            cited = screen.cited_line()
            assert cited is not None and cited.sentence.n == 6
            assert cited.sentence.text == view.brief.sources[SEED_SENTENCE].text
            await pilot.press("escape")
            assert not isinstance(app.screen, ArticleScreen) and marker.has_focus

            # dates that are not dates, or a window that ends before it starts: refused, nothing runs
            pane = app.query_one(BriefPane)
            since, until = app.query_one("#brief-since", Input), app.query_one("#brief-until", Input)
            since.value, until.value = "24 Feb", "2024-02-01"
            since.focus()
            await pilot.press("enter")
            assert since.has_class("-invalid") and not until.has_class("-invalid") and not pane.running
            since.value = "2024-03-01"
            await pilot.press("enter")
            assert not since.has_class("-invalid") and not pane.running
            assert [n.title for n in app._notifications] == ["Not a date", "Empty window"]

            # a new brief of the dated articles: saved, listed first, opened, compared with the last
            since.value, until.value = "2024-01-01", "2024-12-31"
            await pilot.click("#brief-make")
            await settle(pilot)
            assert listing.option_count == 2 and listing.highlighted == 0
            newest = listing.get_option_at_index(0)
            assert str(newest.prompt) == "2024-05-01 09:30 · 2 stories\n2024-01-01 to 2024-12-31"
            assert Path(str(newest.id)).with_suffix(".md").exists()
            assert view.brief is not None and view.brief.title == "Situation brief — 2024-01-01 to 2024-12-31"
            # "new since" compares with the previous brief of the same window only (issue 13)
            assert not any(t.startswith("New since the last brief") for t in texts(view))
            assert any("No earlier brief of this index and window" in t for t in texts(view))
            assert "Brief saved" in [n.title for n in app._notifications]

            # Esc while a brief is being written: it is dropped, nothing is saved
            svc.armed.set()
            since.value, until.value = "2024-03-01", "2024-03-31"
            await pilot.click("#brief-make")
            await asyncio.to_thread(svc.entered.wait, 5)
            assert pane.running
            await pilot.press("escape")
            assert not pane.running
            svc.gate.set()
            await settle(pilot)
            assert listing.option_count == 2
            titles = [p.read_text() for p in (tmp_path / "briefs").glob("*.json")]
            assert len(titles) == 2 and not any("2024-03-01 to 2024-03-31" in t for t in titles)
            status = str(app.query_one("#brief-status").visual)
            assert status == "Brief cancelled — nothing was saved."

    asyncio.run(scenario())


def test_a_wrapped_sentence_is_one_line_in_the_brief_view(make_index: Any, tmp_path: Path) -> None:
    from textual.content import Content

    from briefing.tui.widgets.brief_view import _Lines
    from briefing.tui.widgets.conversation import PartView

    (tmp_path / "rail.md").write_text(
        "---\ntitle: Rail strike ends\npublished: 2024-05-07\n---\n"
        "Rail workers in Lisbon ended a three-day strike on Tuesday after the\n"
        "government agreed to a 6% pay rise.\n"
    )
    brief = make_brief(make_index("wrapped-brief", [str(tmp_path / "rail.md")]), window=Window(), now=NOW)
    [development] = brief.stories[0].developments
    assert "the\ngovernment" in development.text  # the sentence as stored and cited
    statements = [w.statement for w in _Lines(brief).build() if isinstance(w, PartView)]
    shown = [s.plain if isinstance(s, Content) else s for s in statements]
    sentence = "Rail workers in Lisbon ended a three-day strike on Tuesday after the government agreed to "
    sentence += "a 6% pay rise."
    assert f"• {sentence}" in shown  # was broken after "the"
    assert not any("\n" in line for line in shown)
