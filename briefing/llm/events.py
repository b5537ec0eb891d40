"""What a sentence asserts beyond its words: the event a number counts, when, and how surely.

The cheap checks of :mod:`briefing.llm.citations` ask that the numbers, names and most key words
of a sentence be in what it cites. Small local models keep those and change what holds them
together (real SmolLM2-135M outputs): "2,700 vehicles have been *burned*" citing "2,700 vehicles
had been *sent*", "during the past *week*" citing "over the past 19 *days*", and a hedge dropped
("a *suspected* gas attack" written as "a gas attack"). Each test below reads the dependency parse
(the caller passes spaCy docs, :mod:`briefing.llm.roles`) and gives a reason the reader can check:

- :func:`counted_event`: a number shared with the cited text counts the subject or object of a
  verb there; the sentence's verb for it must tell the same kind of event (killed, hurt, fled...);
- :func:`added_time`: a unit of time (week, month, yesterday...) the cited text does not have;
- :func:`dropped_hedge`: the cited text hedges a word the sentence repeats (``may``,
  ``reportedly``, ``suspected``, ``possible``...), and the sentence states it without any hedge.
"""

from __future__ import annotations

from typing import Any

_ARGUMENT = {"nsubj", "nsubjpass", "dobj", "obj"}


def _verbs(verb: Any) -> set[str]:
    """The verb's lemma and those of verbs joined to it that share its object ("burned and
    damaged"), not those with one of their own ("killed 50 people and wounded 300")."""
    found = {_lemma(verb)} | {_lemma(c) for c in verb.children if c.dep_ in ("oprd", "acomp")}  # "... dead"
    for other in [*verb.children, verb.head] if verb.dep_ == "conj" else verb.children:
        joined = other.dep_ == "conj" or other is verb.head
        if joined and other is not verb and not any(c.dep_ in _ARGUMENT for c in other.children):
            found.add(_lemma(other))
    return found


def _lemma(token: Any) -> str:
    """The verb of a verbal noun too: "killing" (tagged a noun) -> "kill"."""
    lemma = token.lemma_.lower()
    if lemma not in _EVENT_OF and lemma.endswith("ing") and lemma[:-3] in _EVENT_OF:
        return lemma[:-3]
    return lemma


def _counted_events(doc: Any) -> dict[str, tuple[str, set[str]]]:
    """number -> (the noun it counts, the verbs that noun is the subject or object of)."""
    found: dict[str, tuple[str, set[str]]] = {}
    for token in doc:
        noun = token.head
        if token.dep_ != "nummod" or not any(ch.isdigit() for ch in token.text):
            continue
        if noun.dep_ in _ARGUMENT and (noun.head.pos_ == "VERB" or _lemma(noun.head) in _EVENT_OF):
            number = token.text.replace(",", "")
            verbs = found.get(number, (noun.text, set()))[1] | _verbs(noun.head)
            found[number] = (noun.text, verbs)
    return found


_EVENTS = {  # what happened to the counted people or things: news reports count these
    "killed": {"kill", "die", "slay", "execute", "behead", "massacre", "murder", "dead"},
    "hurt": {"wound", "injure", "hurt", "maim", "wounded", "injured"},
    "moved away": {"flee", "displace", "evacuate", "escape", "rescue", "relocate"},
    "held": {"arrest", "detain", "capture", "abduct", "kidnap", "seize", "jail", "imprison"},
    "sent": {"send", "deploy", "dispatch", "enter", "move", "station", "arrive", "cross", "mobilize"},
    "damaged": {"burn", "damage", "destroy", "hit", "bomb", "shell", "demolish"},
    "freed": {"release", "free", "exchange", "swap"},
}
_EVENT_OF = {verb: event for event, verbs in _EVENTS.items() for verb in verbs}


def counted_event(doc: Any, cited_docs: list[Any]) -> str:
    """The same number in another event: "330,000 people have fled" citing "330000 people have
    been killed", "2,700 vehicles have been burned" citing "... had been sent".

    Judged only between known kinds of event (killed, hurt, moved away, held, sent, damaged,
    freed): verbs of one kind are paraphrases of each other ("entered" for "were sent into"), and
    a verb outside them is let be, since word embeddings rank "deployed"/"sent" (0.31) below
    "wounded"/"killed" (0.52) and cannot tell.
    """
    theirs: dict[str, tuple[str, set[str]]] = {}
    for cited_doc in cited_docs:
        for number, (noun, verbs) in _counted_events(cited_doc).items():
            theirs[number] = (noun, theirs.get(number, (noun, set()))[1] | verbs)
    for number, (_, verbs) in _counted_events(doc).items():
        if number not in theirs:
            continue
        mine = {_EVENT_OF[v] for v in verbs if v in _EVENT_OF}
        their_events = {_EVENT_OF[v] for v in theirs[number][1] if v in _EVENT_OF}
        if mine and their_events and not mine & their_events:
            said, written = "/".join(sorted(their_events)), "/".join(sorted(mine))
            return f"the cited text has {number} {theirs[number][0]} {said}, not {written}"
    return ""


def changed_event(doc: Any, cited_docs: list[Any]) -> str:
    """Another kind of event for the same participant, no number needed: "the bomber was arrested"
    citing "a motorcycle bomber killed at least 16 civilians". Judged only when the cited text has
    no event of the sentence's kind at all (as verb or noun: "the arrest"), so "wounded" for
    "injured", or "killed" where it says "killed or wounded", pass."""
    cited_kinds = {_EVENT_OF[_lemma(t)] for d in cited_docs for t in d if _lemma(t) in _EVENT_OF}
    theirs: dict[str, set[str]] = {}  # a participant -> the kinds of event it has in the cited text
    for cited_doc in cited_docs:
        for token in cited_doc:
            kind = _EVENT_OF.get(_lemma(token)) if token.pos_ == "VERB" else None
            for word in _participants(token) if kind else ():
                theirs.setdefault(word, set()).add(kind)  # type: ignore[arg-type]
    for token in doc:
        kind = _EVENT_OF.get(_lemma(token)) if token.pos_ == "VERB" else None
        if kind is None or kind in cited_kinds:
            continue
        for word in _participants(token):
            if word in theirs:
                said = "/".join(sorted(theirs[word]))
                return f"the cited text has the {word} {said}, not {kind}"
    return ""


