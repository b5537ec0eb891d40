"""Who does what to whom: catch a sentence that swaps the roles of the sentence it cites.

"Ankara warned Russia" citing "Russia warned Ankara" passes every lexical test (same words, same
names, same meaning by embedding), yet says the opposite. A dependency parse tells them apart:
for each verb the two sentences share (by lemma), the doer (subject, or the ``by`` agent of a
passive) and the done-to (object, or the subject of a passive) are compared; a doer of one that
is the done-to of the other, and the reverse, is a swap. Heads are compared as lemmas, and a
name also matches a longer mention of it ("Erdogan" = "President Erdogan").

spaCy comes from the shared lazy loader (:func:`briefing.text.nlp.pipeline`), with NER off: the
check runs only on sentences that passed every cheaper test, on the LLM path, where a model call
already costs seconds.
"""

from __future__ import annotations

from typing import Any

from briefing.text.nlp import pipeline

_DOER = {"nsubj", "csubj"}
_DONE_TO = {"dobj", "nsubjpass", "obj", "dative"}

Roles = dict[str, tuple[set[str], set[str]]]  # verb lemma -> (doers, done-tos)


def _mention(token: Any) -> set[str]:
    """The token's lemma and the words of its compound/flat name ("President Erdogan")."""
    words = {token.lemma_.lower(), token.text.lower()}
    words |= {t.text.lower() for t in token.children if t.dep_ in ("compound", "flat", "appos")}
    return words


def _roles(doc: Any) -> Roles:
    roles: Roles = {}
    for token in doc:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        doers: set[str] = set()
        done: set[str] = set()
        for child in token.children:
            if child.dep_ in _DOER:
                doers |= _mention(child)
            elif child.dep_ in _DONE_TO:
                done |= _mention(child)
            elif child.dep_ == "agent":  # "was warned by Russia"
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        doers |= _mention(pobj)
        if doers and done:
            entry = roles.setdefault(token.lemma_.lower(), (set(), set()))
            entry[0].update(doers)
            entry[1].update(done)
    return roles


def swapped(sentence: str, cited: list[str]) -> str:
    """Why ``sentence`` swaps who does what to whom in the closest of ``cited`` ("" if it does not)."""
    nlp = pipeline(disable=("ner",))
    mine = _roles(nlp(sentence))
    if not mine:
        return ""
    for text in cited:
        theirs = _roles(nlp(text))
        for verb, (doers, done) in mine.items():
            if verb not in theirs:
                continue
            their_doers, their_done = theirs[verb]
            if doers & their_doers or done & their_done:
                continue  # the same doer or done-to: not a swap (maybe a second clause)
            if doers & their_done and done & their_doers:
                return f"who does what to whom differs from the cited text ({verb})"
    return ""
