"""Who says what, from a dependency parse: the subject of a reporting verb, or the object of "according to".

A backward scan from a cue word cannot tell "Thursday 6 April 2017 Turkey said" from "Turkey said",
"the states" (a noun) from "states" (a verb), or who is the subject when the object comes first. A
parse can: spaCy's ``en_core_web_sm`` (shared lazy loader :func:`briefing.text.nlp.pipeline`) gives
each reporting verb (by lemma and part of speech, so nouns never count) its ``nsubj``; a relative
"who" is replaced by the noun it modifies; a participle ("…, saying") or a second conjunct ("…
and added") borrows the subject of the verb it hangs on; a passive verb has a speaker only through
"by X"; "according to X" names X. A claimant is kept only when it is a pronoun (resolved later
within the article) or a noun phrase that names someone: a proper name / entity, or a head word
for a person or an organisation ("the monitor", "a military source"). Speech-act nouns count too
("the ministry's statement", "a denial from the army", "X said in a statement"): MEANTIME scores
them as events, and outlets often carry a claim only through one. Where a scrape without commas
misleads the parse ("… near Damascus the Syrian Observatory said."), the name just before a
clause-final verb is the speaker (:mod:`briefing.brief.speakers`). Only sentences with a cue
word are parsed (a regular-expression prefilter), so a brief parses a fraction of its sentences.
``bench/eval_attributions.py`` measures it against MEANTIME.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from briefing.brief import speakers
from briefing.brief.speakers import antecedent, names_someone, np_span, shown_name, speaker_before, subject_of
from briefing.brief.speech_words import CUE_WORDS, DOCUMENTS, NOUN_CARRIERS, NOUN_STANCE, STANCE
from briefing.text.nlp import pipeline

_NO_COMMENT = re.compile(
    r"(?:has|have|had)\s+(?:yet\s+)?to\s+comment|declined\s+to\s+comment|refused\s+to\s+comment|"
    r"did\s+not\s+(?:immediately\s+)?(?:comment|respond)|could\s+not\s+be\s+reached\s+for\s+comment",
    re.I,
)
_ACT_GAP = 16  # characters between a verb and the noun of the same act: " in a statement", " a denial"
_MADE_CLAIM = re.compile(r"\bmade\s+the\s+claims?\b", re.I)


@dataclass(frozen=True)
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


_MEMO: OrderedDict[str, tuple[Attribution, ...]] = OrderedDict()
_MEMO_SIZE = 50_000  # sentences; a few hundred bytes each
_MEMO_LOCK = threading.Lock()


def forget() -> None:
    """Drop the kept parses (benchmarks time a first brief; the kept ones are only ever reused)."""
    with _MEMO_LOCK:
        _MEMO.clear()


def has_cue(sentence: str) -> bool:
    """Could the sentence hold a reporting clause? (Cheap: decides which sentences are parsed.)"""
    return CUE_WORDS.search(sentence) is not None


def attributions(sentence: str) -> list[Attribution]:
    """Every reporting clause of one sentence, with claimant span, cue and claimed content."""
    return attributions_of([sentence])[0]


def attributions_of(sentences: Iterable[str]) -> list[list[Attribution]]:
    """:func:`attributions` of many sentences, parsed in one batch (only those with a cue).

    Each distinct sentence is parsed once per process: results are kept (bounded, by text), so a
    brief that first hands over all its sentences (:func:`parse_ahead`) gets them from one
    ``nlp.pipe`` batch — a third less CPU than one batch per article — and the same sentence in a
    copy, a second story or the next brief of the TUI is not parsed again.
    """
    texts = list(sentences)
    parse_ahead(texts)
    with _MEMO_LOCK:
        return [list(_MEMO.get(t, ())) for t in texts]


def parse_ahead(sentences: Iterable[str]) -> None:
    """Parse, in one batch, the sentences with a cue that were not parsed before; keep the results."""
    with _MEMO_LOCK:
        todo = [t for t in dict.fromkeys(sentences) if t and t not in _MEMO and has_cue(t)]
    if not todo:
        return
    docs = _parse(todo)
    found = {text: tuple(_from_doc(doc)) if doc else () for text, doc in zip(todo, docs, strict=True)}
    with _MEMO_LOCK:
        _MEMO.update(found)
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)


def _parse(texts: list[str]) -> list[Any | None]:
    """Docs of ``texts``; None for a sentence whose parse shows no cue word (no entities needed).

    Named entities cost about half the pipeline (the NER component has its own token vectors)
    and only matter around a cue, so they are recognised on the sentences whose parse has one:
    the same docs for those, less work for the rest.
    """
    nlp = pipeline()
    late = [name for name in ("ner",) if name in nlp.pipe_names]
    docs = list(nlp.pipe(texts, batch_size=64, disable=late))
    cued = [doc for doc in docs if _may_attribute(doc)]
    for name in late:
        cued = list(nlp.get_pipe(name).pipe(cued, batch_size=64))
    keep = {id(doc) for doc in cued}
    return [doc if id(doc) in keep else None for doc in docs]


def _may_attribute(doc: Any) -> bool:
    """Could :func:`_from_doc` find anything? (A reporting verb or noun, "according to", a fixed cue.)"""
    if _NO_COMMENT.search(doc.text) or _MADE_CLAIM.search(doc.text):
        return True
    for tok in doc:
        lemma = tok.lemma_.lower()
        if (lemma in STANCE and tok.pos_ in ("VERB", "AUX")) or (lemma in NOUN_STANCE and tok.pos_ == "NOUN"):
            return True
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            return True
    return False


def _from_doc(doc: Any) -> list[Attribution]:
    found: list[Attribution] = []
    text = doc.text
    fixed = [*_NO_COMMENT.finditer(text), *_MADE_CLAIM.finditer(text)]
    through: set[int] = set()  # "according to a report by X": the noun is X's act, read here
    for tok in doc:
        if any(m.start() <= tok.idx < m.end() for m in fixed) or tok.i in through:
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            span = _according_to(obj)
            if obj is not None and span is not None:
                first, end, stop = span
                noun = obj.lemma_.lower() in NOUN_STANCE and not first <= obj.i < end  # "a report by X"
                through.add(obj.i)  # "according to Fiat's announcement": Fiat announced, once
                cue = (obj.idx, obj.idx + len(obj)) if noun else (tok.idx, doc[tok.i + 1].idx + 2)
                found.append(
                    Attribution(
                        doc[first:end].text,
                        doc[first].idx,
                        doc[end - 1].idx + len(doc[end - 1]),
                        obj.text if noun else "according to",
                        *cue,
                        NOUN_STANCE[obj.lemma_.lower()] if noun else "according to",
                        (text[: tok.idx] + text[doc[stop - 1].idx + len(doc[stop - 1]) :]).strip(" ,."),
                    )
                )
            continue
        att = _reporting(doc, tok) or _nominal(doc, tok)
        if att is not None:
            found.append(att)
    for m in fixed:
        att = _no_comment(doc, m)
        if att is not None:
            found.append(att)
    return _one_act(found)


def _according_to(obj: Any | None) -> tuple[int, int, int] | None:
    """Claimant span and phrase end of "according to OBJ": the speaker of a speech noun ("a report by
    the Committee to Protect Journalists", "Fiat's announcement"), else OBJ if it names someone. Read
    as the noun's own act, the claim was "to a report by" and the claimant "the Committee"."""
    if obj is None:
        return None
    speaker = _noun_speaker(obj) if obj.lemma_.lower() in DOCUMENTS | NOUN_STANCE.keys() else None
    if speaker is None or not (names_someone(speaker) or speaker.lower_ in ("his", "her", "their", "its")):
        return (*np_span(obj), np_span(obj)[1]) if names_someone(obj) else None
    start, end = np_span(speaker)
    if speaker.dep_ == "poss":  # the owner without its "'s"
        end = next((t.i for t in speaker.doc[start:end] if t.dep_ == "case"), end)
        return start, end, obj.right_edge.i + 1
    end = speakers.name_end(obj.doc, end, obj.right_edge.i + 1)
    return start, end, end


def _is_noun_cue(cue: str) -> bool:
    low = cue.lower()
    return low in NOUN_STANCE or (low.endswith("s") and low[:-1] in NOUN_STANCE)


def _one_act(found: list[Attribution]) -> list[Attribution]:
    """'X said in a statement': one speech act told twice (verb and noun), so one attribution:
    the verb's (its clause is what was said), its cue stretched over the noun. Same speaker, a
    speech noun and a reporting verb a few characters apart ('said in a statement', 'issued a
    statement saying'); two verbs of one speaker ('said and added') stay two."""
    out: list[Attribution] = []
    for att in found:
        verb = next(
            (
                o
                for o in out
                if (o.who_start, o.who_end) == (att.who_start, att.who_end)
                and 0 <= att.cue_start - o.cue_end <= _ACT_GAP
                and _is_noun_cue(o.cue) != _is_noun_cue(att.cue)
                and "according to" not in (o.cue, att.cue)
            ),
            None,
        )
        if verb is None:
            out.append(att)
        else:  # the verb's reading is kept (its clause is the claim), its cue stretched over both
            said = att if _is_noun_cue(verb.cue) else verb
            out[out.index(verb)] = replace(said, cue_start=verb.cue_start, cue_end=att.cue_end)
    return out


def _reporting(doc: Any, tok: Any) -> Attribution | None:
    lemma = tok.lemma_.lower()
    if lemma not in STANCE or tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound"):
        return None
    if lemma in ("call", "comment", "respond") and not _speech_use(tok):
        return None
    if lemma == "add" and not _says_something(tok):
        return None  # "adding video playback to its features"
    if lemma in _CONTENT_ONLY and not _reports_content(tok):
        return None  # "rebels maintain a presence"
    if tok.dep_ == "xcomp" and tok.head.lemma_ in ("decline", "refuse"):
        return None
    subject = subject_of(tok)
    paper = subject is not None and subject == tok.head and tok.dep_ == "acl"  # "reports stating"
    if subject is not None and (paper or names_someone(antecedent(subject))):
        start, end = np_span(subject)
    else:
        start, end = speaker_before(doc, tok)
    span = doc[start:end]
    if not span.text.strip():
        return None
    return Attribution(
        shown_name(span.text),
        span.start_char,
        span.end_char,
        tok.text,
        tok.idx,
        tok.idx + len(tok),
        STANCE[lemma],
        _content(doc, tok, (start, end)),
    )


def _nominal(doc: Any, noun: Any) -> Attribution | None:
    """A speech-act noun with its speaker: 'the government's announcement that …', 'a statement
    by Boeing', 'X said in a statement', 'the army issued a denial'. MEANTIME counts these as
    events of their own, and an outlet often reports a claim only through one."""
    lemma = noun.lemma_.lower()
    if lemma not in NOUN_STANCE or noun.pos_ != "NOUN":
        return None
    if lemma == "response" and noun.head.lower_ == "in":
        return None  # "in response (to criticism)": a reaction, not a speech act
    denied = any(c.lower_ == "no" for c in noun.children)
    if denied and lemma != "comment":
        return None  # "no claim of responsibility"
    speaker = _noun_speaker(noun)
    if speaker is None:
        return None
    owned_by = speaker.dep_ == "poss" and speaker.lower_ in ("his", "her", "their", "its")
    if not owned_by and not names_someone(antecedent(speaker)):
        return None
    start, end = np_span(speaker)
    while end > start + 1 and doc[end - 1].dep_ == "case":
        end -= 1  # "the government's": the owner without the "'s"
    span = doc[start:end]
    if not span.text.strip():
        return None
    told = noun.head.head if noun.dep_ in ("pobj", "dobj") and noun.head.dep_ == "prep" else noun.head
    claim = noun if any(c.dep_ in ("acl", "ccomp") for c in noun.children) else told
    return Attribution(
        shown_name(span.text),
        span.start_char,
        span.end_char,
        noun.text,
        noun.idx,
        noun.idx + len(noun),
        "no comment" if denied else NOUN_STANCE[lemma],
        _content(doc, claim, (start, end)),
    )


def _noun_speaker(noun: Any) -> Any | None:
    """Who speaks through ``noun``: its possessor, 'by/from X', or the subject of the verb it serves."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("by", "from") and prep.i == noun.i + 1:
            # only right after the noun: in "allegations of gas use by the government" the
            # government is accused, not accusing
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "through", "via") and noun.head.head.pos_ == "VERB":
        return subject_of(noun.head.head)  # "X said in a statement"
    if noun.dep_ == "dobj" and noun.head.lemma_ in NOUN_CARRIERS:
        return subject_of(noun.head)  # "the army issued a denial"
    return None


def _speech_use(tok: Any) -> bool:
    """'called for talks' / 'called X a liar' are speech; 'a town called Khan' is not."""
    return (
        any(c.dep_ in ("prep", "ccomp", "dobj", "oprd", "xcomp") for c in tok.children) and tok.dep_ != "acl"
    )


_CONTENT_ONLY = frozenset(("maintain", "reveal", "indicate", "suggest"))
"""Verbs that report speech only with a clause, a message or nothing after them ('maintained that
…', '… the source revealed.'), not with a thing ('rebels maintain a presence', 'revealed the new
iPhone'). ("Indexes posted gains" stays: MEANTIME annotates it as a report.)"""


def _reports_content(tok: Any) -> bool:
    if any(c.dep_ in ("ccomp", "parataxis") for c in tok.children) or tok.dep_ in ("parataxis", "ccomp"):
        return True
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    return obj is None or obj.lemma_.lower() in DOCUMENTS or obj.lemma_.lower() in NOUN_STANCE


def _says_something(tok: Any) -> bool:
    """'added that …' / '"…," he added' / 'adding: "…"' report speech; 'adding video to it' does not."""
    if any(c.dep_ in ("ccomp", "parataxis") for c in tok.children) or tok.dep_ in ("parataxis", "ccomp"):
        return True
    return not any(c.dep_ in ("dobj", "dative") for c in tok.children)


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
        if text and not _only_when(words):
            return text
    before = doc[: min(verb.i, who[0])].text.strip(' ,."“”')
    tail = doc[max(verb.i, who[1] - 1) + 1 :]
    if before and _joins_on(tail):  # "X happened, the authority said, and Y": the claim is X
        return before
    after = "" if _only_when(tail) else tail.text.strip(' ,."“”')
    if who[0] > verb.i or (before and len(before) > len(after)):
        return before
    return re.sub(r"^that\s+", "", after, flags=re.I)


def _only_when(tokens: Any) -> bool:
    """Whether these words only say when or how it was said ("… a monitoring group said Sunday",
    "said late on Tuesday", "said earlier"): not what was claimed, which is then the clause before
    the speaker."""
    dated = ("DATE", "TIME")
    said = [
        t
        for t in tokens
        if not t.is_punct
        and t.pos_ not in ("ADV", "CCONJ")  # ", and" after the cue is no claim (it was "and")
        and t.ent_type_ not in dated
        and not (t.pos_ == "ADP" and any(c.ent_type_ in dated for c in t.children))
    ]
    return not said


def _joins_on(tokens: Any) -> bool:
    """Whether the words after the cue start with "and"/"but": the writer's next clause."""
    first = next((t for t in tokens if not t.is_punct), None)
    return first is not None and first.pos_ == "CCONJ"


def _no_comment(doc: Any, m: re.Match[str]) -> Attribution | None:
    """'X has yet to comment' / 'X declined to comment': the subject of the first verb of the cue."""
    cue = doc.char_span(m.start(), m.end(), alignment_mode="expand")
    if cue is None:
        return None
    verbs = [t for t in cue if t.pos_ in ("VERB", "AUX")]
    subject = next((s for v in verbs for s in [subject_of(v)] if s is not None), None)
    if subject is None or not names_someone(antecedent(subject)):
        return None  # "pupils that did not respond to light" is no one declining to comment
    start, end = np_span(subject)
    span = doc[start:end]
    content = doc.text[m.end() :].strip(" .")
    stance = "claimed" if _MADE_CLAIM.match(m.group()) else "no comment"
    return Attribution(
        span.text, span.start_char, span.end_char, m.group(), m.start(), m.end(), stance, content
    )
