"""The last gate of a brief: an item whose words are not all in the sentences it cites is dropped.

Extractive items are verbatim, so on real input nothing should be dropped; these briefs carry
items that went wrong (a number or a name not in the cited sentence) next to sound ones.
"""

from __future__ import annotations

from briefing.brief.build import _verify
from briefing.core.brief_models import Brief, Cited
from tests.brief.helpers import FIRST, SECOND, missing, pair, sources_of


def brief_with_bad_items() -> Brief:
    _, brief = pair()
    brief.sources = sources_of(brief)
    ferry = brief.stories[0]
    bad_claim = ferry.claims[0].model_copy(
        update={"text": "The coast guard said 50 passengers were missing."}
    )
    ferry.claims.append(bad_claim)
    bad_figure = missing(FIRST, 1, 50, "fifty")  # "fifty" is not in the cited sentence
    ferry.figures.append(bad_figure)
    ferry.developments.append(
        Cited(text="Divers found the captain on Monday.", citations=[SECOND.sentences[2].id])
    )
    return brief


def test_unsupported_claims_figures_and_developments_are_dropped_and_counted() -> None:
    brief = brief_with_bad_items()
    ferry = brief.stories[0]
    sound = (
        [c.text for c in ferry.claims[:-1]],
        [f.text for f in ferry.figures[:-1]],
        ferry.developments[:-1],
    )
    _verify(brief, set())
    assert [c.text for c in ferry.claims] == sound[0]
    assert [f.text for f in ferry.figures] == sound[1]
    assert ferry.developments == sound[2]
    assert "3 item(s) left out: not supported word for word by their citations." in brief.notes


def test_llm_developments_are_left_to_the_llm_checker_but_claims_and_figures_are_not() -> None:
    brief = brief_with_bad_items()
    ferry = brief.stories[0]
    developments = list(ferry.developments)
    _verify(brief, {ferry.id})
    assert ferry.developments == developments
    assert "50 passengers" not in " ".join(c.text for c in ferry.claims)
    assert "fifty" not in " ".join(f.text for f in ferry.figures)
    assert "2 item(s) left out" in brief.notes[-1]


def test_sound_briefs_lose_nothing_and_keep_only_cited_sources() -> None:
    _, brief = pair()
    brief.sources = sources_of(brief)
    uncited = FIRST.sentences[2].id
    brief.stories[0].figures = [f for f in brief.stories[0].figures if uncited not in f.citations]
    before = brief.model_copy(deep=True)
    _verify(brief, set())
    assert brief.stories == before.stories and not brief.notes
    assert set(brief.sources) == set(before.sources) - {uncited}
