"""Keyword queries (no wh-word, no question form) answer only when every key term is there.

Real sentences: a TRT World page whose page furniture ("37th Istanbul Film Festival Egon Schiele
Cy Twombly | ...") once answered "wombat festival", and the two dated Idlib gas attack reports.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.qa.focus import analyse
from briefing.qa.matching import Context
from briefing.service.facade import Service

DATA = Path(__file__).resolve().parents[1] / "data"
ABSENT = ["wombat festival", "Idlib wombat attack", "Boeing finance chief festival"]
PRESENT = ["Khan Sheikhoun chemical attack", "Idlib gas attack death toll", "Manbij air strikes civilians"]


@pytest.fixture(scope="module")
def indexed(make_index: Callable[[str, list[str]], Service]) -> Service:
    return make_index("keywords", [str(DATA / "keywords"), str(DATA / "honest")])


def test_a_keyword_query_keeps_every_content_word_and_a_question_none() -> None:
    terms = [k.text for k in analyse("Aleppo death toll").keywords]
    assert terms == ["Aleppo", "death", "toll"]  # the sentence-initial name is kept too
    assert [k.text for k in analyse("latest news on the Khan Sheikhoun attack").keywords] == [
        "Khan Sheikhoun",
        "attack",
    ]
    assert analyse("What is the Aleppo death toll?").keywords == ()
    assert analyse("Did Boeing deliver the 787").keywords == ()
    described = analyse("wombat festival held in Aleppo")  # a describing clause: the article will do
    assert [k.text for k in described.keyword_asides] == ["held", "Aleppo"]
    assert not {"wombat", "festival"} & {k.text for k in described.keyword_asides}


def test_key_terms_match_softly() -> None:
    [strikes] = [k for k in analyse("Manbij airstrike civilians").keywords if k.text == "airstrike"]
    assert not Context("A US-led air strike hit Manbij.").has_unit(strikes)  # a word, not a guess
    [idleb] = [k for k in analyse("Idleb attacks").keywords if k.text == "Idleb"]
    assert Context("The attack on Idlib killed 58.").has_unit(idleb)
    [attacks] = [k for k in analyse("Idleb attacks").keywords if k.text == "attacks"]
    assert Context("The attack on Idlib killed 58.").has_unit(attacks)


@pytest.mark.parametrize("query", ABSENT)
def test_a_keyword_query_missing_a_term_abstains_with_related(indexed: Service, query: str) -> None:
    answer = indexed.ask(query)
    assert answer.abstained, [p.text for p in answer.answer]
    assert answer.related and all(sid in answer.sources for sid in answer.related)


@pytest.mark.parametrize("query", PRESENT)
def test_a_keyword_query_whose_terms_are_there_still_answers(indexed: Service, query: str) -> None:
    answer = indexed.ask(query)
    assert not answer.abstained, answer.related
    first = answer.sources[answer.answer[0].citations[0]]
    context = Context(f"{first.title} {first.text}")
    assert all(context.has_unit(k) for k in analyse(query).keywords), first.text
