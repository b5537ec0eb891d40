"""A figure is a count of something (people, deaths, buildings, dollars), read from the parse: not
a number in a phrase naming places or groups, in a name, inside a word, or measuring where or how
often (:mod:`briefing.brief.counted`)."""

from __future__ import annotations

import pytest

from briefing.brief import figures

KEPT_AND_REFUSED = [
    (
        "At least 126 people including 68 children were killed Saturday in a suicide car bomb attack on "
        "buses carrying Syrians evacuated from two besieged regime-held towns a monitoring group said.",
        ["At least 126 people", "68 children"],
    ),
    ("Government forces pushed 65 km northwest of Daraa city after killing 8 terrorists.", ["8 terrorists"]),
    ("The rebels used chlorine at least three times on the two Shiite villages.", []),
    ("Syria's Alawite religious minority is often considered an offshoot of Shia Islam.", []),
    ("Rail freight services resumed on Monday after engineers repaired signals.", []),  # fr-eight
    ("The victims were often people who had fled the fighting.", []),  # of-ten, though people
    ("Syria Monitor 19 Monitor At least 19 civilians were killed on Tuesday in shelling.", ["19 civilians"]),
    ("The fund raised $5 million from donors in 14 cities on four continents.", ["$5"]),
]


@pytest.mark.parametrize(("sentence", "kept"), KEPT_AND_REFUSED)
def test_only_counts_of_something_are_figures(sentence: str, kept: list[str]) -> None:
    found = [hit.text for hit in figures.find(sentence)]
    assert len(found) == len(kept), found
    assert all(any(text.startswith(k) for text in found) for k in kept), found


def test_the_counted_noun_gives_the_unit() -> None:
    [said] = figures.find("Residents of the town, more than 60 people said they saw the jets.")
    assert said.unit == "person"
    [linked] = figures.find("There were 1472 casualties linked to chemical attacks that year.")
    assert (linked.unit, linked.number) == ("casualty", "1472")


@pytest.mark.parametrize(
    ("sentence", "texts"),
    [
        # the whole of "40 of 900" is not what ran: shown as "900 scheduled services ran" it said
        # the opposite of the article
        ("The operator said only 40 of 900 scheduled services ran, and commuters faced delays.", []),
        ("Two of the 12 soldiers were killed in the attack.", []),
        ("A magnitude 5.8 earthquake shook the coastal town of Port Vell on Thursday.", []),
        # one figure's line stops before the next figure's number
        (
            "The port authority said 14 barges had sunk and 230 dockworkers were evacuated.",
            ["14 barges", "230 dockworkers were evacuated"],
        ),
    ],
)
def test_a_figure_line_says_what_the_number_counts(sentence: str, texts: list[str]) -> None:
    assert [hit.text for hit in figures.find(sentence)] == texts
