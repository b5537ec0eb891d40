"""Who says it, and who does what to whom through prepositions, clauses and sides of a war.

Each pair is a cited sentence of the labelled set (bench/data/support_labels.jsonl) or of the
seed article, with the sentence a model wrote or might write; the check runs on spaCy's real
parse (:func:`briefing.llm.roles.swapped`, the step :func:`briefing.llm.citations.check_many`
takes after the cheap tests).
"""

from __future__ import annotations

import pytest

from briefing.llm import roles
from briefing.llm.wording import without_meta

TUNNEL = (
    "Abdel-Moneim said his son and 12 other militants were killed inside of a tunnel used to store "
    "weapons provided by a Saudi militant known as Abu Ayesha who was leading a fighting battalion."
)
BLAST = "The state TV channel said the explosion was caused by a car bomb."
GAS = "Russia claimed the poison gas had leaked from a rebel chemical weapons depot."
BLAME = (
    "Another 50 were wounded or missing in the central neighborhood of Maghawir the Syrian Observatory "
    "for Human Rights said blaming the attack on forces loyal to the Syrian dictator Bashar al-Assad."
)
BACKED = (
    "On August 24 Turkish special forces tanks and jets backed by planes from the US-led coalition "
    "launched their first coordinated offensive in Syria."
)
SLUMS = "Officials in Mumbai, India, demolished over 6,000 shanties today to eradicate the city's slums."
SCHOOL = "State media says rebel forces have hit a school in government-controlled west Aleppo."
RAID = "The raid on the village by government troops killed 12 people."


@pytest.mark.parametrize(
    ("sentence", "cited", "flagged"),
    [
        ("Abu Ayesha said his son and 12 other militants were killed inside a tunnel.", TUNNEL, "not abu"),
        ("Abdel-Moneim said his son and 12 other militants were killed in a tunnel.", TUNNEL, ""),
        ("The Syrian Observatory said the explosion was caused by a car bomb.", BLAST, ""),  # not named there
        ("The poison gas leaked from a rebel chemical weapons depot.", GAS, "only as a claim"),
        ("Russia said the poison gas had leaked from a rebel weapons depot.", GAS, ""),
        ("Forces loyal to Bashar al-Assad blamed the attack on the Syrian Observatory.", BLAME, "on/against"),
        ("The Syrian Observatory blamed the attack on forces loyal to Bashar al-Assad.", BLAME, ""),
        (
            "Planes from the US-led coalition, backed by Turkish special forces, launched an offensive.",
            BACKED,
            "who does what",
        ),
        ("Turkish special forces tanks backed by coalition planes launched an offensive.", BACKED, ""),
        (
            "Slum residents in Mumbai demolished the offices of city officials.",
            SLUMS,
            "the doer of 'demolish' is done to)",
        ),
        ("Officials in Mumbai demolished over 6,000 shanties.", SLUMS, ""),
        (
            "State media says government forces have hit a school in west Aleppo.",
            SCHOOL,
            "'government' forces",
        ),
        ("State media says opposition forces hit a school in west Aleppo.", SCHOOL, ""),  # the same side
        ("The village attacked government troops, killing 12 people.", RAID, ""),  # another verb: let be
        ("The village raided government troops.", RAID, "on/against"),
    ],
)
def test_speakers_targets_participles_and_sides_are_compared(sentence: str, cited: str, flagged: str) -> None:
    why = roles.swapped(sentence, [cited])
    assert (flagged in why) if flagged else why == "", why


def test_a_speaker_known_only_by_description_may_be_named_in_another_cited_sentence() -> None:
    """SOHR said it and the cited "war monitor" is SOHR: a description never counts as another
    speaker unless the sentence's speaker is named in that same cited sentence."""
    monitor = "The Britain-based war monitor reported that 7,400 Turkish soldiers had been deployed in Idlib."
    named = "The Syrian Observatory for Human Rights (SOHR) said the casualties took place near Kansafra."
    assert (
        roles.swapped("The SOHR said 7,400 Turkish soldiers were deployed in Idlib.", [named, monitor]) == ""
    )


BOMBER = (
    "A motorcycle bomber killed at least 16 civilians outside a bakery in Hasakeh city, an official said."
)
PROTEST = "The GAO upheld Boeing's protest, though not all of their individual claims were upheld."
TOLL = "The toll from the earthquake and tsunami has risen to nearly 60,000 people reported dead."
CLASHES = "Two soldiers were injured in the clashes near the border, the army said."


