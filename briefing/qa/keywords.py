"""A query that is not a question (keywords, a noun phrase) and the terms an answer must hold.

Why: the answerability checks read a question's wh-word, relation and measure; a keyword query
has none of them, so a sentence passed on half of a compound ("wombat festival" was answered by
page boilerplate naming the Istanbul Film Festival) or on no word at all (a sentence-initial
name is not read as a name). Such a query answers only when the sentence or its immediate context
holds every key term, matched softly as focus units are (:mod:`briefing.qa.matching`: stem,
spelling variant, demonym, acronym); otherwise the engine abstains with the related sentences.
Terms of a clause that only describes the thing asked about ("price of the iLife '11 upgrade
*announced at Apple's Back to the Mac event*") may be anywhere in the article, as a question's
descriptive names may.
"""

from __future__ import annotations

from typing import Any

from briefing.qa.matching import Unit
from briefing.qa.matching import tokens as matching_tokens
from briefing.qa.vocabulary import ASKING_WORDS, GENERIC_NOUNS

_CONTENT = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "VERB", "X"})
_CLAUSES = frozenset({"acl", "relcl", "advcl"})
_QUESTION_STARTS = frozenset({"AUX"})  # "Did Boeing deliver ...", "Is Aleppo ...": a yes/no question


def is_keyword_query(doc: Any, question: str, wh: str) -> bool:
    """No wh-word, no question mark, not opened by an auxiliary: keywords or a noun phrase."""
    if wh or question.rstrip().endswith("?") or len(doc) == 0:
        return False
    return doc[0].pos_ not in _QUESTION_STARTS


def key_terms(doc: Any, units: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """The query's names (as units) and each other content word (a one-word unit).

    Dates and times are left to the year and as-of checks; a word inside a name is matched with
    the name.
    """
    in_names = {w for u in units for w in u.tokens}
    dated = {t.i for e in doc.ents if e.label_ in {"DATE", "TIME"} for t in e}
    found: dict[str, Unit] = {" ".join(u.tokens): u for u in units}
    for token in doc:
        if token.i in dated or token.is_stop or token.is_punct or token.pos_ not in _CONTENT:
            continue
        words = tuple(w for w in matching_tokens(token.text) if w not in in_names and w not in ASKING_WORDS)
        if not words or token.lemma_.lower() in ASKING_WORDS or token.lemma_.lower() in GENERIC_NOUNS:
            continue
        for word in words:
            found.setdefault(word, Unit(token.text, "TERM", (word,)))
    return tuple(found.values())


def aside_terms(doc: Any, terms: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """The terms written only inside a clause that describes ("killed in air strikes on
    Talbisseh", "announced at the event"): the article holding them is enough."""
    aside = {t.i for t in doc if any(a.dep_ in _CLAUSES for a in (t, *t.ancestors))}
    found = []
    for term in terms:
        spots = [t.i for t in doc if set(matching_tokens(t.text)) & set(term.tokens)]
        if spots and all(i in aside for i in spots):
            found.append(term)
    return tuple(found)
