"""Time expressions resolved against the publication date, and kept relative without one."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.brief import timeline
from briefing.text.dates import parse_date

MONDAY = dt.date(2020, 2, 24)


@pytest.mark.parametrize(
    ("phrase", "sentence", "value"),
    [
        ("on Monday", "SOHR made the claim on Monday.", "2020-02-24"),
        ("on Saturday", "The observatory reported on Saturday that...", "2020-02-22"),
        ("Friday", "The summit will open on Friday.", "2020-02-28"),
        ("Last week", "Last week, Russia warned Ankara.", "2020-W08"),
        ("over the past 19 days", "sent over the past 19 days", "P19D"),
        ("Back in 2018", "Back in 2018, Moscow and Ankara reached a deal.", "2018"),
        ("yesterday", "Clashes erupted yesterday.", "2020-02-23"),
        ("11 December", "The plane made its maiden flight on 11 December.", "2019-12-11"),
        ("last month", "Sales fell last month.", "2020-01"),
        ("the first quarter of 2009", "Profits in the first quarter of 2009 fell.", "2009-Q1"),
        ("18:00 UTC", "The vote closed at 18:00 UTC.", "2020-02-24T18:00Z"),
    ],
)
def test_resolves_against_the_publication_date(phrase: str, sentence: str, value: str) -> None:
    got = timeline.resolve(phrase, MONDAY, sentence)
    assert got is not None and got.value == value


def test_a_range_keeps_its_first_and_last_day() -> None:
    got = timeline.resolve("over the past 19 days", MONDAY)
    assert got is not None and (got.start, got.end) == (dt.date(2020, 2, 5), MONDAY)


def test_without_a_publication_date_relative_phrases_stay_relative() -> None:
    found = timeline.mentions("The observatory reported on Saturday that it happened back in 2018.", None)
    assert [(m.text, m.resolved.relative, m.resolved.value) for m in found] == [
        ("on Saturday", True, None),
        ("back in 2018", False, "2018"),
    ]
    assert timeline.label(found[0].resolved) == "relative (no publication date)"


def test_years_in_counts_are_not_dates() -> None:
    assert timeline.find_spans("Some 2000 soldiers and 1,900 vehicles.") == []


def test_parse_date_still_refuses_relative_dates() -> None:
    assert parse_date("yesterday") is None
    assert parse_date("2020-02-24") == MONDAY