@pytest.mark.parametrize(
    ("sentence", "cited", "flagged"),
    [
        ("The motorcycle bomber was arrested by police in Hasakeh.", BOMBER, "bomber killed, not held"),
        ("A motorcycle bomber killed 16 civilians in Hasakeh.", BOMBER, ""),
        ("Two soldiers were wounded in the clashes near the border.", CLASHES, ""),  # the same kind of event
        ("Two soldiers were killed in the clashes near the border.", CLASHES, "soldier hurt, not killed"),
        ("The GAO rejected Boeing's protest.", PROTEST, "'reject' where the cited text has 'uphold'"),
        ("Boeing's protest was upheld by the GAO.", PROTEST, ""),
        ("Nearly 60,000 people have been evacuated after the tsunami.", TOLL, "60000 people killed"),
        ("Nearly 60,000 people have died in the earthquake and tsunami.", TOLL, ""),
    ],
)
def test_the_kind_of_event_and_opposite_words_are_compared(sentence: str, cited: str, flagged: str) -> None:
    why = roles.swapped(sentence, [cited])
    assert (flagged in why) if flagged else why == "", why


POUNDED = "Russian jets pounded several opposition-held parts of eastern Aleppo killing 26 people."


def test_an_added_kind_of_people_is_caught_where_one_new_word_would_pass() -> None:
    """The words the cheap tests found nowhere in the cited text are passed in as ``unmatched``."""
    sentence = "Russian jets pounded eastern Aleppo, killing 26 people, most of them children."
    assert "'children' is not in the cited text" in roles.swapped(sentence, [POUNDED], ["children"])
    assert roles.swapped("Russian jets pounded eastern Aleppo, killing 26 people.", [POUNDED], []) == ""


def test_an_added_phrase_is_seen_through_a_preposition() -> None:
    """A real SmolLM2-135M sentence: "carried out by the Syrian government" is not in the cited text."""
    claim = "A chemical attack in Syria that could have been carried out by the Syrian government."
    cited = "It was the third claim of a chemical attack in just over a week in Syria."
    why = roles.swapped(claim, [cited], ["carried", "government"])
    assert why == "an added detail: 'carried out by the Syrian government' is not in the cited text"
    assert roles.swapped("A chemical attack in Syria.", [cited], ["carried", "government"]) == ""


def test_the_article_is_about_is_read_as_its_claim() -> None:
    assert without_meta("The article is about a chemical attack in Idlib.") == "A chemical attack in Idlib."
    assert without_meta("The attack is about to start.") == "The attack is about to start."


NEIGHBOURS = [  # real FA-KES sentences and the one after each: the neighbour says or hedges otherwise
    (
        "The Observatory said Tuesdays bombardment brought to 49 the number killed in Eastern Ghouta in "
        "two days of attacks.",
        '"There has been fierce artillery shelling and airstrikes since yesterday and 165 people total '
        'have been wounded" Observatory chief Rami Abdel Rahman said.',
    ),
    (
        "A joint inquiry for the United Nations and the global chemical weapons watchdog has previously "
        "accused government forces of toxic gas attacks.",
        "France called for an emergency U.N. Security Council meeting about Tuesdays suspected attack.",
    ),
    (
        "The Britain-based Syrian Observatory for Human Rights said the Boukamal strike killed 15 civilians "
        "including women and children as well as three Iraqi Daesh fighters.",
        "Opposition activist Omar Abu Laila who currently lives in Europe but is from the province where "
        "the strike took place and maintains contacts there said 10 people were killed including an "
        "Iraqi family of four.",
    ),
]


@pytest.mark.parametrize(("sentence", "neighbour"), NEIGHBOURS)
def test_a_sentence_citing_itself_and_its_neighbour_is_not_flagged(sentence: str, neighbour: str) -> None:
    """Another speaker, doer or hedge in one cited sentence is no flag when another cited sentence
    says it as written (before: the first two were flagged, "the doer of 'say' differs" and "the
    cited text hedges it"; the third by the speaker check while it was being built)."""
    assert roles.swapped(sentence, [sentence, neighbour]) == ""
    assert roles.swapped(sentence, [neighbour, sentence]) == ""
