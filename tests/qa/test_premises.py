"""A sentence that counts the question's thing with other figures does not answer it."""

from __future__ import annotations

from briefing.qa.premises import counted_figures, other_figure

QUESTION = "Which carmaker asked for 5,000,000,000 dollars more in aid and plans to fire 3000 employees?"


def test_a_twin_with_other_figures_is_refused() -> None:
    twin = "Chrysler asked for an additional US$ 2 billion and plans to fire eleven thousand employees."
    assert "other figures" in other_figure(QUESTION, twin)


def test_the_same_figures_written_otherwise_pass() -> None:
    same = "Chrysler asked for US$ 5 billion more and will fire three thousand employees."
    assert other_figure(QUESTION, same) == ""


def test_a_sentence_counting_other_things_passes() -> None:
    assert other_figure(QUESTION, "The company has 40,000 dealers across the country.") == ""


def test_a_year_counts_nothing() -> None:
    assert counted_figures("In 2009 the company cut 3,000 jobs.") == {"job": {3000.0}}


def test_a_question_without_figures_never_refuses() -> None:
    sentence = "7,400 Turkish soldiers were deployed"
    assert other_figure("How many Turkish soldiers were deployed?", sentence) == ""
