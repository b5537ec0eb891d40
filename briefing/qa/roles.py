"""Who does what to whom: the question's names in their roles, checked against the sentence's parse.

Why: a sentence can hold every word of the question with the roles swapped. "Who warned Russia?"
shares *Russia* and *warned* with "Russia warned Ankara", and Ankara is a name of the asked type,
yet the sentence says the opposite of what is asked. The parse gives each verb its doer (``nsubj``,
or the ``by`` agent of a passive) and its undergoer (``dobj``, or the passive's subject); a name
that undergoes the asked relation in the question must not be its doer in the sentence, and the
other way round. Likewise "How many seats does the A380 have?" asks for the A380's seats: a
figure in a clause about another aircraft (the 7e7's "200-250 seats", in a sentence that names the
A380 elsewhere) counts someone else's seats. The question's holder of the counted thing (the
subject of the question's verb) must then be in the figure's clause.

Sentences are parsed only for questions that have such a role and only when the sentence holds
the asked verb or the holder: one parse (~10 ms) per judged candidate, cached per text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from briefing.qa.matching import Context, Unit, tokens

Role = Literal["doer", "undergoer"]
_OPPOSITE: dict[str, Role] = {"doer": "undergoer", "undergoer": "doer"}
_RELATIVE = frozenset({"who", "which", "that", "whom"})


@dataclass(frozen=True)
class VerbRoles:
    """One verb of a sentence with the phrases that do it and undergo it."""

    lemma: str
    doers: tuple[str, ...]
    undergoers: tuple[str, ...]


@dataclass(frozen=True)
class SentenceRoles:
    """What the parse of a sentence tells the checks: its verbs' roles and its figures' clauses."""

    verbs: tuple[VerbRoles, ...]
    figures: tuple[tuple[int, int, str], ...]  # (start, end, the words of the clause the figure is in)


# ------------------------------------------------------------------------------- the question


def question_roles(doc: Any, units: tuple[Unit, ...], relation: str | None) -> tuple[tuple[Unit, Role], ...]:
    """Each unit that does or undergoes the asked relation in the question ("Who warned *Russia*?":
    Russia undergoes it)."""
    if relation is None:
        return ()
    verbs = [t for t in doc if t.pos_ == "VERB" and t.lemma_.lower() == relation]
    found: list[tuple[Unit, Role]] = []
    for unit in units:
        for verb in verbs:
            role = _role_of(unit, verb)
            if role is not None:
                found.append((unit, role))
                break
    return tuple(found)


def relation_object(doc: Any, relation: str | None, units: tuple[Unit, ...]) -> str | None:
    """The common noun the asked relation acts on ("delivered Beijing's *apology*"), which a
    sentence may carry with another verb ("offered an apology"); not a name, not the asked thing."""
    if relation is None:
        return None
    names = {w for u in units for w in u.tokens}
    for verb in (t for t in doc if t.pos_ == "VERB" and t.lemma_.lower() == relation):
        for child in verb.children:
            asked = any(c.lower_ in {"how", "what", "which"} for c in child.subtree)
            if child.dep_ == "dobj" and child.pos_ == "NOUN" and child.lower_ not in names and not asked:
                return str(child.lemma_.lower())
    return None


def supported_by(text: str, noun: str) -> bool:
    """A support verb takes ``noun`` as its object in ``text`` ("offered an apology")."""
    from briefing.qa.vocabulary import SUPPORT_VERBS

    for verb in sentence_roles(text).verbs:
        if verb.lemma in SUPPORT_VERBS and any(
            noun in tokens(p) or f"{noun}s" in tokens(p) for p in verb.undergoers
        ):
            return True
    return False


def question_holders(doc: Any, units: tuple[Unit, ...], measure: str | None) -> tuple[Unit, ...]:
    """The units that hold the counted thing of a *how many/much* question: the subject of its verb
    ("How many seats does *the A380* have?", "How much did *Kmart* pay?")."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    counted = next((t for t in doc if t.lower_ in {"many", "much"}), None)
    if root is None or counted is None:
        return ()
    if counted.lower_ == "many":
        counted = counted.head
    if counted.head.i != root.i:  # "how many people did X *say* were wounded": X only reports
        return ()
    subjects = [c for c in root.children if c.dep_ == "nsubj" and c.lemma_.lower() != measure]
    words = {w for s in subjects for w in tokens(_phrase(s))}
    return tuple(u for u in units if u.tokens and set(u.tokens) <= words)


