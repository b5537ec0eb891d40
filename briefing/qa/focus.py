"""What a question asks: its focus (names as units, key nouns), the asked relation and measure, and
the type of answer it expects.

Why: word overlap is not answerability. "Who will be the CFO of Sears Holdings?" shares words with
"Boeing's CFO Michael Sears was fired", but its focus is the unit *Sears Holdings* and it expects a
person in that role. The question is parsed by spaCy (:mod:`briefing.text.nlp`): entities and
proper-noun runs become focus units, the root verb the asked relation, the noun after "how many",
"what is the N of" or "which N" the asked measure, and the wh-word the expected answer type.
Parsing one question costs ~9 ms; candidates are checked in :mod:`briefing.qa.answerability`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from briefing.qa.keywords import aside_terms, is_keyword_query, key_terms
from briefing.qa.matching import CAPITALS, Unit
from briefing.qa.matching import tokens as matching_tokens
from briefing.qa.misparses import do_support_verb, model_name
from briefing.qa.roles import Role, descriptive_units, question_holders, question_roles, relation_object
from briefing.qa.vocabulary import (
    AGENT_NOUNS,
    CASUALTY_VERBS,
    FRAME_VERBS,
    GENERIC_NOUNS,
    HOW_ADJECTIVES,
    LIGHT_VERBS,
    MONEY_NOUNS,
    MONEY_VERBS,
    NUMBER_NOUNS,
    PLACE_NOUNS,
    TIME_NOUNS,
    UNIT_LABELS,
    WH_WORDS,
)

AnswerType = Literal["agent", "time", "place", "number", "name"]

_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


@dataclass(frozen=True)
class Focus:
    """What a question is about and what kind of answer it wants."""

    question: str
    wh: str = ""
    answer_type: AnswerType | None = None
    units: tuple[Unit, ...] = ()
    phrases: tuple[Unit, ...] = ()
    near_measure: tuple[Unit, ...] = ()
    nouns: tuple[str, ...] = ()
    relation: str | None = None
    measure: str | None = None
    money: bool = False
    years: tuple[str, ...] = ()
    question_words: frozenset[str] = field(default_factory=frozenset)
    kind: str | None = None  # "which camp": the class noun a name may be written with
    clauses: tuple[str, ...] = ()  # verbs of the asked relation's clauses ("damaged when crew *pushed*")
    roles: tuple[tuple[Unit, Role], ...] = ()  # "Who warned Russia?": Russia undergoes the relation
    holders: tuple[Unit, ...] = ()  # "How many seats does the A380 have?": the A380's seats
    descriptive: tuple[Unit, ...] = ()  # "the stronghold on the Euphrates": in the article will do
    relation_object: str | None = None  # "delivered an *apology*": "offered an apology" carries it
    keywords: tuple[Unit, ...] = ()  # a keyword query's terms, all to be found (briefing.qa.keywords)
    keyword_asides: tuple[Unit, ...] = ()  # those of a describing clause: in the article will do

    @property
    def wants(self) -> str:
        """One line for logs and tests."""
        parts = [f"type={self.answer_type}", f"units={[u.text for u in self.units]}"]
        parts += [f"relation={self.relation}", f"measure={self.measure}", f"nouns={list(self.nouns)}"]
        return " ".join(parts)


def analyse(question: str) -> Focus:
    """Parse ``question`` with the shared spaCy pipeline and read its focus off the parse."""
    from briefing.text.nlp import read

    return read(question, focus_of)  # in the parse worker while one runs (briefing.text.parse_worker)


def focus_of(doc: Any, question: str) -> Focus:
    """The focus of an already parsed question (spaCy ``Doc``)."""
    wh, answer_type, measure = _wh(doc)
    units = _units(doc)
    in_units = {t.i for e in doc.ents for t in e}
    in_units |= {t.i for t in doc if t.pos_ == "PROPN"}
    verb = do_support_verb(doc, MONEY_VERBS | CASUALTY_VERBS)  # "What does X cost": a verb, not a noun
    nouns = tuple(
        dict.fromkeys(
            t.lemma_.lower()
            for t in doc
            if t.pos_ == "NOUN"
            and t.i not in in_units
            and (verb is None or t.i != verb.i)
            and t.lemma_.lower() not in GENERIC_NOUNS
            and t.lemma_.lower() != measure
            and len(t.text) > 2
        )
    )
    phrases = _phrases(doc, in_units)
    in_phrases = {w for p in phrases for w in p.tokens}
    nouns = tuple(n for n in nouns if n not in in_phrases)
    relation = verb.lower_ if verb is not None else _relation(doc)
    if measure in GENERIC_NOUNS:
        measure = None
    if wh == "what" and answer_type is None and measure is None and relation in _PRICE_VERBS:
        answer_type = "number"  # "What does an Ariane 5 launch cost?": a sum of money
    money = bool(answer_type == "number" and _asks_money(doc, relation, measure))
    if money and measure in {"money", "amount", "sum", "cost", "price"}:
        measure = None  # the currency in the answer is the measure
    words = frozenset(t.lower_ for t in doc if not t.is_punct)
    near = _near_measure(doc, units, measure)
    years = tuple(
        dict.fromkeys(t.text for e in doc.ents if e.label_ == "DATE" for t in e if _YEAR.match(t.text))
    )
    kind = _class_noun(doc) if answer_type in {"agent", "place", "name"} else None
    keywords = key_terms(doc, units) if is_keyword_query(doc, question, wh) else ()
    return Focus(
        question,
        wh,
        answer_type,
        units,
        phrases,
        near,
        nouns,
        relation,
        measure,
        money,
        years,
        words,
        kind,
        _clause_verbs(doc, relation),
        question_roles(doc, units, relation),
        question_holders(doc, units, measure) if answer_type == "number" else (),
        descriptive_units(doc, units),
        relation_object(doc, relation, units),
        keywords,
        aside_terms(doc, keywords),
    )


def _units(doc: Any) -> tuple[Unit, ...]:
    """Named entities and proper-noun runs, each a unit; dates and numbers are context, not focus."""
    units: dict[str, Unit] = {}
    covered = {t.i for e in doc.ents for t in e if e.label_ not in _MEASURES or t.pos_ != "PROPN"}
    # dates and numbers are not names; a name inside a figure is ("an Ariane 5 launch": QUANTITY)
    for ent in doc.ents:
        if ent.label_ not in UNIT_LABELS:
            continue
        tokens = tuple(
            w
            for t in ent
            if not t.is_stop and any(c.isalnum() for c in t.text) and t.lower_ != "'s"
            for w in matching_tokens(t.text)
        )
        if len(tokens) > 1 and ent.label_ in _PLACE_LABELS and tokens[-1] in _ADMINISTRATIVE:
            tokens = tokens[:-1]  # "Sweida province" is Sweida: news writes "in Sweida" as often
        if tokens:
            country = CAPITALS.get(tokens[0], "") if len(tokens) == 1 and _acts(ent.root) else ""
            units.setdefault(" ".join(tokens), Unit(ent.text, ent.label_, tokens, country))
        covered.update(t.i for t in ent)
    run: list[Any] = []
    for token in [*doc, None]:
        if token is not None and token.pos_ == "PROPN" and token.i not in covered and token.i > 0:
            run.append(token)
            continue
        if run:
            tokens = tuple(
                w for t in run if any(c.isalnum() for c in t.text) for w in matching_tokens(t.text)
            )
            units.setdefault(" ".join(tokens), Unit(" ".join(t.text for t in run), "PROPN", tokens))
            run = []
    return tuple(units.values())


_PLACE_LABELS = frozenset({"GPE", "LOC"})
_ADMINISTRATIVE = frozenset({"province", "governorate", "city", "region", "district", "county"})


def _acts(token: Any) -> bool:
    """The name acts or speaks in the question ("Beijing's apology", "Moscow said", "according to
    Moscow"): a capital there stands for its government, and the country's name may replace it."""
    if token.dep_ in {"poss", "nsubj", "nsubjpass"}:
        return True
    prep = token.head if token.dep_ == "pobj" else None
    return prep is not None and prep.lower_ == "to" and prep.head.lower_ == "according"


def _near_measure(doc: Any, units: tuple[Unit, ...], measure: str | None) -> tuple[Unit, ...]:
    """Units that modify the asked measure ("Russian" in "how many Russian soldiers"): they must
    be in the answer sentence itself, or 7,400 *Turkish* soldiers would answer."""
    if measure is None:
        return ()
    heads = [t for t in doc if t.lemma_.lower() == measure and t.pos_ == "NOUN"]
    modifiers = {c.lower_ for h in heads for c in h.subtree if c.i < h.i}  # "Russian soldiers"
    counted = any(t.lower_ == "many" for t in doc[:3])  # "how many vehicles of the convoy": a container
    for head in [] if counted else heads:  # "the governor of Idlib", "the population of Atareb"
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
            modifiers |= {t.lower_ for t in prep.subtree if t.i != prep.i}
    return tuple(u for u in units if set(u.tokens) <= modifiers)


def _phrases(doc: Any, names: set[int]) -> tuple[Unit, ...]:
    """Compound nouns as units: "finance minister", "voter turnout", "death toll"."""
    found: dict[str, Unit] = {}
    for token in doc:
        if token.pos_ != "NOUN" or token.i in names:
            continue
        parts = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i not in names]
        if parts:
            words = tuple(t.lemma_.lower() for t in sorted([*parts, token], key=lambda t: t.i))
            found.setdefault(" ".join(words), Unit(" ".join(words), "PHRASE", words))
    return tuple(found.values())


