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

from collections.abc import Callable
from typing import Any

from briefing.llm import claims, events, relations
from briefing.llm.relations import ANYONE as _ANYONE
from briefing.llm.relations import mention as _mention
from briefing.text.nlp import pipeline

_DOER = {"nsubj", "csubj"}
_DONE_TO = {"dobj", "nsubjpass", "obj", "dative"}

Roles = dict[str, tuple[set[str], set[str]]]  # verb lemma -> (doers, done-tos)


def _subjects(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in _DOER]


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
        done |= _participle_done_to(token)
        if doers or done:
            entry = roles.setdefault(token.lemma_.lower(), (set(), set()))
            entry[0].update(doers)
            entry[1].update(done)
    return roles


def _participle_done_to(verb: Any) -> set[str]:
    """What a passive participle with a ``by`` agent is done to: the noun it hangs on ("tanks
    backed by planes") or the subject of the verb it hangs on ("planes launched ..., backed by
    forces")."""
    if verb.tag_ != "VBN" or not any(c.dep_ == "agent" for c in verb.children):
        return set()
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return _mention(verb.head, skip=verb)
    if verb.dep_ == "advcl" and not _subjects(verb):
        return set().union(*(_mention(s) for s in _subjects(verb.head)))
    return set()


def swapped(
    sentence: str,
    cited: list[str],
    unmatched: list[str] | None = None,
    alike: Callable[[str, str], bool] | None = None,
) -> str:
    """Why ``sentence`` changes who does what to whom in ``cited``, or adds a detail ("" if neither).

    Three tests on the parse: the doer and the done-to of a shared verb exchanged; a doer or
    done-to that is someone else in the cited text ("Boeing was selected" where the cited text
    selected Northrop and Boeing protested); and an added phrase: two words joined in the parse
    (a verb and its object, a noun and its modifier) that are both among ``unmatched``, the key
    words found nowhere in the cited text, not even as a near synonym ("... after hitting rocks").
    The same parses feed the tests of :mod:`briefing.llm.events` (what a number counts, the kind
    of event, opposite words, time, hedges), :mod:`briefing.llm.claims` (who says it, a claim
    stated as fact) and :mod:`briefing.llm.relations` (roles through on/against and clauses).
    """
    nlp = pipeline()  # the one loaded pipeline, shared with answerability and briefs; NER skipped per call
    doc = nlp(sentence, disable=["ner"])
    missing = {w.lower() for w in unmatched or []}
    added = _added_phrase(doc, missing) or _added_people(doc, missing)
    if added:
        return f"an added detail: {added!r} is not in the cited text"
    cited_docs = [nlp(text, disable=["ner"]) for text in cited]
    changed = (
        _modifier_swap(doc, cited_docs)
        or _counted_swap(doc, cited_docs, alike)
        or events.counted_event(doc, cited_docs)
        or events.changed_event(doc, cited_docs)
        or events.opposite(doc, cited_docs)
        or events.added_time(doc, cited_docs)
        or events.dropped_hedge(doc, cited_docs)
        or claims.speaker_swapped(doc, cited_docs)
        or claims.claim_stated_as_fact(doc, cited_docs)
        or relations.target_swapped(doc, cited_docs)
        or relations.doer_made_done_to(doc, cited_docs)
    )
    if changed:
        return changed
    return _role_changed(_roles(doc), cited_docs)


def _role_changed(mine: Roles, cited_docs: list[Any]) -> str:
    """A swap of a shared verb's roles in any cited sentence; or a role held by someone else,
    unless another cited sentence has the verb with roles that fit (a sentence citing itself and
    its neighbour, whose "said" has another speaker, is not flagged)."""
    found: dict[str, list[str]] = {}
    for cited_doc in cited_docs:
        theirs = _roles(cited_doc)
        present = {t.lemma_.lower() for t in cited_doc} | {t.text.lower() for t in cited_doc}
        anywhere = (
            set().union(*(d for d, _ in theirs.values())),
            set().union(*(d for _, d in theirs.values())),
        )
        for verb, (doers, done) in mine.items():
            if verb in theirs:
                why = _compare(verb, (doers, done), theirs[verb], present, anywhere)
                if why.startswith("who does what to whom"):
                    return why
                found.setdefault(verb, []).append(why)
    return next((whys[0] for whys in found.values() if all(whys)), "")


def _compare(
    verb: str,
    mine: tuple[set[str], set[str]],
    theirs: tuple[set[str], set[str]],
    present: set[str],
    anywhere: tuple[set[str], set[str]],
) -> str:
    """A swap of the two roles of ``verb``, or one role held by someone else of the cited text.

    A doer (done-to) that is a doer (done-to) of any verb of the cited text is let pass: news
    text is often unpunctuated, and the parse may hang a clause on the wrong verb."""
    (doers, done), (their_doers, their_done) = mine, theirs
    if doers & their_done and done & their_doers and not (doers & their_doers or done & their_done):
        return f"who does what to whom differs from the cited text ({verb})"
    if done & their_doers or doers & their_done:  # "Lisbon opened the bridge" / "the bridge opened"
        return ""
    for role, ours, other, elsewhere, same_role in (
        ("done-to", done, their_done, their_doers, anywhere[1]),
        ("doer", doers, their_doers, their_done, anywhere[0]),
    ):
        if not ours or not other or ours & (other | elsewhere | same_role) or _ANYONE in ours | other:
            continue
        if ours & present:  # named in the cited text, but in another part
            return f"the {role} of {verb!r} differs from the cited text"
    return ""