def descriptive_units(doc: Any, units: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """Units that only describe another thing of the question, two prepositions deep and not by
    "of" ("the IS stronghold *on the Euphrates*", "the 2004 disaster *around the Indian Ocean*"):
    the answer's article must name them, its sentence and neighbours need not. "The CFO *of Sears
    Holdings*" and "killed *in Khan Sheikhoun*" stay required where the answer is."""
    found = []
    for unit in units:
        heads = [t for t in doc if t.is_alpha and set(tokens(t.text)) & set(unit.tokens)]
        if not heads:
            continue
        head = min(heads, key=lambda t: len(list(t.ancestors)))
        preps = [a for a in head.ancestors if a.dep_ == "prep"]
        if len(preps) >= 2 and preps[0].lower_ != "of":
            found.append(unit)
    return tuple(found)


def _role_of(unit: Unit, verb: Any) -> Role | None:
    """The unit's role when it heads the verb's subject or object ("Who designed *the Boeing 787*":
    Boeing only qualifies the undergoer, and may well be the designer)."""
    for child in verb.children:
        heads = [o for o in child.children if o.dep_ == "pobj"] if child.dep_ == "agent" else [child]
        for head in heads:
            if not set(tokens(head.text)) & set(unit.tokens) or not _holds(_phrase(head), unit):
                continue
            if child.dep_ in {"nsubj", "agent"}:
                return "doer"
            if child.dep_ in {"dobj", "nsubjpass"}:
                return "undergoer"
    return None


# ------------------------------------------------------------------------------- the sentence


def read_sentence(doc: Any, text: str) -> SentenceRoles:
    """The roles of every verb and the clause of every figure of a parsed sentence (plain data, so
    that it crosses from the parse worker)."""
    verbs = tuple(_verb_roles(t) for t in doc if t.pos_ == "VERB")
    numbers = [t for t in doc if t.like_num or t.pos_ == "NUM"]
    figures = tuple((t.idx, t.idx + len(t.text), " ".join(tokens(_clause_text(t)))) for t in numbers)
    return SentenceRoles(verbs, figures)


@lru_cache(maxsize=2048)
def sentence_roles(text: str) -> SentenceRoles:
    """:func:`read_sentence` of ``text``, parsed once per process (the parse worker when one runs)."""
    from briefing.text.nlp import read

    return read(text, read_sentence)


def _verb_roles(verb: Any) -> VerbRoles:
    doers, undergoers = [], []
    for child in verb.children:
        if child.dep_ == "nsubj":
            doers += _subjects(child, verb)
        elif child.dep_ in {"dobj", "nsubjpass"}:
            undergoers += _subjects(child, verb) if child.dep_ == "nsubjpass" else _conjoined(child)
        elif child.dep_ == "agent":
            doers += [p for o in child.children if o.dep_ == "pobj" for p in _conjoined(o)]
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)
    if not has_subject and verb.dep_ in {"conj", "xcomp"}:  # "Russia warned and threatened Ankara"
        doers += [p for c in verb.head.children if c.dep_ == "nsubj" for p in _conjoined(c)]
    return VerbRoles(verb.lemma_.lower(), tuple(doers), tuple(undergoers))


def _subjects(subject: Any, verb: Any) -> list[str]:
    """A relative pronoun stands for the noun its clause qualifies ("Russia, which warned Ankara")."""
    if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
        return _conjoined(verb.head)
    return _conjoined(subject)


