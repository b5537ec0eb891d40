"""The words of reporting: verbs and their stance, the cue prefilter, person / organisation heads.

Kept apart from :mod:`briefing.brief.attribution` (the parse rules) so the rules read without a
page of vocabulary in the way, and so the lists can grow without pushing the rules past the
module size limit.
"""

from __future__ import annotations

import re

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
CUE_WORDS = re.compile(
    r"\b(?:sa(?:y|id|ys|ying)|t[eo]l[ld]s?|telling|stat|add|explain|not(?:e|ed|es|ing)\b|wr[io]te|declar|reveal|"
    r"cit(?:e|ed|es|ing)\b|quot|comment|respond|repl|describ|post|insist|argu|claim|alleg|report|"
    r"announc|warn|den(?:y|ied|ies)|reject|refut|dismiss|confirm|accus|blam|condemn|critici|denounc|predict|"
    r"estimat|urg|admit|acknowledg|call|stress|emphasi|suggest|indicat|assert|maintain|believ|expect|"
    r"respons|speech|denial|admission|according to|made the claim)",
    re.I,
)
PERSON_ORG = frozenset(
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
PRONOUNS = frozenset("he she they it we i you".split())  # noqa: SIM905
DOCUMENTS = frozenset("letter statement message post tweet note email interview speech".split())  # noqa: SIM905

NOUN_STANCE = {
    "statement": "said",
    "announcement": "announced",
    "comment": "said",
    "response": "said",
    "speech": "said",
    "declaration": "said",
    "claim": "claimed",
    "allegation": "claimed",
    "report": "reported",
    "warning": "warned",
    "denial": "denied",
    "confirmation": "confirmed",
    "accusation": "accused",
    "admission": "admitted",
    "criticism": "condemned",
    "condemnation": "condemned",
}
"""Speech-act nouns: 'the ministry's statement', 'a denial from the army', 'said in a statement'."""
NOUN_CARRIERS = frozenset("issue release make give deliver publish post".split())  # noqa: SIM905
"""Verbs whose subject speaks through their object: 'the army issued a denial'."""