def _wh(doc: Any) -> tuple[str, AnswerType | None, str | None]:
    """The wh-word, the answer type it expects and the asked measure, if any."""
    low = [t.lower_ for t in doc]
    first = next((i for i, w in enumerate(low) if w in WH_WORDS), None)
    if first is None:
        return "", None, None
    wh = low[first]
    after = doc[first + 1] if first + 1 < len(doc) else None
    if wh in {"who", "whom", "whose"}:
        root = next((t for t in doc if t.dep_ == "ROOT"), None)
        role = _specific(_attribute_noun(doc, first)) if root is not None and root.lemma_ == "be" else None
        return "who", "agent", role  # "Who is the governor of Idlib?" asks for a governor
    if wh == "when":
        return "when", "time", None
    if wh == "where":
        return "where", "place", None
    if wh == "how" and after is not None:
        if after.lower_ in {"many", "much"}:
            counted = after.head if after.head.pos_ == "NOUN" and after.head.i > after.i else None
            noun = _specific(counted) if counted is not None else model_name(doc, first + 2)
            noun = noun or _noun_after(doc, first + 2)
            return f"how {after.lower_}", "number", noun  # "how many Al-Nusra members": members
        if after.lower_ in HOW_ADJECTIVES:
            return "how adj", "number", after.lower_
        return "how", None, None
    if wh in {"which", "what"}:
        kind = _noun_after(doc, first + 1) if after is not None and after.pos_ in _CLASS_START else None
        if kind is not None:  # "which street", "what share": the class of the answer, not a word to find
            answer_type = _type_of_noun(kind)
            if answer_type is None and wh == "which":
                answer_type = "name"  # "which venue", "which bloc": an X the sentence names
            return wh, answer_type, kind if answer_type == "number" else None
        head = _attribute_noun(doc, first)  # "what is the population of ...": a measure to find
        noun = _specific(head)
        head_type = _type_of_noun(head.lemma_.lower()) if head is not None else None
        asked_name = head is not None and "name" in {head.lemma_, head.head.head.lemma_}
        return wh, head_type or _type_of_noun(noun) or ("agent" if asked_name else None), noun
    return wh, None, None


