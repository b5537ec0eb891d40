"""Which incident a sentence tells of, where, and whether it is a whole-war total.

"72 killed" and "86 dead" are one toll only if they count the dead of one incident: the Khan
Shaykhun gas attack of 4 April, not a shelling near Damascus the same day, nor the whole war
("more than 320,000 killed since 2011"). These sentence-level readings are shared by the brief's
figures (:mod:`briefing.brief.quantity`) and by ask's dated figures (:mod:`briefing.qa.timewords`),
so both tell two attacks apart the same way. Regular expressions only: cheap enough for ``ask``.
"""

from __future__ import annotations

import re

_INCIDENTS = (
    ("chemical attack", r"\b(?:chemical|gas|toxic|sarin|chlorine|nerve agent)\b"),
    ("bombing", r"\b(?:car bomb|carbomb|suicide|blast|explosion|bombing|bomb attack)\b"),
    ("shelling", r"\b(?:shelling|shells|bombardment|mortar|rocket fire|barrel bombs?)\b"),
    ("air strike", r"\b(?:air ?strikes?|air raids?|strikes?|jets?|warplanes?)\b"),
    ("clashes", r"\b(?:clashes|fighting|battle|offensive|ambush)\b"),
    ("execution", r"\b(?:executed|beheaded|slit the throats|execution)\b"),
)
_WAR = re.compile(
    r"\bsince (?:the (?:start|beginning|outbreak) of the (?:war|conflict|uprising)|(?:March )?20(?:11|12)|"
    r"it (?:began|started|erupted))|\b(?:war|conflict|uprising) (?:that |which )?(?:has |have )?"
    r"(?:killed|left|claimed)|\bin the (?:\w+-year[- ]old |\w+-year )?(?:war|conflict)\b|"
    r"\bthroughout the (?:war|conflict)|\bsince Syria'?s war\b|\b(?:six|seven|five)-year (?:war|conflict)",
    re.I,
)
_PLACE = re.compile(
    r"\b(?:in|near|of|at|on|outside|around)\s+(?:the\s+)?(?:(?:rebel-held|regime-held|opposition-held|"
    r"northern|southern|eastern|western|northwestern|northeastern|town|city|village|province|region|"
    r"countryside|district|area|neighbou?rhood)\s+(?:of\s+)?)*((?:[ae]l-)?[A-Z][\w’'-]+(?:\s+(?:[ae]l-)?[A-Z][\w’'-]+){0,2})"
    r"|\bthe\s+([A-Z][\w’'-]+)\s+(?:air ?strike|strike|raid|attack|bombing|shelling|massacre)"
)
_NOT_PLACES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "  # noqa: SIM905
    "august september october november december syria syrian the a".split()
)


_ELSEWHERE = re.compile(r"\b(?:(?:hours|days|a day|weeks) after|following|since|compared with)\b", re.I)


def context(sentence: str, start: int) -> str:
    """The part of a sentence that describes the figure at ``start``: all of it before, and after
    it up to where the sentence turns to another event ('just hours after a gas attack…')."""
    cut = _ELSEWHERE.search(sentence, start + 1)
    return sentence[: cut.start()] if cut else sentence


def incident(sentence: str) -> str:
    """The kind of incident the sentence is about ('' if it names none)."""
    return next((name for name, rx in _INCIDENTS if re.search(rx, sentence, re.I)), "")


def scope(sentence: str) -> str:
    """'war' for whole-war totals ('killed since 2011', 'the six-year war has killed'), else ''."""
    return "war" if _WAR.search(sentence) else ""


_CAPITALS = {"syrian": "Damascus", "iraqi": "Baghdad", "lebanese": "Beirut", "turkish": "Ankara"}
_CAPITAL = re.compile(
    r"\b(?:near|in|outside|around|of)\s+the\s+(Syrian|Iraqi|Lebanese|Turkish)\s+capital\b", re.I
)


def places(sentence: str) -> list[str]:
    """Places the sentence names, as written ('Khan Sheikhoun', 'Idlib'); 'Syria' says nothing;
    'near the Syrian capital' is Damascus."""
    out = [_CAPITALS[m.group(1).lower()] for m in _CAPITAL.finditer(sentence)]
    for m in _PLACE.finditer(sentence):
        words = [w for w in (m.group(1) or m.group(2)).split() if w.lower() not in _NOT_PLACES]
        if words:
            out.append(" ".join(words))
    return list(dict.fromkeys(out))


def skeleton(word: str) -> str:
    """Spelling variants of one transliterated name agree: Shaykhun / Sheikhoun / Sheikhun -> shkn."""
    low = re.sub(r"[^a-z]", "", word.lower())
    low = low[:-1] if low.endswith("s") and len(low) > 4 else low  # "Idlibs" (a lost apostrophe)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", low))[:5]


def place_keys(names: list[str]) -> set[str]:
    return {skeleton(w) for n in names for w in n.split() if len(w) > 3}


_COUNTED = (
    (
        "killed",
        re.compile(
            r"\b(?:killed|dead|died|deaths?|death toll|toll|lives|bodies|fatalities|massacred)\b", re.I
        ),
    ),
    ("injured", re.compile(r"\b(?:injured|wounded|hurt|injuries|casualties)\b", re.I)),
    ("displaced", re.compile(r"\b(?:displaced|fled|refugees|evacuated|homeless)\b", re.I)),
    ("missing", re.compile(r"\b(?:missing|abducted|kidnapped|detained|arrested)\b", re.I)),
)
_NEAR = (
    60  # characters after a number where what it counts is said ("58 people, including 11 children, died")
)


def counted(sentence: str, start: int, end: int) -> str:
    """What the number at ``start:end`` counts ('killed', 'injured'...; '' if the sentence does not
    say): the first such word after it ("58 people were killed", "300 wounded", "500 displaced"),
    else the nearest word of the dead or the hurt before it ("the death toll has risen to 100",
    "killed 58 and wounded 300"): "the buses of evacuated people ... rose to 112" counts the dead."""
    after = sentence[end : end + _NEAR]
    found = [(m.start(), name) for name, rx in _COUNTED if (m := rx.search(after))]
    if found:
        return min(found)[1]
    before = sentence[:start]  # "the death toll ... has risen to 100", "killing 58": the nearest word before
    tolls = [
        (name, rx) for name, rx in _COUNTED if name in ("killed", "injured")
    ]  # "evacuees ... 112" is not
    last = [(m.end(), name) for name, rx in tolls for m in rx.finditer(before)]
    return max(last)[1] if last else ""


_WEEKDAY = re.compile(r"\b(?:on |last )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def weekday_phrase(sentence: str) -> str:
    """The first weekday phrase of a sentence ('on Tuesday'), which news uses to date an event."""
    m = _WEEKDAY.search(sentence)
    return m.group() if m else ""
