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
    r"\b(?:sa(?:y|ys|id|ying)|tell(?:s|ing)?|told|stat(?:e|es|ed|ing|ements?)|add(?:s|ed|ing)?|"
    r"explain(?:s|ed|ing)?|not(?:e|es|ed|ing)|writes?|wrote|declar(?:e|es|ed|ing|ations?)|"
    r"reveal(?:s|ed|ing)?|cit(?:e|es|ed|ing)|quot(?:e|es|ed|ing)|comment(?:s|ed|ing)?|"
    r"respond(?:s|ed|ing)?|respons(?:e|es)|repl(?:y|ies|ied|ying)|describ(?:e|es|ed|ing)|post(?:s|ed|ing)?|"
    r"insist(?:s|ed|ing)?|argu(?:e|es|ed|ing)|claim(?:s|ed|ing)?|alleg(?:e|es|ed|ing|ations?)|"
    r"report(?:s|ed|ing)?|announc(?:e|es|ed|ing|ements?)|warn(?:s|ed|ing|ings)?|den(?:y|ies|ied|ying|ials?)|"
    r"reject(?:s|ed|ing)?|refut(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|confirm(?:s|ed|ing|ations?)?|"
    r"accus(?:e|es|ed|ing|ations?)|blam(?:e|es|ed|ing)|condemn(?:s|ed|ing|ations?)?|"
    r"critici(?:ze|zes|zed|zing|se|ses|sed|sing|sms?)|denounc(?:e|es|ed|ing)|predict(?:s|ed|ing)?|"
    r"estimat(?:e|es|ed|ing)|urg(?:e|es|ed|ing)|admit(?:s|ted|ting)?|admissions?|"
    r"acknowledg(?:e|es|ed|ing)|call(?:s|ed|ing)?|stress(?:es|ed|ing)?|emphasi(?:ze|zes|zed|zing|se|ses|sed|sing)|"
    r"suggest(?:s|ed|ing)?|indicat(?:e|es|ed|ing)|assert(?:s|ed|ing)?|maintain(?:s|ed|ing)?|speech(?:es)?|"
    r"according\s+to|made\s+the\s+claims?)\b",
    re.I,
)
"""The forms of the words in :data:`STANCE` and :data:`NOUN_STANCE` (and the fixed cues): a
sentence without one holds no reporting clause, so it is not parsed. Whole words only: "toll",
"urgent", "reportedly", "responsibility" and "additional" no longer send a sentence to spaCy."""
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
    "representative representatives delegation mission member members team citizens hospital website "
    "mayor governor prosecutor sheriff coroner operator regulator airline insurer seismologist "
    "meteorologist firefighter paramedic survivor".split()
)
PRONOUNS = frozenset("he she they it we i you".split())  # noqa: SIM905
DOCUMENTS = frozenset(
    "letter statement message post tweet note email interview speech report communique document".split()  # noqa: SIM905
)

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
