"""Who does what to whom, through prepositions and clauses: what subject/object roles miss.

:mod:`briefing.llm.roles` compares the subject and the object of a verb the two sentences share.
News puts roles in other places too, and small models move them there (labelled outputs in
bench/data/support_labels.jsonl): "blaming the attack *on* forces loyal to Assad" written "forces
loyal to Assad blamed the attack on the Observatory"; "the attack *on* X *by* Y" written "X
attacked Y"; "officials demolished shanties" written "slum residents demolished the offices *of*
officials". A :class:`Relation` per verb (or event noun, "attack", "strike") holds its doers, the
done-to, and its targets (``on``/``against``); the tests below compare them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_DOER = {"nsubj", "csubj"}
_DONE_TO = {"dobj", "nsubjpass", "obj", "dative"}
_TARGETING = {"on", "against"}
_CLAUSES = {"acl", "relcl", "advcl", "ccomp", "xcomp"}
ANYONE = "\0anyone"


@dataclass
class Relation:
    """The roles one verb or event noun has in a sentence: each a set of lemmas and words."""

    doers: set[str] = field(default_factory=set)
    done: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    doer_heads: set[str] = field(default_factory=set)  # only the nouns themselves and their names


def mention(token: Any, skip: Any = None) -> set[str]:
    """The token's lemma and the words of its compound/flat name ("President Erdogan"); a pronoun
    stands for anyone ("it will be compensated" matches "Singapore Airlines will be ...").
    Clauses hung on the noun are not part of it ("tanks backed by planes" is the tanks); nor is
    ``skip``, the clause being read."""
    if token.pos_ == "PRON":
        return {ANYONE}
    words = {token.lemma_.lower(), token.text.lower()}
    stack, seen = list(token.children), 0
    while stack and seen < 12:  # "the port of Mytilene", "Turkish President Erdogan"
        t = stack.pop()
        if t.dep_ in _CLAUSES or t is skip:
            continue
        seen += 1
        if t.pos_ in ("NOUN", "PROPN"):
            words |= {t.lemma_.lower(), t.text.lower()}
        stack += t.children
    return words


def head_words(token: Any) -> set[str]:
    """The noun itself and its compound/flat name parts: "slum residents" -> slum, resident(s);
    not what a preposition hangs on it ("residents in Mumbai")."""
    if token.pos_ == "PRON":
        return {ANYONE}
    parts = [token, *(c for c in token.children if c.dep_ in ("compound", "flat"))]
    return {w for t in parts for w in (t.lemma_.lower(), t.text.lower())}


def _objects_of(token: Any, prepositions: set[str]) -> list[Any]:
    return [p for c in token.children if c.lower_ in prepositions for p in c.children if p.dep_ == "pobj"]


def relations(doc: Any) -> dict[str, Relation]:
    """lemma -> :class:`Relation` for each verb with a role, and each noun with a ``by`` or an
    ``on``/``against`` phrase ("the attack on X by Y")."""
    found: dict[str, Relation] = {}
    for token in doc:
        rel = Relation()
        if token.pos_ in ("VERB", "AUX"):
            doers = [c for c in token.children if c.dep_ in _DOER]
            doers += [p for c in token.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            for c in token.children:
                if c.dep_ in _DONE_TO:
                    rel.done |= mention(c)
            objects = [c for c in token.children if c.dep_ in ("dobj", "obj")]
            aimed = _objects_of(token, _TARGETING) + [p for o in objects for p in _objects_of(o, _TARGETING)]
        elif token.pos_ == "NOUN":
            doers, aimed = _objects_of(token, {"by"}), _objects_of(token, _TARGETING)
        else:
            continue
        for doer in doers:
            rel.doers |= mention(doer)
            rel.doer_heads |= head_words(doer)
        for target in aimed:
            rel.targets |= mention(target)
        if rel.doers or rel.done or rel.targets:
            entry = found.setdefault(token.lemma_.lower(), Relation())
            for name in ("doers", "done", "targets", "doer_heads"):
                getattr(entry, name).update(getattr(rel, name))
    return found


def target_swapped(doc: Any, cited_docs: list[Any]) -> str:
    """The doer and the target exchanged through a preposition: "X blamed the attack on Y" citing
    "Y ... blaming the attack on X"; "X attacked Y" citing "the attack on X by Y"."""
    mine = relations(doc)
    for cited_doc in cited_docs:
        for lemma, theirs in relations(cited_doc).items():
            ours = mine.get(lemma)
            if ours is None or ANYONE in ours.doer_heads | theirs.doer_heads:
                continue
            doer_aimed_at = ours.doer_heads & theirs.targets and not ours.doers & theirs.doers
            aimed_at_doer = (
                ours.targets & theirs.doer_heads
                and not ours.targets & (theirs.targets | theirs.done)
                and not ours.doers & theirs.doer_heads
            )
            if doer_aimed_at or aimed_at_doer:
                return f"who does what to whom differs from the cited text ({lemma} ... on/against)"
    return ""


def doer_made_done_to(doc: Any, cited_docs: list[Any]) -> str:
    """The cited text's doer turned into (part of) what is done to: "slum residents demolished the
    offices of officials" citing "officials demolished shanties". Only where both sentences give
    the verb a doer and a done-to, so "the bridge opened" for "Lisbon opened the bridge" passes."""
    mine = relations(doc)
    for cited_doc in cited_docs:
        for lemma, theirs in relations(cited_doc).items():
            ours = mine.get(lemma)
            if ours is None or not (ours.doers and ours.done and theirs.doers and theirs.done):
                continue
            if ANYONE in ours.doer_heads | theirs.doer_heads | ours.done:
                continue
            if (
                ours.done & theirs.doer_heads
                and not ours.doer_heads & theirs.doers
                and not ours.done & theirs.done
            ):
                return f"who does what to whom differs from the cited text (the doer of {lemma!r} is done to)"
    return ""
