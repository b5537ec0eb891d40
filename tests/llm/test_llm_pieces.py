"""The pieces of the LLM path on their own: tidying, structured replies, roles, attribution."""

from __future__ import annotations

import json

import pytest

from briefing.core.settings import EmbedderSettings
from briefing.llm import attribution, citations, roles, structured, tidy
from briefing.llm.citations import Claim
from briefing.store.embedder import load_embedder

ALIASES = {"S1": "a:1", "S2": "a:2", "S3": "b:7"}
RUSSIA = "Last week, Russia warned Ankara against launching attacks against Syrian army soldiers."
TROOPS = (
    "The Britain-based war monitor reported that a Turkish convoy of 80 vehicles had entered Idlib, and "
    "that 7,400 Turkish soldiers had been deployed in the area and neighboring Aleppo."
)


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("1. The monitor said so.", "The monitor said so."),
        ("12) The monitor said so.", "The monitor said so."),
        ("104. - **The monitor** said so.", "The monitor said so."),
        ("• The monitor said so.", "The monitor said so."),
        ("3.5 million people fled.", "3.5 million people fled."),  # a number, not a list number
        ("7,400 soldiers were deployed.", "7,400 soldiers were deployed."),
    ],
)
def test_list_numbering_of_any_width_is_stripped(written: str, kept: str) -> None:
    assert tidy.strip_numbering(written) == kept


def test_repeats_and_bare_numbers_are_dropped_and_the_count_capped() -> None:
    claims = [
        Claim("1. The convoy had 80 vehicles.", ["a:1"]),
        Claim("2. The convoy had 80 vehicles."),
        Claim("10.", ["a:2"]),  # a marker after a bare list number belongs to the sentence before
        Claim("Ankara sent troops."),
        Claim("Turkey sent more troops."),
    ]
    kept, dropped = tidy.tidy(claims, limit=2)
    assert [(c.text, c.citations) for c in kept] == [
        ("The convoy had 80 vehicles.", ["a:1", "a:2"]),
        ("Ankara sent troops.", []),
    ]
    assert dropped == 2


def test_a_reply_is_enough_at_the_limit_of_distinct_sentences_or_of_repeats() -> None:
    distinct = [Claim("The convoy had 80 vehicles."), Claim("10.")]  # bare numbers count for nothing
    assert not tidy.enough(distinct[:1], limit=2)
    assert not tidy.enough(distinct, limit=2)
    assert tidy.enough([Claim("The convoy had 80 vehicles."), Claim("Ankara sent troops.")], limit=2)
    looping = [Claim("Ankara sent troops.")] + [Claim("2. Ankara sent troops.")] * 2
    assert not tidy.enough(looping[:2], limit=2) and tidy.enough(looping, limit=2)


def test_a_structured_reply_is_read_and_a_cut_one_salvaged() -> None:
    reply = {"sentences": [{"text": "One.", "cites": ["S1", "S3"]}, {"text": "Two.", "cites": ["S9"]}]}
    claims = structured.parse(json.dumps(reply), ALIASES)
    assert claims is not None
    assert [(c.text, c.citations, c.unknown) for c in claims] == [
        ("One.", ["a:1", "b:7"], []),
        ("Two.", [], ["S9"]),
    ]
    cut = json.dumps(reply)[:-12]
    salvaged = structured.parse(cut, ALIASES)
    assert salvaged is not None and [c.text for c in salvaged] == ["One."]
    assert structured.parse("The monitor said so. [S1]", ALIASES) is None  # not JSON: read as markers
    assert structured.parse('{"sentences": []}', ALIASES) == []
    inline = structured.parse('{"sentences": [{"text": "One. [S2]", "cites": ["S1"]}]}', ALIASES)
    assert inline is not None and [(c.text, c.citations) for c in inline] == [("One.", ["a:1", "a:2"])]


def test_the_schema_lists_the_aliases_and_caps_the_sentences() -> None:
    schema = structured.schema(["S1", "S2"], 4)
    items = schema["properties"]["sentences"]
    assert items["maxItems"] == 4 and items["items"]["properties"]["cites"]["items"]["enum"] == ["S1", "S2"]


