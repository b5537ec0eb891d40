"""What a figure's number counts, read from the dependency parse rather than from the words after it.

The figure finder (:mod:`briefing.brief.figures`) takes the words after a number as what it
counts; that made "two besieged regime-held towns" (evacuees came *from* them), "four continents",
"at least three times", "65 km northwest of Daraa", "19 Monitor" (a headline run into the text)
and "ten considered" (the end of "often") key figures of a brief. A figure is a count of something
that happened to someone or something: deaths, people, children, dollars, buildings. The parse
tells what the number modifies (``nummod``; through "more than", "2.9 million" and compounds such
as "weapons production facilities" to the head noun), and so which readings are not figures:

- the number does not begin a word of the parse ("often" holds "ten");
- it modifies a name (a proper noun: "58 - YouTube Source TRTWorld", "19 Monitor");
- its noun is an adverbial measure of where, when or how often (``npadvmod``: "three times",
  "25 miles west");
- its noun names places or groups (:data:`NOT_COUNTED`: "two towns", "14 cities", "the two sides").

The noun also gives the unit: "more than 60 people said" counts people, "1472 casualties linked"
casualties. A number the parse does not attach to a noun ("14 - died in air strikes") keeps the
reading of the words after it. Only sentences holding a hit that is not plainly a count of people
are parsed (:data:`PEOPLE`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from briefing.text import nlp

NOT_COUNTED = frozenset(
    "town village city country continent province region area district neighbourhood neighborhood "  # noqa: SIM905
    "state nation capital county governorate island front border side party faction group coalition "
    "alliance camp time way thing kind type part sort occasion round stage phase".split()
)
"""Head nouns whose count names places or groups (or is a manner of speaking), not a quantity."""
PEOPLE = frozenset(
    "person child civilian fighter soldier woman man victim casualty death refugee evacuee member "  # noqa: SIM905
    "resident worker student patient official policeman officer migrant prisoner detainee".split()
)
"""Units the figure finder reads right unaided: a hit whose words after the number end in one of
these ("at least 58 people") is a count of people, and its sentence needs no parse for it (a
brief holds hundreds of such sentences; a parse costs a few milliseconds each)."""


class Counted(NamedTuple):
    """The noun a number modifies, as the parse reads it."""

    noun: str  # as written: "towns", "facilities"
    lemma: str  # "town" (lower case, plural -s dropped: the parse is read without the lemmatizer)
    proper: bool  # a name: a number in a headline or a title, not a count
    adverbial: bool  # npadvmod: "three times", "25 miles west"

    def refused(self) -> bool:
        """Is this number's phrase no figure at all (see the module's docstring)?"""
        return self.proper or self.adverbial or self.lemma in NOT_COUNTED


def counted_nouns(sentence: str) -> dict[int, Counted | None]:
    """For each number of ``sentence`` (by the character offset where its token begins): the noun
    it counts, or None when the parse attaches it to no noun. One parse per sentence, in the parse
    worker while one runs."""
    found: dict[int, tuple[str, str, bool, bool] | None] = nlp.read_syntax(sentence, _read_counted)
    return {at: Counted(*info) if info else None for at, info in found.items()}


def _read_counted(doc: Any, text: str) -> dict[int, tuple[str, str, bool, bool] | None]:
    """Plain data off the parse (it may cross from the parse worker): see :func:`counted_nouns`."""
    out: dict[int, tuple[str, str, bool, bool] | None] = {}
    for token in doc:
        if not (token.like_num or token.pos_ == "NUM"):
            continue
        top = token  # "more than 100", "2.9 million": up to the number the noun holds
        while top.dep_ in ("compound", "quantmod", "nummod", "nmod") and top.head.pos_ == "NUM":
            if top.head is top:
                break
            top = top.head
        if top.dep_ != "nummod" or top.head.pos_ not in ("NOUN", "PROPN"):
            out[token.idx] = None
            continue
        noun = top.head
        while noun.dep_ == "compound" and noun.head.pos_ in ("NOUN", "PROPN") and noun.head is not noun:
            noun = noun.head  # "two chemical weapons production facilities": facilities
        out[token.idx] = (noun.text, _singular(noun.text), noun.pos_ == "PROPN", noun.dep_ == "npadvmod")
    return out


def _singular(noun: str) -> str:
    """A plural noun's singular, well enough for :data:`NOT_COUNTED` ("cities", "towns", "times")."""
    word = noun.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