_MEASURES = frozenset({"QUANTITY", "CARDINAL", "MONEY", "PERCENT", "ORDINAL"})
_PRICE_VERBS = frozenset({"cost", "pay", "spend", "earn", "charge", "owe"})
_CLASS_START = frozenset({"NOUN", "ADJ", "PROPN"})  # "which town", "which besieged town", "which Idlib town"


def _class_noun(doc: Any) -> str | None:
    """``which camp``, ``what company``: the noun right after the wh-word."""
    first = next((t.i for t in doc if t.lower_ in {"which", "what"}), None)
    if first is None or first + 1 >= len(doc) or doc[first + 1].pos_ not in _CLASS_START:
        return None
    return _noun_after(doc, first + 1)


def _clause_verbs(doc: Any, relation: str | None) -> tuple[str, ...]:
    """Content verbs of clauses under the asked relation: news often reports the event by them
    ("what got *damaged* when crew *pushed* the jet" — "the winglet struck a hangar as the jet was
    *pushed*"). A noun's modifier ("testimonies *given* to") is not one: it names, it does not report."""
    heads = [t for t in doc if t.lemma_.lower() == relation and t.pos_ == "VERB"]
    found = []
    for head in heads:
        for child in head.children:
            if child.dep_ in {"advcl", "ccomp", "conj", "xcomp"} and child.pos_ == "VERB":
                lemma = child.lemma_.lower()
                if lemma.isalpha() and lemma not in LIGHT_VERBS and lemma != relation:
                    found.append(lemma)
    return tuple(dict.fromkeys(found))


