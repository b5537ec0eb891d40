"""A bounded time word answers from the articles of its window once retrieval found one: "What
happened yesterday?" was answered from a 2024 story while yesterday's was retrieved first (found
by the new-user pass; real index on disk, real retrieval and checks)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.core.models import Filters
from briefing.service.facade import Service
from tests.conftest import settings_for

AS_OF = dt.date(2026, 12, 7)
STORIES = {
    "strike.md": (
        "Strike halts trains in Freedonia",
        "2026-12-06",
        "Rail workers in Freedonia walked out on Sunday, halting most trains.",
    ),
    "election.md": (
        "Election result disputed",
        "2024-05-03",
        "The opposition Liberty Party disputed the result of the regional election in Westmark on Sunday.",
    ),
}


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Service:
    for name, (title, day, text) in STORIES.items():
        (tmp_path / name).write_text(
            f"---\ntitle: {title}\npublished: {day}\n---\n{text}\n", encoding="utf-8"
        )
    service = Service(settings_for(monkeypatch, tmp_path))
    service.ingest([str(tmp_path / name) for name in STORIES])
    return service


def test_yesterday_answers_from_yesterdays_articles_only(service: Service) -> None:
    answer = service.ask("What happened yesterday?", filters=Filters(as_of=AS_OF))
    assert not answer.abstained
    cited = {answer.sources[sid].published for part in answer.answer for sid in part.citations}
    assert cited == {dt.date(2026, 12, 6)}


def test_without_a_time_word_an_older_story_still_answers(service: Service) -> None:
    answer = service.ask("Who disputed the result of the election?", filters=Filters(as_of=AS_OF))
    assert not answer.abstained
    assert answer.sources[answer.answer[0].citations[0]].published == dt.date(2024, 5, 3)
