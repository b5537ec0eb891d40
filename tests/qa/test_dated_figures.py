"""Dated figures in answers: one toll that changed is listed newest first; two attacks are not one toll.

Sentences as FA-KES outlets wrote them in April 2017 (the Khan Shaykhun gas attack of 4 April, its
toll revised later, and the Rashidin bus bombing near Aleppo of 15 April).
"""

from __future__ import annotations

import datetime as dt

from briefing.core.models import AnswerPart, AnswerSpan, SourceSentence
from briefing.qa.timewords import date_figures
from briefing.text import incidents

GAS = (
    "A suspected gas attack killed at least 58 people in Khan Sheikhoun in Idlib on Tuesday, a monitor said."
)
GAS_LATER = "The death toll from the chemical attack on Khan Shaykhun has risen to 100, the opposition said."
BUS = "A suicide car bomb killed 126 people near buses of evacuees in Rashidin west of Aleppo on Saturday."
WOUNDED = "The gas attack in Khan Sheikhoun also wounded some 300 people, medical workers said."
WAR = "The war has killed more than 320,000 people since it began in 2011."


def _part(sid: str, text: str, figure: str) -> AnswerPart:
    start = text.index(figure)
    return AnswerPart(
        text=text, citations=[sid], answer_span=AnswerSpan(start=start, end=start + len(figure), text=figure)
    )


def _sources(*rows: tuple[str, str, dt.date]) -> dict[str, SourceSentence]:
    return {
        sid: SourceSentence(
            article_id=sid, title="t", source="s", published=day, text=text, start=0, end=len(text)
        )
        for sid, text, day in rows
    }


def test_two_attacks_are_not_listed_as_one_toll_that_changed() -> None:
    sources = _sources(
        ("gas:0", GAS, dt.date(2017, 4, 4)),
        ("bus:0", BUS, dt.date(2017, 4, 16)),
        ("later:0", GAS_LATER, dt.date(2017, 4, 17)),
    )
    parts = [_part("gas:0", GAS, "58"), _part("bus:0", BUS, "126"), _part("later:0", GAS_LATER, "100")]
    date_figures(parts, sources, newest_first=False)
    # the gas attack's toll changed (newest first, dated); the bombing's 126 stands apart, undated
    assert [(p.answer_span.text if p.answer_span else "", p.as_of) for p in parts] == [
        ("100", dt.date(2017, 4, 17)),
        ("58", dt.date(2017, 4, 4)),
        ("126", None),
    ]
    gas, later, bus = parts[1].event, parts[0].event, parts[2].event
    assert "chemical attack" in gas and "Khan Sheikhoun" in gas and "2017-04-04" in gas  # Tuesday, resolved
    assert "chemical attack" in later and "bombing" in bus and "Rashidin" in bus
    assert all(e.startswith("killed") for e in (gas, later, bus))


def test_the_dead_the_wounded_and_the_whole_war_are_different_counts() -> None:
    sources = _sources(
        ("gas:0", GAS, dt.date(2017, 4, 4)),
        ("hurt:0", WOUNDED, dt.date(2017, 4, 5)),
        ("war:0", WAR, dt.date(2017, 4, 6)),
    )
    parts = [_part("gas:0", GAS, "58"), _part("hurt:0", WOUNDED, "300"), _part("war:0", WAR, "320,000")]
    date_figures(parts, sources, newest_first=True)
    assert [p.answer_span.text if p.answer_span else "" for p in parts] == ["58", "300", "320,000"]
    assert all(p.as_of is None for p in parts)  # no figure here replaced another
    assert parts[1].event.startswith("injured") and "the whole war" in parts[2].event


def test_what_a_toll_counts_is_read_from_the_words_of_the_dead_or_hurt() -> None:
    evacuees = (
        "The death toll in a suicide car bomb attack on buses carrying Syrians evacuated from two besieged"
        " towns has risen to at least 112 a monitoring group said Sunday."
    )
    headline = "Death toll in bomb attack on Syria evacuees rises to 112."
    sources = _sources(("afp:2", evacuees, dt.date(2017, 4, 16)), ("afp:0", headline, dt.date(2017, 4, 16)))
    parts = [_part("afp:2", evacuees, "112"), _part("afp:0", headline, "112")]
    date_figures(parts, sources, newest_first=False)
    assert [p.event for p in parts] == ["", ""]  # one toll, one event: nothing to tell apart
    assert incidents.counted(evacuees, evacuees.index("112"), evacuees.index("112") + 3) == "killed"
    both = "The strike killed 58 and wounded 300."
    assert incidents.counted(both, both.index("300"), both.index("300") + 3) == "injured"


def test_one_toll_reported_twice_keeps_its_dates_and_no_event_label() -> None:
    sources = _sources(("gas:0", GAS, dt.date(2017, 4, 4)), ("later:0", GAS_LATER, dt.date(2017, 4, 17)))
    parts = [_part("gas:0", GAS, "58"), _part("later:0", GAS_LATER, "100")]
    date_figures(parts, sources, newest_first=False)
    assert [(p.as_of, p.event) for p in parts] == [(dt.date(2017, 4, 17), ""), (dt.date(2017, 4, 4), "")]
