"""Who is speaking, from a dependency parse: the subject of a verb, the noun phrase around it, a name.

Shared by the reporting-verb and speech-act-noun rules of :mod:`briefing.brief.attribution`:
the subject a verb has or borrows (a participle, a second conjunct, a passive's "by X", "X
quoted Y as saying"), the noun phrase of a head word (cut at commas, relative clauses and
dates), and whether it names someone — a pronoun, a proper name, a person or organisation word.
"""

from __future__ import annotations

import re
from typing import Any

from briefing.brief.speech_words import DOCUMENTS, PERSON_ORG, PRONOUNS

_NAME_PARTS = frozenset(("PROPN", "NOUN", "ADJ"))


def speaker_before(doc: Any, verb: Any) -> tuple[int, int]:
    """'… near Damascus the Syrian Observatory for Human Rights said.': the name just before a
    clause-final reporting verb, when the parse (misled by a scrape without commas) gave the verb
    a subject that names no one. An empty span when there is no such name."""
    if verb.i == 0 or any(c.dep_ in ("dobj", "dative") for c in verb.children):
        return verb.i, verb.i
    rest = doc[verb.i + 1 :]
    if any(t.i not in _ends_of(verb) and not t.is_punct for t in rest):
        return verb.i, verb.i
    left = verb.i
    while left > 0:
        prev = doc[left - 1]
        joins = prev.lower_ in ("for", "of", "-") and left >= 2 and doc[left - 2].pos_ == "PROPN"
        if prev.pos_ in _NAME_PARTS or joins or (prev.text == "-" and left >= 2):
            left -= 1
        elif prev.pos_ == "DET" or (prev.tag_ == "VBN" and left < verb.i and doc[left].text == "-"):
            left -= 1
            if prev.pos_ == "DET":
                break
        else:
            break
    head = doc[verb.i - 1]
    if left == verb.i or not (names_someone(head) or any(t.pos_ == "PROPN" for t in doc[left : verb.i])):
        return verb.i, verb.i
    return left, verb.i


def _ends_of(verb: Any) -> set[int]:
    """Tokens that may follow a clause-final reporting verb: 'in a statement', 'on Tuesday'."""
    tail: set[int] = set()
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("prep", "npadvmod", "advmod"):
            tail.update(t.i for t in child.subtree)
    return tail


def subject_of(verb: Any) -> Any | None:
    """The speaker of ``verb``: its subject, the agent of a passive, or the subject it borrows."""
    seen = 0
    tok = verb
    while seen < 4:
        seen += 1
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "expl")), None)
        if subj is not None:
            if subj.dep_ == "expl":
                return None
            if subj.lower_ in ("who", "that", "which") and tok.dep_ == "relcl":
                return subj  # the relative pronoun: np_span reaches back to the noun it stands for
            return subj
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if pobj is None and tok is not verb and tok.lemma_ in ("quote", "report", "cite"):
                # "X was quoted as saying"
                return next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            return pobj
        if tok.dep_ in ("conj", "advcl", "xcomp") and tok.head is not tok:
            tok = tok.head  # "… and added", "…, saying", "went on to say"
            continue
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head.lemma_ in ("quote", "cite"):
            quoting = tok.head.head  # "X quoted Y as saying": Y speaks, X only reports it
            return next((c for c in quoting.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if tok.dep_ == "acl" and tok.head.lemma_.lower() in DOCUMENTS:
            paper = tok.head
            if paper.dep_ == "pobj" and paper.head.lower_ in ("in", "through", "via"):
                tok = paper.head.head  # "X resigned in a letter stating …": the letter's writer
                continue
            if paper.dep_ == "dobj":
                tok = paper.head  # "the ministry issued a statement saying …"
                continue
            return paper  # "reports stating that …": the reports are all that speaks
        return None
    return None


def np_span(head: Any) -> tuple[int, int]:
    """The noun phrase of ``head``: its subtree up to a comma, relative clause or 'who'.

    For a relative pronoun ('Company, which declared…') the span runs from the noun it stands
    for to the pronoun, and the claimant shown is the noun phrase (see :func:`_claimant_text`).
    """
    if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl":
        noun = head.head.head
        return np_span(noun)[0], head.i + 1
    left, right = head.left_edge.i, head.i + 1
    for tok in head.subtree:
        if tok.i <= head.i:
            continue
        if tok.dep_ in ("relcl", "acl", "punct") or tok.text in (",", "(", "—", "–", '"', "“"):
            break
        if tok.tag_ in ("WDT", "WP", "WP$") or tok.lower_ in ("who", "which", "that"):
            break
        if tok.ent_type_ in ("DATE", "TIME") or (
            tok.dep_ == "prep"
            and tok.i + 1 < len(tok.doc)
            and tok.doc[tok.i + 1].ent_type_ in ("DATE", "TIME")
        ):
            break  # "the source on Tuesday": the date is not part of who
        right = tok.i + 1
    doc = head.doc
    if (
        right + 2 < len(doc)
        and doc[right].text == "("
        and doc[right + 2].text == ")"
        and doc[right + 1].is_upper
    ):
        right += 3  # "the Syrian Observatory for Human Rights (SOHR)": keep the acronym for later mentions
    while left < head.i and (
        doc[left].is_punct
        or doc[left].pos_ in ("CCONJ", "ADP", "NUM")
        or doc[left].ent_type_ in ("DATE", "TIME", "CARDINAL")
        or doc[left].text in '"“'
    ):
        left += 1
    return left, right


def antecedent(tok: Any) -> Any:
    """The noun a relative pronoun stands for ('the company, which …' -> company), else ``tok``."""
    if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def shown_name(text: str) -> str:
    """The claimant as shown: without a trailing relative pronoun ('Yamato Life, which')."""
    return re.sub(r"[\s,]+(?:who|which|that)$", "", text)


def names_someone(head: Any) -> bool:
    """A pronoun, a named entity / proper name, or a noun for a person or an organisation."""
    low = head.lower_
    if low in PRONOUNS:
        return True
    if head.pos_ == "PRON":
        return False
    if head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC") or head.pos_ == "PROPN":
        return True
    if low in PERSON_ORG or head.lemma_.lower() in PERSON_ORG:
        return True
    return any(c.pos_ == "PROPN" and c.dep_ in ("compound", "poss") for c in head.children)


def name_end(doc: Any, end: int, limit: int) -> int:
    """Where a name split by the parser ends: "Committee" + "to Protect Journalists" (a connector,
    then capitalised words), up to token ``limit``; "… Human Rights published on …" stops at once."""
    while end + 1 < limit and doc[end].lower_ in ("to", "of", "for") and doc[end + 1].is_title:
        end += 2
        while end < limit and doc[end].is_title:
            end += 1
    return end
