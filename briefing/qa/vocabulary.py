"""The words news questions are asked in: which nouns name an answer type, which verbs only
report or frame the asked relation, and how news rewords a measure or a relation.

Why a module of its own: these lists are what a reader tunes when a question is misread; the
parse logic in :mod:`briefing.qa.focus` stays short and the lists stay in one place.
"""

from __future__ import annotations


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


UNIT_LABELS = _set("PERSON ORG GPE LOC NORP FAC PRODUCT EVENT WORK_OF_ART LAW")
LIGHT_VERBS = _set(
    "be have do happen get make take give go will would need set put come see become keep let use "
    "say tell find show report describe call announce state claim speak add"  # reporting: paraphrased freely
)
# Verbs that frame the asked relation: "expected to make", "plans to cut" ask about the second verb.
FRAME_VERBS = _set("expect plan intend want hope try begin start continue schedule seek aim decide agree")
# Nouns that name the kind of answer rather than what it is about; never required in a sentence.
GENERIC_NOUNS = _set(
    "number amount total figure people person persons name time times year years day date kind type "
    "part thing things way percentage percent share proportion rate level one ones "
    "position stance view reason response reaction explanation purpose message"  # how, not what
)
# Words of a keyword query that ask for news rather than name it ("latest news on ...", "tell me
# about ..."): time words are read by briefing.qa.timewords, the rest name nothing to find.
ASKING_WORDS = _set(
    "latest newest recent recently current currently today tonight yesterday week month news update "
    "updates story stories report reports tell show explain give find list summary summarise "
    "summarize overview info information"
)
# "which X" / "what X": nouns that say which answer type is wanted.
AGENT_NOUNS = _set(
    "person man woman leader minister president official company firm group organisation organization "
    "team party club country nation spokesman spokesperson ceo chief executive director governor mayor "
    "commander general manager chairman founder owner head player agency body airline bank carrier maker "
    "manufacturer newspaper outlet channel broadcaster monitor legislator deputy coordinator envoy diplomat "
    "ambassador politician lawmaker senator candidate spokeswoman activist officer faction militia "
    "rebel commission committee council ministry worker employee staff union operator government "
    "authority court judge police soldier troop fighter protester resident regulator prosecutor "
    "investigator researcher scientist"
)
# Agents that are people in a role: "which EU diplomatic chief" is answered by a person's name or by
# the role itself, not by "The White House" (an organisation) that did the same thing.
PERSON_ROLES = _set(
    "person man woman leader minister president official spokesman spokesperson spokeswoman ceo chief "
    "executive director governor mayor commander general manager chairman founder owner head player "
    "legislator deputy coordinator envoy diplomat ambassador politician lawmaker senator candidate "
    "activist officer judge prosecutor investigator researcher scientist actor actress singer writer"
)
PLACE_NOUNS = _set(
    "city town village country province region place area state capital location district street "
    "neighbourhood neighborhood airport base camp crossing border clinic hospital school facility "
    "market mosque bridge dam port prison stadium suburb island"
)
TIME_NOUNS = _set("year date day month time week decade century")
NUMBER_NOUNS = _set(
    "number percentage share proportion amount price cost toll total sum figure rate population salary "
    "budget speed height length weight size age turnout score distance bail fine fee"
)
# Measures news reports under other words: a death toll is "58 killed", "100 dead".
MEASURE_ALIASES = {
    "toll": ("killed", "dead", "died", "deaths", "death", "casualties", "lives"),
    "casualty": ("killed", "dead", "wounded", "injured", "deaths"),
    "death": ("killed", "dead", "died", "lives"),
    "fatality": ("killed", "dead", "died", "deaths"),
    # counted nouns news words otherwise: "35 members", "80 terrorists", "51 air carriers"
    "fighter": ("militant", "member", "gunman", "gunmen", "terrorist", "jihadist", "insurgent"),
    "militant": ("fighter", "member", "gunman", "gunmen", "terrorist", "jihadist", "insurgent"),
    "soldier": ("troop", "troops", "serviceman", "servicemen"),
    "airline": ("carrier", "carriers"),
    "jet": ("plane", "aircraft", "airliner"),
    "plane": ("jet", "aircraft", "airliner"),
    "vehicle": ("truck", "lorry", "car"),
}
TOLLS = frozenset({"toll", "casualty", "death", "fatality"})  # "58 killed", "killed 58": no counted noun
# Relations news reports under other verbs.
RELATION_ALIASES = {
    "wound": ("injure", "injured", "hurt", "wounded"),
    "injure": ("wound", "wounded", "hurt"),
    "kill": ("die", "died", "dead", "death", "deaths", "killing"),
    "die": ("kill", "killed", "dead", "death", "deaths"),
    "buy": ("purchase", "acquire", "bought", "sell", "sold"),  # who bought X: "X was sold to Y"
    "purchase": ("buy", "bought", "acquire"),
    "acquire": ("buy", "bought", "purchase", "sell", "sold", "divest", "takeover"),
    "lose": ("kill", "killed", "dead", "died", "fall", "fell", "drop", "plunge", "slip", "dip", "shed"),
    "hit": ("strike", "struck", "target", "bomb", "shell", "attack", "pound", "raid"),
    "strike": ("hit", "target", "bomb", "shell", "attack", "raid"),
    "target": ("hit", "strike", "struck", "attack", "bomb", "shell"),
    "attack": ("hit", "strike", "struck", "target", "assault", "bomb", "raid"),
    "destroy": ("wreck", "demolish", "raze", "flatten"),
    "wreck": ("destroy", "damage"),
    "damage": ("destroy", "wreck", "hit", "strike", "struck"),
    "capture": ("seize", "take", "took", "taken", "control", "retake", "overrun", "overran"),
    "seize": ("capture", "take", "took", "taken", "control"),
    "advance": ("march", "push", "progress", "move", "gain"),
    "dismiss": ("deny", "denied", "reject", "refute"),
    "receive": ("get", "got", "gain", "given"),
    "write": ("letter", "wrote", "written"),
    "respond": ("response", "react", "reaction", "reply", "comment", "say"),
    "fight": ("clash", "battle", "fighting"),
    "displace": ("flee", "fled", "uproot", "homeless"),
    "down": ("shoot", "shot", "crash", "downing"),
    "earn": ("profit", "profits", "earnings", "income", "revenue", "revenues"),
    "blame": ("responsible", "responsibility", "accuse", "accused"),  # "bears primary responsibility"
    "send": ("dispatch", "dispatched", "deploy", "deployed"),  # "Turkey dispatched 30 ambulances"
    "dispatch": ("send", "sent", "deploy", "deployed"),
    # "a 78 percent increase in its profits" says *rise*
    "rise": ("increase", "growth", "grow", "grew", "jump", "climb", "surge", "gain"),
    "increase": ("rise", "rose", "growth", "grow", "grew", "jump", "climb", "surge", "gain"),
    "fall": ("drop", "decline", "decrease", "slump", "plunge", "slide"),
    "drop": ("fall", "fell", "decline", "decrease", "slump", "plunge", "slide"),
}
# A currency counted by its sign: "How many Australian dollars" is answered by "AU$ 52.5 million".
CURRENCY_SIGNS = {"dollar": "$", "euro": "€", "pound": "£", "yen": "¥"}
# "how ADJ": the measure the number must carry a unit of.
HOW_ADJECTIVES = _set("tall high old fast long far close big large deep heavy wide")
WH_WORDS = _set("who whom whose when where how which what")

MONEY_VERBS = _set(
    "pay cost spend earn raise sell buy offer pledge donate fund charge owe lose invest bid retail"
)
MONEY_NOUNS = _set("money price cost salary budget bail fine aid fee revenue profit loss sum gdp")
# A price is one fact however a deal is worded: "how much did Kmart pay" is answered by "the deal
# is to cost $11.5bn"; only for money questions, and never across earning and losing.
TRANSACTION_WORDS = _set("pay cost spend buy purchase acquire bid offer sell deal price worth value valued")
# What happens to people in a conflict report, each a different count: a sentence that counts the
# killed does not count the wounded, even when its neighbour mentions the wounded.
CASUALTY_VERBS = _set("kill wound injure arrest detain kidnap abduct displace evacuate rescue execute")
# Verbs that lend their noun the relation: "offered an apology" delivers the apology, "issued a
# warning" signs it; when the question's verb has such a noun as object, that construction counts.
SUPPORT_VERBS = _set(
    "offer make give issue deliver express extend present send convey voice lodge file launch carry "
    "conduct hold sign co-sign publish release"
)