def _conjoined(token: Any) -> list[str]:
    return [_phrase(token)] + [_phrase(c) for c in token.children if c.dep_ == "conj"]


def _phrase(token: Any) -> str:
    """The noun phrase up to its head ("Russia's foreign ministry"), with its compound names after."""
    end = token.i
    for child in token.children:
        if child.i > token.i and child.dep_ in {"compound", "flat", "appos"}:
            end = max(end, child.right_edge.i)
    return str(token.doc[token.left_edge.i : end + 1].text)


def _clause_text(token: Any) -> str:
    """The words of the clause a figure is in: the nearest verb's subtree, with the subject it
    shares (a conjoined or infinitive verb) or the noun a relative clause qualifies."""
    verb = token
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    words = [verb.doc[verb.left_edge.i : verb.right_edge.i + 1].text]
    if verb.dep_ == "relcl":
        words.append(_phrase(verb.head))
    elif not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children) and verb.dep_ in {"conj", "xcomp"}:
        words += [_phrase(c) for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return " ".join(words)


def _holds(phrase: str, unit: Unit) -> bool:
    return Context(phrase).has_unit(unit)


# ------------------------------------------------------------------------------- the checks


def reversed_role(roles: tuple[tuple[Unit, Role], ...], text: str, names: tuple[str, ...]) -> str:
    """Why ``text`` swaps a role of the question ("" when it does not): a unit that undergoes the
    asked relation (one of ``names``: the verb and its aliases) in the question does it in the
    sentence, or the other way round, and nowhere in the role asked."""
    if not roles:
        return ""
    verbs = [v for v in sentence_roles(text).verbs if v.lemma in names]
    for unit, role in roles:
        seen = {r for v in verbs for r, phrases in _by_role(v) if any(_holds(p, unit) for p in phrases)}
        if _OPPOSITE[role] in seen and role not in seen:
            return f"{unit.text!r} is the {_OPPOSITE[role]}, not the {role}, of {names[0]!r} there"
    return ""


def _by_role(verb: VerbRoles) -> tuple[tuple[Role, tuple[str, ...]], ...]:
    return (("doer", verb.doers), ("undergoer", verb.undergoers))


def figure_of_other(holders: tuple[Unit, ...], text: str, span: tuple[int, int]) -> str:
    """Why the figure at ``span`` is not the holder's ("" when it may be): the sentence names the
    question's holder ("the A380"), but outside the clause that holds the figure."""
    here = Context(text)
    present = [u for u in holders if here.has_unit(u)]
    if not present:
        return ""
    clauses = [c for s, e, c in sentence_roles(text).figures if s < span[1] and span[0] < e]
    if not clauses:
        return ""
    if any(_REFERRING & set(Context(c).vocab) for c in clauses):
        return ""  # "Ford has said that it posted a profit of $997 million": "it" may be Ford
    for unit in present:
        if not any(Context(c).has_unit(unit) for c in clauses):
            return f"the figure is not {unit.text}'s"
    return ""


_REFERRING = frozenset({"it", "its", "they", "their", "he", "his", "she", "her"})


def described_doer(text: str, relations: tuple[str, ...], asked: frozenset[str]) -> tuple[int, int] | None:
    """Where ``text`` names who did the asked relation by a description rather than a name: the
    doer of one of ``relations`` whose head noun is a kind of agent ("The opposition party disputed
    the result", "Workers stopped work"), not a word of the question. spaCy tags no entity there,
    so *who* questions abstained on sentences that answer them."""
    from briefing.qa.vocabulary import AGENT_NOUNS

    for verb in sentence_roles(text).verbs:
        if verb.lemma not in relations:
            continue
        for doer in verb.doers:
            words = tokens(doer)
            head = words[-1] if words else ""
            agent = head in AGENT_NOUNS or (head.endswith("s") and head[:-1] in AGENT_NOUNS)
            start = text.find(doer)
            if agent and start >= 0 and not set(words) <= asked:
                return start, start + len(doer)
    return None
