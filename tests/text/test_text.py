"""Sentence segmentation (the citation unit) and lexical terms, on real-looking news text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.core.models import Sentence, split_sentence_id
from briefing.text.sentences import sentences_of, split_sentences
from briefing.text.terms import terms, words

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"  # ../shared/data from the project root

CASES: dict[str, tuple[str, list[str]]] = {
    "us-abbreviation": (
        "The U.S. military said on Monday it would withdraw 2,000 troops. Officials declined to comment.",
        [
            "The U.S. military said on Monday it would withdraw 2,000 troops.",
            "Officials declined to comment.",
        ],
    ),
    "us-at-sentence-end": (
        "The company employs 1,200 people in the U.K. and the U.S. It plans to hire more next year.",
        [
            "The company employs 1,200 people in the U.K. and the U.S.",
            "It plans to hire more next year.",
        ],
    ),
    "titles": (
        "Dr. Smith told reporters the outbreak was contained. Gov. Cuomo disagreed. Sen. Warren was silent.",
        [
            "Dr. Smith told reporters the outbreak was contained.",
            "Gov. Cuomo disagreed.",
            "Sen. Warren was silent.",
        ],
    ),
    "military-ranks-and-initials": (
        "Lt. Col. John Smith led the unit. George W. Bush praised him.",
        ["Lt. Col. John Smith led the unit.", "George W. Bush praised him."],
    ),
    "straight-quotes": (
        '"We will not back down," the minister said. "Never." The crowd cheered.',
        ['"We will not back down," the minister said.', '"Never."', "The crowd cheered."],
    ),
    "curly-quotes": (
        "‘We are ready,’ he said. “So are we,” she replied.",
        ["‘We are ready,’ he said.", "“So are we,” she replied."],
    ),
    "quote-closing-after-stop": (
        'He said: "The talks failed." Then he left the building.',
        ['He said: "The talks failed."', "Then he left the building."],
    ),
    "thousands-separator": (
        "As many as 2,700 Turkish military vehicles crossed the border. The convoy stopped at dawn.",
        ["As many as 2,700 Turkish military vehicles crossed the border.", "The convoy stopped at dawn."],
    ),
    "decimals-and-percent": (
        "Inflation rose 3.5% in March. Economists had expected 3.2%. He earned $2.5 million.",
        ["Inflation rose 3.5% in March.", "Economists had expected 3.2%.", "He earned $2.5 million."],
    ),
    "reuters-dateline": (
        "BEIRUT (Reuters) - Syrian government forces advanced on Monday. Rebels retreated north.",
        ["BEIRUT (Reuters) - Syrian government forces advanced on Monday.", "Rebels retreated north."],
    ),
    "dateline-with-date": (
        "LONDON, Feb 24 (Reuters) - Oil prices fell on Monday. Brent dropped 4%.",
        ["LONDON, Feb 24 (Reuters) - Oil prices fell on Monday.", "Brent dropped 4%."],
    ),
    "em-dash-dateline": (
        "WASHINGTON — The Senate voted 52-48 on Tuesday. The bill now goes to the House.",
        ["WASHINGTON — The Senate voted 52-48 on Tuesday.", "The bill now goes to the House."],
    ),
    "month-abbreviation": (
        "On Sept. 11, 2001, the towers fell. The nation mourned.",
        ["On Sept. 11, 2001, the towers fell.", "The nation mourned."],
    ),
    "times-of-day": (
        "Voting opens at 7 a.m. on Tuesday. Results are due at 10 p.m.",
        ["Voting opens at 7 a.m. on Tuesday.", "Results are due at 10 p.m."],
    ),
    "question-and-exclamation": (
        "Is this the end of the ceasefire? Nobody knows! Markets wait.",
        ["Is this the end of the ceasefire?", "Nobody knows!", "Markets wait."],
    ),
    "headline-line-then-body": (
        "Turkish troops enter Idlib\nTurkish troops entered Idlib on Monday. Ankara confirmed it.",
        ["Turkish troops enter Idlib", "Turkish troops entered Idlib on Monday.", "Ankara confirmed it."],
    ),
    # a sentence hard-wrapped over lines is one sentence (an answer quoted its first half);
    # a line that ends a sentence, or a headline before a capital, still ends where it did
    "hard-wrapped-plain-text": (
        "Dam repairs delayed\nEngineers said on Wednesday that repairs to the dam\nwould take six more"
        " weeks. The governor said 1,200 residents would\n  remain in temporary housing.\nOfficials agreed.",
        [
            "Dam repairs delayed",
            "Engineers said on Wednesday that repairs to the dam\nwould take six more weeks.",
            "The governor said 1,200 residents would\n  remain in temporary housing.",
            "Officials agreed.",
        ],
    ),
    "paragraphs": (
        "Port strike ends\n\nDockers returned to work on Friday. Ships queued.\n\n  Talks resume in May.  ",
        ["Port strike ends", "Dockers returned to work on Friday.", "Ships queued.", "Talks resume in May."],
    ),
}


def check_invariants(article_id: str, text: str, sentences: list[Sentence]) -> None:
    """Offsets locate each sentence verbatim, ids are <article>:<n>, nothing empty or out of order."""
    previous_end = 0
    for n, s in enumerate(sentences):
        assert s.id == f"{article_id}:{n}" and s.n == n and s.article_id == article_id
        assert split_sentence_id(s.id) == (article_id, n)
        assert text[s.start : s.end] == s.text, (article_id, n)
        assert s.text and s.text == s.text.strip(), (article_id, n)
        assert s.start >= previous_end and s.end > s.start, (article_id, n)
        previous_end = s.end
    covered = {i for s in sentences for i in range(s.start, s.end)}
    dropped = [i for i, c in enumerate(text) if not c.isspace() and i not in covered]
    assert not dropped, f"{article_id}: characters outside every sentence at {dropped[:5]}"


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_segmentation_of_tricky_news_text(text: str, expected: list[str]) -> None:
    sentences = sentences_of("wire-1", text)
    assert [s.text for s in sentences] == expected
    check_invariants("wire-1", text, sentences)


def test_repeated_identical_sentences_get_their_own_offsets() -> None:
    text = "No comment. No comment. No comment.\nNo comment."
    sentences = sentences_of("a1", text)
    assert [(s.start, s.end) for s in sentences] == [(0, 11), (12, 23), (24, 35), (36, 47)]
    assert [s.id for s in sentences] == ["a1:0", "a1:1", "a1:2", "a1:3"]
    check_invariants("a1", text, sentences)


def test_repeated_headline_and_sentence_across_lines() -> None:
    text = "Ceasefire holds\nCeasefire holds\nThe ceasefire held. Shops reopened. The ceasefire held."
    sentences = sentences_of("a2", text)
    assert [s.text for s in sentences] == [
        "Ceasefire holds",
        "Ceasefire holds",
        "The ceasefire held.",
        "Shops reopened.",
        "The ceasefire held.",
    ]
    assert sentences[1].start == 16 and sentences[4].start == text.rindex("The ceasefire held.")
    check_invariants("a2", text, sentences)


def test_article_ids_containing_colons_round_trip() -> None:
    sentences = sentences_of("meantime_en:100911", "First sentence here. Second one here.")
    assert [s.id for s in sentences] == ["meantime_en:100911:0", "meantime_en:100911:1"]
    assert split_sentence_id(sentences[1].id) == ("meantime_en:100911", 1)


def test_run_on_lines_are_cut_near_the_cap_with_exact_offsets() -> None:
    text = "Table dump\n" + " ".join(f"cell{i}" for i in range(900)) + "\n" + "x" * 4500
    sentences = sentences_of("dump", text)
    assert sentences[0].text == "Table dump"
    assert all(len(s.text) <= 2000 for s in sentences)
    assert len(sentences) >= 5
    check_invariants("dump", text, sentences)


def test_blank_text_has_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences("  \n\n \t \n") == []


@pytest.mark.parametrize(
    "path",
    [SHARED / "meantime_en" / "articles.jsonl", SHARED / "wikinews_2004" / "wikinews_articles.jsonl"],
    ids=lambda p: p.parent.name,
)
def test_offsets_are_exact_on_real_articles(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} not present")
    total = records = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        records += 1
        record = json.loads(line)
        text = record["text"].replace("\r\n", "\n").strip()
        sentences = sentences_of(record["id"], text)
        check_invariants(record["id"], text, sentences)
        total += len(sentences)
    assert records >= 100 and total > 5 * records  # real articles, several sentences each


# --- terms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,700", ["2700"]),
        ("7,400 soldiers", ["7400", "soldier"]),
        ("U.S.", ["us"]),
        ("The U.S. said", ["us"]),
        ("N.Y.", ["ny"]),
        ("Turkey's army", ["turkey", "armi"]),
        ("Turkey’s army", ["turkey", "armi"]),
        ("3.5%", ["3.5"]),
        ("$40 billion", ["40", "billion"]),
        ("1,200.", ["1200"]),
        ("deployed deploying deployment", ["deploy", "deploy", "deploy"]),
        ("Soldiers were killed", ["soldier", "kill"]),
        ("THE AND OF it's", []),
    ],
)
def test_terms_normalise_numbers_abbreviations_and_stem(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_terms_of_question_and_answer_sentence_overlap() -> None:
    question = set(terms("How many Turkish soldiers were deployed in Idlib and Aleppo?"))
    answer = set(terms("7,400 Turkish soldiers had been deployed in the area and neighboring Aleppo."))
    assert question == {"turkish", "soldier", "deploy", "idlib", "aleppo"}
    assert question & answer == {"turkish", "soldier", "deploy", "aleppo"}


def test_words_keep_case_folded_unstemmed_forms() -> None:
    assert words("Turkish Soldiers DEPLOYED in U.S.") == ["turkish", "soldiers", "deployed", "us"]


def test_terms_split_words_joined_by_punctuation_without_space() -> None:
    assert "idlib" in terms("Troops entered Idlib.The army said nothing.")
    assert {"syria", "turkey"} <= set(terms("Talks between Syria,Turkey and Iran"))
