"""Who says it, and whether it is said at all as fact: the reported claims of a sentence.

News text reports: "Abdel-Moneim said his son was killed", "the state TV channel said the blast was
caused by a car bomb", "Russia claimed the gas leaked from a rebel depot". A small model keeps the
words and moves the claim: onto another person named in the same sentence ("Abu Ayesha said his
son was killed"), onto the speaker of the next cited sentence ("SOHR said the blast was caused by a
car bomb", where SOHR said something else), or out of anyone's mouth ("the gas leaked from a rebel
depot", which the source has only as Russia's claim). Each test reads the dependency parse (spaCy
docs from :mod:`briefing.llm.roles`):

- :func:`speaker_swapped`: what the sentence has someone say is said by another in the cited text;
- :func:`claim_stated_as_fact`: the cited text has it only as a claim or an allegation.
"""

from __future__ import annotations

from typing import Any

_SAYING = {
    "say", "tell", "report", "state", "announce", "add", "claim", "allege", "accuse", "confirm",
    "insist", "warn", "write", "declare", "note", "explain", "suggest", "contend", "argue",
}  # fmt: skip
_CLAIMING = {"claim", "allege", "contend", "purport", "insist"}  # the source does not vouch for these
_NAMING = {"NOUN", "PROPN"}
_NOT_NAMES = {"source", "official", "group", "people", "report", "statement", "medium", "news", "agency"}

Claim = tuple[set[str], set[str], bool]  # (words naming who says it, verbs said, a proper name says it)


def _who(token: Any) -> set[str]:
    """The nouns and names of a speaker's mention, not of clauses hung on it ("a militant known as
    Abu Ayesha who was leading ..." is the militant, not Abu Ayesha)."""
    found: set[str] = set()
    stack = [token]
    while stack:
        t = stack.pop()
        if t.pos_ in _NAMING:
            found |= {t.lemma_.lower(), t.text.lower()}
        stack += [c for c in t.children if c.dep_ not in ("acl", "relcl", "advcl", "ccomp", "prep")]
    return found - _NOT_NAMES


def _said(verb: Any) -> set[str]:
    """Lemmas of the verbs in what ``verb`` reports (its clausal complement)."""
    return {
        t.lemma_.lower()
        for c in verb.children
        if c.dep_ in ("ccomp", "xcomp")
        for t in c.subtree
        if t.pos_ == "VERB" and t.lemma_.lower() not in _SAYING
    }


def _claimed(verb: Any) -> set[str]:
    """The verb of a finite clause ``verb`` claims ("claimed the gas had leaked" -> leak); not a
    participle, which the parser often hangs there from elsewhere ("claims the attack ... killing")."""
    return {c.lemma_.lower() for c in verb.children if c.dep_ == "ccomp" and c.tag_ != "VBG"}


def reported(doc: Any) -> list[Claim]:
    """Every "X said that ..." and "..., according to X" of a parsed sentence."""
    found: list[Claim] = []
    for token in doc:
        if token.pos_ == "VERB" and token.lemma_.lower() in _SAYING:
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            who, said = set().union(*(_who(c) for c in subjects)), _said(token)
            if who and said:
                found.append((who, said, any(c.pos_ == "PROPN" for c in subjects)))
        elif token.lower_ == "according" and token.dep_ == "prep":
            to = [p for c in token.children if c.lower_ == "to" for p in c.children if p.dep_ == "pobj"]
            who, head = set().union(*(_who(p) for p in to)), token.head
            said = {t.lemma_.lower() for t in head.subtree if t.pos_ == "VERB" and t is not token} - _SAYING
            if who and said and head.pos_ == "VERB":
                found.append((who, said, any(p.pos_ == "PROPN" for p in to)))
    return found


def speaker_swapped(doc: Any, cited_docs: list[Any]) -> str:
    """The sentence has someone say what the cited text has another say: "Abu Ayesha said his son
    ... was killed" citing "Abdel-Moneim said his son ... was killed ... known as Abu Ayesha".

    Judged only where the cited text itself reports that verb by someone, and the sentence's
    speaker is named in the cited text but as none of its speakers of it. A cited speaker given
    only by description ("the war monitor") may be the sentence's speaker under another name
    (SOHR), so it counts only when the sentence's speaker is named in that same cited sentence.
    """
    anywhere = _named(cited_docs)
    theirs = [(claim, _named([d])) for d in cited_docs for claim in reported(d)]
    for who, said, _ in reported(doc):
        same = [(claim, here) for claim, here in theirs if said & claim[1]]
        if any(who & their_who for (their_who, _, _), _ in same):
            continue  # one cited sentence has this speaker say it: another may say it too
        for (_, _, by_name), here in same:
            if who & here or (by_name and who & anywhere):
                return f"in the cited text it is not {' '.join(sorted(who & anywhere))} who says it"
    return ""


def _named(docs: list[Any]) -> set[str]:
    return {w for d in docs for t in d if t.pos_ in _NAMING for w in (t.lemma_.lower(), t.text.lower())}


def claim_stated_as_fact(doc: Any, cited_docs: list[Any]) -> str:
    """The cited text has it only as someone's claim ("Russia claimed the gas had leaked"), and the
    sentence states it ("the gas leaked") without anyone saying it.

    Only claiming verbs count (claim, allege, contend...): "X said Y" written "Y" is how news
    is summarised, and a dropped hedge word is :func:`briefing.llm.events.dropped_hedge`'s."""
    if reported(doc) or any(t.lemma_.lower() in _SAYING for t in doc if t.pos_ == "VERB"):
        return ""
    stated = {t.lemma_.lower() for t in doc if t.pos_ == "VERB"}
    for cited_doc in cited_docs:
        for token in cited_doc:
            if token.pos_ != "VERB" or token.lemma_.lower() not in _CLAIMING:
                continue
            if _claimed(token) & stated:
                return f"the cited text has it only as a claim ({token.text}); the sentence states it"
    return ""
