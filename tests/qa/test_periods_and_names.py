"""Questions about a quarter, a year or a name, each from a trap of the second honest set
(bench/data/honest_qa2.jsonl): the sentence that answered reported another quarter, another year
mentioned elsewhere in its article, or held no name at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.qa.focus import analyse
from briefing.qa.premises import other_period
from briefing.qa.roles import figure_of_other
from briefing.service.facade import Service
from tests.conftest import Seeded, settings_for

GM = "General Motors announced it has lost US$ 6 billion in the first quarter of 2009."
FORD = "For the final quarter of 2009, Ford says it made profits of $868 million."


def test_another_quarter_does_not_answer() -> None:
    question = "What net profit did GM post in the third quarter of 2009?"
    assert other_period(question, GM, GM) == "it reports quarter 1, not quarter 3"
    assert other_period("How much did Ford make in Q4 2009?", FORD, FORD) == ""  # "final" is the fourth
    annual = "Ford posted an annual profit of US$ 2.7 billion."
    assert other_period("How much did Ford earn in the third quarter?", annual, annual).startswith(
        "nothing near"
    )
    assert other_period("How much did Ford earn in 2009?", annual, annual) == ""


def test_it_may_be_the_holder_named_before() -> None:
    text = "The US automobile manufacturer Ford has said that it posted a net profit of US$ 997 million."
    holders = analyse("How much did Ford earn in the third quarter of 2009?").holders
    start = text.index("US$ 997")
    assert figure_of_other(holders, text, (start, start + 15)) == ""


def test_a_name_is_asked_for(seeded_index: Seeded) -> None:
    """ "What is the name of X" wants a name: the sentence about X without one does not answer,
    and of the names near "President" the closest is the president."""
    assert analyse("What is the name of the fan who threw a cup?").answer_type == "agent"
    answer = seeded_index.service.ask("What is the name of the Turkish president?")
    assert not answer.abstained
    span = answer.answer[0].answer_span
    assert span is not None and span.text == "Recep Tayyip Erdogan"


ARTICLE = """---
title: Japan to reduce aid to China
published: 2004-11-29
---
Assistance to mainland China will total $8.9bn this year, making Japan second to the United States in aid.
The aid has been a key feature in economic and diplomatic relations.
It was begun in the 1980s as China opened up to foreign investment.
Popular opinion in Japan is increasingly resentful.
Officials defend the programme in parliament.
Currently, the biggest recipient of Japan's aid is India.
Some feel that China should be grateful for the funds.
Critics call the programme a waste.
The total is down 30% from 1997, and loans to China total $30bn to date.
"""

RAIDS = """---
title: Air raids kill 31 jihadists in Syria's Raqa
published: 2014-08-17
---
The regime carried out 13 raids on the city of Raqa, killing at least 31 Islamic State fighters.
"""


def test_a_year_mentioned_elsewhere_in_a_dated_article_does_not_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also: a country named where the question named another ("India" far below, "China" in the
    sentence) is another country's figure, while another spelling of the asked city is not."""
    (tmp_path / "aid.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "raids.md").write_text(RAIDS, encoding="utf-8")
    service = Service(settings_for(monkeypatch, tmp_path))
    service.ingest([str(tmp_path / "aid.md"), str(tmp_path / "raids.md")])
    assert service.ask("How much aid did Japan give China in 1997?").abstained
    assert not service.ask("How much aid will Japan give China in 2004?").abstained
    assert service.ask("How much aid will Japan give India this year?").abstained
    raids = service.ask("How many Islamic State fighters did the raids kill in Raqqa?")
    assert not raids.abstained and "31" in raids.answer[0].text


def test_a_share_is_answered_by_a_percentage() -> None:
    """ "What share of the world's spam comes from Japan?" was answered by "the two nations" (honest_qa3)."""
    from briefing.qa.answer_spans import answer_span

    focus = analyse("What share of the world's spam comes from Japan?")
    assert answer_span(focus, "Distrust has long existed between the two nations, Japan and China.") is None
    span = answer_span(focus, "About 5 percent of the world's spam is sent from 12 servers in Japan.")
    assert span is not None and span == (6, 15)


def test_the_verb_after_did_or_does() -> None:
    """spaCy's small model parses "What does an Ariane 5 launch cost?" with "does" as the root and
    "cost" as a noun, and "an Ariane 5 launch" as a quantity: the question then asked no money of
    no name, and the Delta 4's launch cost answered it (honest_qa3)."""
    cost = analyse("What does an Ariane 5 launch cost?")
    assert (cost.answer_type, cost.relation, cost.money) == ("number", "cost", True)
    assert [u.text for u in cost.units] == ["Ariane"]
    assert analyse("How many people did the suicide bomber kill at a bakery?").relation == "kill"
    # other verbs are not recovered: the relation check would refuse answers that reword them
    assert analyse("What image did a Chrysler executive use for the market?").relation is None


def test_a_fact_placed_in_another_year() -> None:
    """ "How many MST camps were there in Brazil in 2004?" was answered by "In 2003 there were 632
    MST camps" from an article of 2004 (honest_qa3); a year that is only compared with is no date."""
    from briefing.qa.premises import other_year

    assert (
        other_year(("2004",), "In 2003 there were 632 MST camps in Brazil.") == "it is about 2003, not 2004"
    )
    assert other_year(("2004",), "In 2004 there were 700 camps, against 632 in 2003.") == ""
    assert other_year(("2008",), "The index fell 5.5 percent, its biggest fall since 2001.") == ""


def test_only_a_support_verb_lends_its_object() -> None:
    """ "delivered an apology" may be "offered an apology", but "built the train" is not "sent the
    train": the Queensland tilt-train crash sentence answered who built it (honest_qa3)."""
    from tests.qa.test_focus_rules import verdict

    sent = (
        "Queensland Transport Minister Paul Lucas visited the site, and reported that the black box"
        " recording device on board the train would be sent back to Brisbane for analysis."
    )
    assert not verdict(
        "Which company built the Queensland tilt train?", sent, "Queensland tilt train derails"
    ).ok
    offered = "Beijing's foreign ministry offered an apology to the Japanese embassy on Monday."
    assert verdict("Who delivered an apology to the Japanese embassy?", offered).ok


def test_a_unit_is_highlighted_whole() -> None:
    """ "reached 8.2 metres" highlighted "8.2 m" (found by a new user): the unit's first spelling won."""
    from briefing.qa.answer_spans import answer_span

    text = "The Danube at Vienna reached 8.2 metres on Sunday, the highest in a decade."
    span = answer_span(analyse("How high was the Danube at Vienna?"), text)
    assert span is not None and text[span[0] : span[1]] == "8.2 metres"


def test_a_year_after_a_month_counts_nothing() -> None:
    """ "the August 2016 air raids" was read as 2,016 of something, so every sentence counting air
    raids "contradicted" the question (found on the 4k benchmark's questions)."""
    from briefing.qa.premises import counted_figures

    assert counted_figures("How did a regime official explain the August 2016 air raids?") == {}
    assert counted_figures("On May 5 soldiers killed 12 people") == {"people": {12.0}, "toll killed": {12.0}}
    assert counted_figures("Which carmaker plans to fire 3000 employees?") == {"employee": {3000.0}}


def test_how_many_of_a_model_counts_that_model() -> None:
    """ "How many A320s did China Eastern order in 2005?" counted nothing in particular ("A320s" is
    tagged as punctuation), and "delivered to six airlines - Air China, China Eastern …" answered."""
    assert analyse("How many A320s did China Eastern order in 2005?").measure == "a320"
    assert analyse("How many F-16s were detected over Aleppo?").measure == "f-16"
    assert analyse("How many people died in the crash?").measure is None