_GENERIC = {"people", "person", "one", "some", "many", "other", "others", "dozen", "dozens", "hundreds"}


def _participants(verb: Any) -> set[str]:
    """The nouns doing or undergoing ``verb`` (not pronouns nor "people"), without their modifiers;
    the noun a clause hangs on too ("a bomber killed 16", parsed as "a bomber [who] killed 16")."""
    nouns = [c for c in verb.children if c.dep_ in _ARGUMENT]
    nouns += [verb.head] if verb.dep_ in ("acl", "relcl") else []
    nouns += [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    return {n.lemma_.lower() for n in nouns if n.pos_ in ("NOUN", "PROPN")} - _GENERIC


_OPPOSITES = {  # (lemma, lemma, part of speech): one said where the cited text says the other
    ("uphold", "reject", "VERB"), ("accept", "reject", "VERB"), ("approve", "reject", "VERB"),
    ("confirm", "deny", "VERB"), ("rise", "fall", "VERB"), ("increase", "decrease", "VERB"),
    ("support", "oppose", "VERB"), ("acquit", "convict", "VERB"), ("lift", "impose", "VERB"),
    ("victory", "defeat", "NOUN"), ("increase", "decrease", "NOUN"), ("gain", "loss", "NOUN"),
}  # fmt: skip


def _subject(token: Any) -> set[str]:
    """Who a verb (or the noun it takes as object: "claimed victory") is said of."""
    verb = token.head if token.pos_ == "NOUN" and token.dep_ in ("dobj", "obj") else token
    return {w for c in verb.children if c.dep_ == "nsubj" for w in (c.lemma_.lower(), c.text.lower())}


def opposite(doc: Any, cited_docs: list[Any]) -> str:
    """The opposite word of the same subject: "the GAO rejected the protest" citing "the GAO upheld
    the protest", "the candidate conceded defeat" citing "the candidate claimed victory"."""
    mine: dict[tuple[str, str], set[str]] = {}
    theirs: dict[tuple[str, str], set[str]] = {}
    for found, docs in ((mine, [doc]), (theirs, cited_docs)):
        for token in (t for d in docs for t in d):
            found.setdefault((token.lemma_.lower(), token.pos_), set()).update(_subject(token))
    for first, second, pos in _OPPOSITES:
        for said, other in ((first, second), (second, first)):
            if (said, pos) not in mine or (other, pos) not in theirs or (said, pos) in theirs:
                continue
            if (other, pos) not in mine and mine[said, pos] & theirs[other, pos]:
                return f"{said!r} where the cited text has {other!r}"
    return ""


_TIME_UNITS = {
    "second", "minute", "hour", "day", "week", "weekend", "fortnight", "month", "year", "decade",
    "century", "yesterday", "today", "tonight", "tomorrow", "overnight", "morning", "afternoon",
    "evening", "night",
}  # fmt: skip


def added_time(doc: Any, cited_docs: list[Any]) -> str:
    """A unit of time in the sentence that no cited sentence has ("past week" for "past 19 days")."""
    theirs = {w for d in cited_docs for t in d for w in (t.lemma_.lower(), t.text.lower())}
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma in _TIME_UNITS and lemma not in theirs and token.text.lower() not in theirs:
            return f"{token.text!r} (a time) is not in the cited text"
    return ""


_HEDGES = {
    "may", "might", "could", "reportedly", "allegedly", "alleged", "suspected", "possible",
    "possibly", "probably", "likely", "apparently", "unconfirmed", "purported", "purportedly",
    "presumed", "presumably", "believed", "feared", "suspect", "potential", "potentially",
}  # fmt: skip


def _hedged(doc: Any) -> list[tuple[Any, Any]]:
    """(hedge, the word it hedges) pairs: "may" and its verb, "suspected" and its noun."""
    pairs = []
    for token in doc:
        if token.lower_ in _HEDGES and token.pos_ != "PROPN" and token.head is not token:  # not "May"
            pairs.append((token, token.head))
    return pairs


def dropped_hedge(doc: Any, cited_docs: list[Any]) -> str:
    """The cited text hedges what the sentence states as fact: "a suspected gas attack" written
    "a gas attack", "troops may have entered" written "troops entered". Only a hedge on a word the
    sentence repeats counts, so a hedge on another part of the cited sentence is let be; and not
    when another cited sentence states the word unhedged (a sentence citing itself and its
    neighbour)."""
    if any(t.lower_ in _HEDGES and t.pos_ != "PROPN" for t in doc):
        return ""
    mine = {t.lemma_.lower() for t in doc if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ")}
    hedged = [(n, pair) for n, cited_doc in enumerate(cited_docs) for pair in _hedged(cited_doc)]
    words = {(n, word.i) for n, (_, word) in hedged}
    plain = {t.lemma_.lower() for n, d in enumerate(cited_docs) for t in d if (n, t.i) not in words}
    for _, (hedge, word) in hedged:
        if word.lemma_.lower() in mine and word.lemma_.lower() not in plain:
            return f"the cited text hedges it ({hedge.text} {word.text}); the sentence does not"
    return ""
