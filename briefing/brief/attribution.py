"""Who says what, from a dependency parse: the subject of a reporting verb, or the object of "according to".

A backward scan from a cue word cannot tell "Thursday 6 April 2017 Turkey said" from "Turkey said",
"the states" (a noun) from "states" (a verb), or who is the subject when the object comes first. A
parse can: spaCy's ``en_core_web_sm`` (shared lazy loader :func:`briefing.text.nlp.pipeline`) gives
each reporting verb (by lemma and part of speech, so nouns never count) its ``nsubj``; a relative
"who" is replaced by the noun it modifies; a participle ("…, saying") or a second conjunct ("…
and added") borrows the subject of the verb it hangs on; a passive verb has a speaker only through
"by X"; "according to X" names X. A claimant is kept only when it is a pronoun (resolved later
within the article) or a noun phrase that names someone: a proper name / entity, or a head word
for a person or an organisation ("the monitor", "a military source"). Only sentences with a cue
word are parsed (a regular-expression prefilter), so a brief parses a fraction of its sentences.
``bench/eval_attributions.py`` measures it against MEANTIME.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from briefing.text.nlp import pipeline

STANCE = {
    "say": "said",
    "tell": "said",
    "state": "said",
    "add": "said",
    "explain": "said",
    "note": "said",
    "write": "said",
    "declare": "said",
    "reveal": "said",
    "cite": "said",
    "quote": "said",
    "comment": "said",
    "respond": "said",
    "reply": "said",
    "describe": "said",
    "post": "said",
    "insist": "insisted",
    "argue": "argued",
    "claim": "claimed",
    "allege": "claimed",
    "report": "reported",
    "announce": "announced",
    "warn": "warned",
    "deny": "denied",
    "reject": "denied",
    "refute": "denied",
    "dismiss": "denied",
    "confirm": "confirmed",
    "accuse": "accused",
    "blame": "accused",
    "condemn": "condemned",
    "criticize": "condemned",
    "criticise": "condemned",
    "denounce": "condemned",
    "predict": "predicted",
    "estimate": "estimated",
    "urge": "urged",
    "admit": "admitted",
    "acknowledge": "admitted",
    "call": "called",
    "stress": "said",
    "emphasize": "said",
    "suggest": "said",
    "indicate": "said",
    "assert": "said",
    "maintain": "said",
}
_CUE_WORDS = re.compile(
    r"\b(?:sa(?:y|id|ys|ying)|t[eo]l[ld]s?|telling|stat|add|explain|not(?:e|ed|es|ing)\b|wr[io]te|declar|reveal|"
    r"cit(?:e|ed|es|ing)\b|quot|comment|respond|repl|describ|post|insist|argu|claim|alleg|report|"
    r"announc|warn|den(?:y|ied|ies)|reject|refut|dismiss|confirm|accus|blam|condemn|critici|denounc|predict|"
    r"estimat|urg|admit|acknowledg|call|stress|emphasi|suggest|indicat|assert|maintain|believ|expect|"
    r"according to|made the claim)",
    re.I,
)
_PERSON_ORG = frozenset(
    "official officials source sources spokesman spokeswoman spokesperson minister ministry president "  # noqa: SIM905
    "premier leader leaders chief head director secretary envoy ambassador diplomat diplomats commander "
    "general officer officers army military government regime administration agency agencies monitor "
    "observatory group groups organisation organization watchdog activist activists witness witnesses "
    "resident residents doctor doctors medic medics rescuer rescuers worker workers analyst analysts "
    "expert experts company firm bank authority authorities police ministry council committee coalition "
    "opposition rebels rebel media office department court judge lawyer lawmaker "
    "lawmakers senator spokesmen journalist correspondent newspaper agency television "
    "channel station observer observers investigator investigators researcher researchers professor "
    "scientist economist chairman ceo executive executives manager president's board union party "
    "state states country countries nation nations alliance force forces militia fighters staff "
    "representative representatives delegation mission member members team citizens hospital website".split()
)
_PRONOUNS = frozenset("he she they it we i you".split())  # noqa: SIM905
_DOCUMENTS = frozenset("letter statement message post tweet note email interview speech".split())  # noqa: SIM905
_NO_COMMENT = re.compile(
    r"(?:has|have|had)\s+(?:yet\s+)?to\s+comment|declined\s+to\s+comment|refused\s+to\s+comment|"
    r"did\s+not\s+(?:immediately\s+)?(?:comment|respond)|could\s+not\s+be\s+reached\s+for\s+comment",
    re.I,
)
_MADE_CLAIM = re.compile(r"\bmade\s+the\s+claims?\b", re.I)


@dataclass
class Attribution:
    """One reporting clause found in a sentence (offsets into the sentence)."""

    claimant: str
    who_start: int
    who_end: int
    cue: str
    cue_start: int
    cue_end: int
    stance: str
    content: str


def has_cue(sentence: str) -> bool:
    """Could the sentence hold a reporting clause? (Cheap: decides which sentences are parsed.)"""
    return _CUE_WORDS.search(sentence) is not None


def attributions(sentence: str) -> list[Attribution]:
    """Every reporting clause of one sentence, with claimant span, cue and claimed content."""
    return attributions_of([sentence])[0]


def attributions_of(sentences: Iterable[str]) -> list[list[Attribution]]:
    """:func:`attributions` of many sentences, parsed in one batch (only those with a cue)."""
    texts = list(sentences)
    out: list[list[Attribution]] = [[] for _ in texts]
    todo = [i for i, t in enumerate(texts) if t and has_cue(t)]
    if not todo:
        return out
    nlp = pipeline()
    for i, doc in zip(todo, nlp.pipe([texts[i] for i in todo], batch_size=64), strict=True):
        out[i] = _from_doc(doc)
    return out


def _from_doc(doc: Any) -> list[Attribution]:
    found: list[Attribution] = []
    text = doc.text
    fixed = [*_NO_COMMENT.finditer(text), *_MADE_CLAIM.finditer(text)]
    for tok in doc:
        if any(m.start() <= tok.idx < m.end() for m in fixed):
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None and _names_someone(obj):
                start, end = _np_span(obj)
                content = (text[: tok.idx] + text[doc[end - 1].idx + len(doc[end - 1]) :]).strip(" ,.")
                found.append(
                    Attribution(
                        doc[start:end].text,
                        doc[start].idx,
                        doc[end - 1].idx + len(doc[end - 1]),
                        "according to",
                        tok.idx,
                        doc[tok.i + 1].idx + 2,
                        "according to",
                        content,
                    )
                )
            continue
        att = _reporting(doc, tok)
        if att is not None:
            found.append(att)
    for m in fixed:
        att = _no_comment(doc, m)
        if att is not None:
            found.append(att)
    return found


def _reporting(doc: Any, tok: Any) -> Attribution | None:
    lemma = tok.lemma_.lower()
    if lemma not in STANCE or tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound"):
        return None
    if lemma in ("call", "comment", "respond") and not _speech_use(tok):
        return None
    if lemma == "add" and not _says_something(tok):
        return None  # "adding video playback to its features"
    if tok.dep_ == "xcomp" and tok.head.lemma_ in ("decline", "refuse"):
        return None
    subject = _subject(tok)
    if subject is None:
        return None
    start, end = _np_span(subject)
    span = doc[start:end]
    if not span.text.strip() or not _names_someone(_antecedent(subject)):
        return None
    return Attribution(
        _who(span.text),
        span.start_char,
        span.end_char,
        tok.text,
        tok.idx,
        tok.idx + len(tok),
        STANCE[lemma],
        _content(doc, tok, (start, end)),
    )


def _speech_use(tok: Any) -> bool:
    """'called for talks' / 'called X a liar' are speech; 'a town called Khan' is not."""
    return (
        any(c.dep_ in ("prep", "ccomp", "dobj", "oprd", "xcomp") for c in tok.children) and tok.dep_ != "acl"
    )


def _says_something(tok: Any) -> bool:
    """'added that …' / '"…," he added' / 'adding: "…"' report speech; 'adding video to it' does not."""
    if any(c.dep_ in ("ccomp", "parataxis") for c in tok.children) or tok.dep_ in ("parataxis", "ccomp"):
        return True
    return not any(c.dep_ in ("dobj", "dative") for c in tok.children)


def _subject(verb: Any) -> Any | None:
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
                return subj  # the relative pronoun: _np_span reaches back to the noun it stands for
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
        if tok.dep_ == "acl" and tok.head.lower_ in _DOCUMENTS and tok.head.head.dep_ == "prep":
            tok = tok.head.head.head  # "X resigned in a letter stating …": the letter's writer
            continue
        return None
    return None


def _np_span(head: Any) -> tuple[int, int]:
    """The noun phrase of ``head``: its subtree up to a comma, relative clause or 'who'.

    For a relative pronoun ('Company, which declared…') the span runs from the noun it stands
    for to the pronoun, and the claimant shown is the noun phrase (see :func:`_claimant_text`).
    """
    if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl":
        noun = head.head.head
        return _np_span(noun)[0], head.i + 1
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


def _antecedent(tok: Any) -> Any:
    """The noun a relative pronoun stands for ('the company, which …' -> company), else ``tok``."""
    if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def _who(text: str) -> str:
    """The claimant as shown: without a trailing relative pronoun ('Yamato Life, which')."""
    return re.sub(r"[\s,]+(?:who|which|that)$", "", text)


def _names_someone(head: Any) -> bool:
    """A pronoun, a named entity / proper name, or a noun for a person or an organisation."""
    low = head.lower_
    if low in _PRONOUNS:
        return True
    if head.pos_ == "PRON":
        return False
    if head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC") or head.pos_ == "PROPN":
        return True
    if low in _PERSON_ORG or head.lemma_.lower() in _PERSON_ORG:
        return True
    return any(c.pos_ == "PROPN" and c.dep_ in ("compound", "poss") for c in head.children)


def _content(doc: Any, verb: Any, who: tuple[int, int]) -> str:
    """What is claimed: the verb's clausal complement, else what follows it, else what precedes."""
    comp = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i), None)
    if comp is not None:
        first, last = comp.left_edge.i, comp.right_edge.i
    else:
        first, last = verb.i + 1, verb.right_edge.i
    if last >= first > verb.i:
        words = [t for t in doc[first : last + 1] if not (who[0] <= t.i < who[1])]
        text = "".join(t.text_with_ws for t in words).strip(' ,."“”')
        text = re.sub(r"^that\s+", "", text, flags=re.I)
        if text:
            return text
    before = doc[: min(verb.i, who[0])].text.strip(' ,."“”')
    after = doc[max(verb.i, who[1] - 1) + 1 :].text.strip(' ,."“”')
    if who[0] > verb.i or (before and len(before) > len(after)):
        return before
    return re.sub(r"^that\s+", "", after, flags=re.I)


def _no_comment(doc: Any, m: re.Match[str]) -> Attribution | None:
    """'X has yet to comment' / 'X declined to comment': the subject of the first verb of the cue."""
    cue = doc.char_span(m.start(), m.end(), alignment_mode="expand")
    if cue is None:
        return None
    verbs = [t for t in cue if t.pos_ in ("VERB", "AUX")]
    subject = next((s for v in verbs for s in [_subject(v)] if s is not None), None)
    if subject is None:
        return None
    start, end = _np_span(subject)
    span = doc[start:end]
    content = doc.text[m.end() :].strip(" .")
    stance = "claimed" if _MADE_CLAIM.match(m.group()) else "no comment"
    return Attribution(
        span.text, span.start_char, span.end_char, m.group(), m.start(), m.end(), stance, content
    )
