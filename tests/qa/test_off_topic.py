"""A question held to its topic by a common noun alone ("injured in the election") is not
answered from an article that never mentions it: the share rule's one free noun let the seed's
airstrike sentence answer it (found by a new user on the README's own index). The same question
about the article's own event, even reworded inside a compound, is still answered."""

from __future__ import annotations

import pytest

from tests.conftest import Seeded


def test_an_event_the_article_never_mentions_abstains(seeded_index: Seeded) -> None:
    answer = seeded_index.service.ask("How many people were injured in the election?")
    assert answer.abstained, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "How many people were injured in the attack?",  # "attacks" is written
        "How many were killed in the strikes?",  # inside "airstrikes"
        "How many people were hurt in the air raids?",  # a word of the phrase ("air forces")
    ],
)
def test_the_articles_own_event_is_still_answered(seeded_index: Seeded, question: str) -> None:
    answer = seeded_index.service.ask(question)
    assert not answer.abstained
    assert "10" in answer.answer[0].text
