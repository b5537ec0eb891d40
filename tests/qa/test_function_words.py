"""A function word is nobody's spelling variant: "would" in an election story made "wound" (an
alias of *injure*) look present, and "How many people were injured?" was answered with the
turnout figure (found by a new user; real index on disk, real checks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.qa.matching import same_word
from briefing.service.facade import Service
from tests.conftest import settings_for

ELECTION = (
    "The opposition party disputed the result of the regional election in Westmark on Sunday. "
    "Election officials said turnout was 61 percent and the governing party won 48 of 90 seats. "
    "Opposition leader Clara Jens said her party would challenge the count in court.\n"
)


def test_would_is_not_wound() -> None:
    assert not same_word("would", "wound") and not same_word("wound", "would")
    assert same_word("idleb", "idlib") and same_word("wounded", "wound")


@pytest.mark.parametrize("question", ["How many people were injured?", "How many people were wounded?"])
def test_a_casualty_question_about_an_election_story_abstains(
    question: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = tmp_path / "election.md"
    story.write_text(f"---\ntitle: Election result disputed\n---\n{ELECTION}", encoding="utf-8")
    service = Service(settings_for(monkeypatch, tmp_path))
    service.ingest([str(story)])
    assert service.ask(question).abstained
    assert not service.ask("How many seats did the governing party win?").abstained


def test_a_share_is_not_a_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "How many people voted?" was answered with "turnout was 61 percent": a share of voters, not
    their number (found by a new user). In "won 48 of 90 seats" the count is 48, not the whole."""
    story = tmp_path / "election.md"
    story.write_text(f"---\ntitle: Election result disputed\n---\n{ELECTION}", encoding="utf-8")
    service = Service(settings_for(monkeypatch, tmp_path))
    service.ingest([str(story)])
    voted = service.ask("How many people voted?")
    assert all(part.answer_span is None or "61" not in part.answer_span.text for part in voted.answer)
    turnout = service.ask("What was the turnout in the Westmark election?").answer[0]
    assert turnout.answer_span is not None and turnout.answer_span.text == "61 percent"
    seats = service.ask("How many seats did the governing party win?").answer[0]
    assert seats.answer_span is not None and seats.answer_span.text == "48"


def test_who_is_answered_by_a_described_doer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "Who disputed the election result?" abstained: "The opposition party" is no entity, yet it is
    the doer of *dispute* and a kind of agent (found by a new user)."""
    story = tmp_path / "election.md"
    story.write_text(f"---\ntitle: Election result disputed\n---\n{ELECTION}", encoding="utf-8")
    service = Service(settings_for(monkeypatch, tmp_path))
    service.ingest([str(story)])
    answer = service.ask("Who disputed the election result?")
    assert not answer.abstained
    span = answer.answer[0].answer_span
    assert span is not None and span.text == "The opposition party"
    assert service.ask("Who praised the election result?").abstained