def test_a_streamed_json_reply_is_shown_as_prose_with_markers() -> None:
    reply = json.dumps(
        {"sentences": [{"text": 'He said "no".', "cites": ["S2"]}, {"text": "Then.", "cites": ["S1"]}]}
    )
    shown = structured.JsonStreamFilter(ALIASES)
    pieces = [shown.feed(reply[i : i + 3]) for i in range(0, len(reply), 3)]
    assert "".join(pieces) == 'He said "no". [1] Then. [2] '
    assert not any("{" in piece or "S2" in piece for piece in pieces)
    inline = '{"sentences": [{"text": "One [S3] more.", "cites": ["S1"]}]}'
    shown = structured.JsonStreamFilter(ALIASES)
    assert "".join(shown.feed(inline[i : i + 2]) for i in range(0, len(inline), 2)) == "One more. [1][2] "


@pytest.mark.parametrize(
    ("sentence", "cited", "flagged"),
    [
        ("Ankara warned Russia against attacks on Syrian army soldiers.", RUSSIA, "who does what to whom"),
        ("Russia warned Ankara not to attack Syrian soldiers.", RUSSIA, ""),
        ("Ankara was warned by Russia against launching attacks.", RUSSIA, ""),  # passive, same roles
        ("Russia was warned by Ankara against launching attacks.", RUSSIA, "who does what to whom"),
        ("A Syrian convoy of 80 vehicles had entered Idlib.", TROOPS, "'syrian' convoy where the cited text"),
    ],
)
def test_roles_and_proper_modifiers_are_compared(sentence: str, cited: str, flagged: str) -> None:
    why = roles.swapped(sentence, [cited])
    assert (flagged in why) if flagged else why == ""


SENT = (
    "The observatory reported on Saturday that as many as 2,700 Turkish military vehicles had been sent "
    "into Syria over the past 19 days."
)
GAS = "At least 58 people were killed in a suspected chemical attack on Khan Sheikhun, the Observatory said."
RAIDS = "It was not immediately clear who carried out the raids that also wounded at least 90 people."


@pytest.mark.parametrize(
    ("sentence", "cited", "flagged"),
    [  # the first two were written by SmolLM2-135M-Instruct
        ("2,700 Turkish military vehicles have been burned and damaged.", SENT, "2700 vehicles sent, not"),
        ("2,700 Turkish military vehicles were sent into Syria in the past week.", SENT, "'week' (a time)"),
        ("2,700 Turkish military vehicles had entered Syria in 19 days.", SENT, ""),  # same kind of event
        ("At least 58 people fled a suspected chemical attack on Khan Sheikhun.", GAS, "58 people killed"),
        ("At least 58 people were killed in a chemical attack on Khan Sheikhun.", GAS, "hedges it"),
        ("At least 58 people were killed in a suspected chemical attack in May.", GAS, ""),  # not a hedge
        ("A suspected chemical attack killed 58 people in Khan Sheikhun overnight.", GAS, "'overnight'"),
    ],
)
def test_the_counted_event_its_time_and_hedges_are_compared(sentence: str, cited: str, flagged: str) -> None:
    why = roles.swapped(sentence, [cited])
    assert (flagged in why) if flagged else why == ""


def test_a_negation_counts_only_on_the_words_it_negates() -> None:
    embed = load_embedder(EmbedderSettings()).embed
    other_clause = "The raids also wounded at least 90 people."
    negated = "It was clear who carried out the raids."
    items = [(other_clause, [RAIDS]), (negated, [RAIDS])]
    verdicts = citations.check_many(items, embed, 0.45, 0.5, roles=False)
    assert [v.supported for v in verdicts] == [True, False]
    assert verdicts[1].reason.startswith("a negation in the cited text")


def test_attribution_picks_the_sentence_with_the_numbers_and_names() -> None:
    embed = load_embedder(EmbedderSettings()).embed
    sources = {"a:1": RUSSIA, "a:2": TROOPS, "a:3": "The Turkish Defense Ministry has yet to comment."}
    sentences = [
        "7,400 Turkish soldiers were deployed near Aleppo.",
        "Russia warned Ankara.",
        "The weather was fine.",
    ]
    found = attribution.align(sentences, sources, embed)
    assert found[0] is not None and found[0].citations == ["a:2"]
    assert found[1] is not None and found[1].citations == ["a:1"]
    assert found[2] is not None and found[2].score < found[0].score