def _noun_after(doc: Any, start: int) -> str | None:
    """The head noun of the noun phrase starting at ``start`` ("how many cruise missiles" -> missile)."""
    head, last_name = None, None
    for token in doc[start:]:
        if token.pos_ == "NOUN":
            head = token
        elif head is not None:
            break
        elif token.pos_ == "PROPN":  # "Jaish al-Islam and Filaq al-Rahman militants": names qualify
            last_name = token
        elif token.text != "-" and token.pos_ not in {"ADJ", "NUM", "DET", "CCONJ", "PART"}:
            break
    return _specific(head if head is not None else last_name)


def _specific(head: Any) -> str | None:
    """The noun's lemma, or its compound modifier's when the noun itself is generic ("unemployment
    rate" asks about unemployment)."""
    if head is None:
        return None
    lemma = str(head.lemma_.lower())
    if lemma in GENERIC_NOUNS:
        modifier = next((c for c in head.children if c.dep_ == "compound" and c.pos_ == "NOUN"), None)
        if modifier is not None:
            return str(modifier.lemma_.lower())
    return lemma


def _attribute_noun(doc: Any, wh_index: int) -> Any:
    """``What is the N of ...``, ``What was Japan's N``: N, the attribute asked for.

    Only after a form of *be*: in "What did the monitor's director say" the monitor is not asked
    for. "The name of X's father" asks for the father (:func:`_named`)."""
    start = wh_index + 1
    while start < len(doc) and doc[start].pos_ == "AUX" and doc[start].lemma_ != "be":
        start += 1  # "who will be", "what would be"
    if start >= len(doc) or doc[start].lemma_ != "be":
        return None
    for token in doc[start + 1 :]:
        if token.pos_ == "NOUN":
            while token.dep_ == "compound" and token.head.pos_ == "NOUN" and token.head.i > token.i:
                token = token.head
            return _named(token)
        if token.dep_ in {"poss", "case"} or (token.pos_ == "PROPN" and token.head.pos_ in {"NOUN", "PROPN"}):
            continue  # "Japan 's unemployment rate", "Scott Peterson 's defence lawyer"
        if token.pos_ not in {"AUX", "DET", "ADJ", "PART"}:
            return None
    return None


def _named(noun: Any) -> Any:
    """``the name of the pilot``: the pilot is what a name is asked for."""
    if noun.lemma_.lower() != "name":
        return noun
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"):
            return obj
    return noun


def _type_of_noun(noun: str | None) -> AnswerType | None:
    if noun is None:
        return None
    if noun in TIME_NOUNS:
        return "time"
    if noun in PLACE_NOUNS:
        return "place"
    if noun in NUMBER_NOUNS:
        return "number"
    if noun in AGENT_NOUNS:
        return "agent"
    return None


def _relation(doc: Any) -> str | None:
    """The asked relation: the question's main content verb (not be/have/do)."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB":
        return None
    if root.lemma_.lower() in FRAME_VERBS or root.lemma_.lower() in LIGHT_VERBS:
        # "expected to make", "say were wounded": the asked relation is the verb below
        below = next(
            (
                c
                for c in root.children
                if c.dep_ in {"xcomp", "ccomp"} and c.pos_ == "VERB" and c.lemma_.lower() not in LIGHT_VERBS
            ),
            None,
        )
        root = below if below is not None or root.lemma_.lower() in FRAME_VERBS else root
    if root is None or not root.lemma_.isalpha() or root.lemma_.lower() in LIGHT_VERBS:
        return None
    if root.i + 2 < len(root.doc) and root.nbor(1).text == "-":  # "co-signed": spaCy splits the verb
        return str(root.nbor(2).lemma_.lower())
    return str(root.lemma_.lower())


def _asks_money(doc: Any, relation: str | None, measure: str | None) -> bool:
    return (relation in MONEY_VERBS and measure is None) or (measure in MONEY_NOUNS)