_CONTENT = {"NOUN", "VERB", "PROPN", "ADJ"}


def _added_phrase(doc: Any, unmatched: set[str]) -> str:
    """Two unmatched words joined in the parse, directly or through a preposition ("carried out
    by the government")."""
    if len(unmatched) < 2:
        return ""
    for token in doc:
        if token.pos_ not in _CONTENT or token.text.lower() not in unmatched:
            continue
        through = [g for c in token.children if c.dep_ in ("prep", "agent") for g in c.children]
        for child in [*token.children, *through]:
            if child.pos_ in _CONTENT and child.text.lower() in unmatched:
                first, second = sorted((token, child), key=lambda t: t.i)
                return doc[first.i : second.i + 1].text
    return ""


_PEOPLE = {  # who the victims or actors were: a small model adds them ("most of them children")
    "child", "children", "woman", "women", "civilian", "soldier", "militant", "rebel", "fighter",
    "student", "journalist", "doctor", "refugee", "worker", "policeman", "officer", "baby", "babies",
}  # fmt: skip


def _added_people(doc: Any, unmatched: set[str]) -> str:
    """A kind of people the cited text names nowhere, not even by a near synonym: the coverage
    test lets one new word pass, but who was killed is the claim itself."""
    for token in doc:
        if token.pos_ == "NOUN" and token.text.lower() in unmatched and token.lemma_.lower() in _PEOPLE:
            return token.text
    return ""


_MODIFIER = {"amod", "compound", "poss", "nmod"}


_SIDES = {  # the sides of a war, as news names them in lower case: "rebel forces", "government forces"
    **dict.fromkeys(("government", "regime", "army", "loyalist", "pro-government", "pro-regime"), "state"),
    **dict.fromkeys(("rebel", "opposition", "insurgent", "militant", "jihadist", "islamist"), "armed"),
}


def _modifiers(token: Any) -> set[str]:
    """Capitalised modifiers of a noun: nationalities, names, organisations ("Russian", "Kurdish");
    and the side of a war ("rebel forces" / "government forces")."""
    return {
        c.lemma_.lower()
        for c in token.children
        if c.dep_ in _MODIFIER
        and (
            (c.pos_ in ("ADJ", "PROPN") and c.text[:1].isupper() and not c.is_stop)
            or c.lemma_.lower() in _SIDES
        )
    }


def _like(word: str, others: set[str]) -> bool:
    """The same word up to inflection or derivation (Turkey / Turkish, defence / defense), or the
    same side ("regime" / "government")."""
    side = _SIDES.get(word)
    return any(
        word == other
        or (word[:4] == other[:4] and min(len(word), len(other)) >= 4)
        or (side is not None and _SIDES.get(other) == side)
        for other in others
    )


def _modifier_swap(doc: Any, cited_docs: list[Any]) -> str:
    """A thing of the cited text with another proper modifier: "Syrian jets" where it says
    "Russian jets", "Syrian National Council" where it says "Kurdish National Council"."""
    theirs: dict[str, set[str]] = {}
    for cited_doc in cited_docs:
        for token in cited_doc:
            if token.pos_ in ("NOUN", "PROPN"):
                theirs.setdefault(token.lemma_.lower(), set()).update(_modifiers(token))
    for token in doc:
        other = theirs.get(token.lemma_.lower()) if token.pos_ in ("NOUN", "PROPN") else None
        if not other:
            continue
        mine = _modifiers(token)
        new = [m for m in mine if not _like(m, other)]
        gone = [m for m in other if not _like(m, mine)]
        if new and gone:
            return f"{new[0]!r} {token.text} where the cited text has {gone[0]!r} {token.text}"
    return ""


_NOT_COUNTED = {"percent", "%", "dollar", "euro", "pound", "yen", "yuan", "rupee", "cent"}


def _counts(doc: Any) -> dict[str, set[str]]:
    """Each number that counts something (``nummod``), normalised, with the lemmas it counts.

    Only written numbers counting a thing: not "billion" in "$23 billion", not money or shares.
    """
    found: dict[str, set[str]] = {}
    for token in doc:
        head = token.head
        if (
            token.dep_ == "nummod"
            and any(ch.isdigit() for ch in token.text)
            and head.pos_ in ("NOUN", "PROPN")
            and not head.like_num
            and head.tag_ != "$"
            and head.lemma_.lower() not in _NOT_COUNTED
        ):
            found.setdefault(token.text.replace(",", ""), set()).add(token.head.lemma_.lower())
    return found


def _counted_swap(doc: Any, cited_docs: list[Any], alike: Callable[[str, str], bool] | None) -> str:
    """The same number counting something else: "2,700 soldiers" citing "2,700 military vehicles".

    The number check only asks that the number be in the cited text; a small model often moves
    it onto the question's noun. Judged only where the cited text counts something with the same
    number; a near synonym by ``alike`` (word embeddings: "troops" for "soldiers") passes.
    """
    theirs: dict[str, set[str]] = {}
    for cited_doc in cited_docs:
        for number, heads in _counts(cited_doc).items():
            theirs.setdefault(number, set()).update(heads)
    for number, heads in _counts(doc).items():
        if number not in theirs or heads & theirs[number]:
            continue
        if alike is None or not any(alike(mine, other) for mine in heads for other in theirs[number]):
            counted, claimed = ", ".join(sorted(theirs[number])), ", ".join(sorted(heads))
            return f"the cited text counts {counted} with {number}, not {claimed}"
    return ""
