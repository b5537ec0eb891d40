"""What a figure counts: the counted thing and event, *of which incident*, where and when.

"72 killed" and "86 dead" conflict only if they count the same thing: the dead of the Khan
Shaykhun gas attack of 4 April, not the dead of a shelling near Damascus the same day, nor the
dead of the whole war ("more than 320,000 killed since 2011"). So a figure carries, besides its
unit and event, the incident its sentence names (chemical attack, air strike, bombing,
shelling…), the places it names, the day its sentence dates (resolved against the article's
date), and a scope ("war" for whole-war totals, which never conflict with one attack's toll).
:func:`same_quantity` is the test the conflict finder and the dev set use
(``bench/eval_figures.py``, ``bench/data/figure_pairs.jsonl``).
"""

from __future__ import annotations

import re

from briefing.core.brief_models import Figure

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


def _skeleton(word: str) -> str:
    """Spelling variants of one transliterated name agree: Shaykhun / Sheikhoun / Sheikhun -> shkn."""
    low = re.sub(r"[^a-z]", "", word.lower())
    low = low[:-1] if low.endswith("s") and len(low) > 4 else low  # "Idlibs" (a lost apostrophe)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", low))[:5]


def _place_keys(names: list[str]) -> set[str]:
    return {_skeleton(w) for n in names for w in n.split() if len(w) > 3}


def same_quantity(a: Figure, b: Figure) -> bool:
    """Do ``a`` and ``b`` count the same thing: unit and event, incident, day and place agree,
    and neither is a whole-war total."""
    if a.unit != b.unit or a.event != b.event or not a.event:
        return False
    if a.scope or b.scope:
        return False
    if a.date and b.date and abs((a.date - b.date).days) > 1:
        return False
    pa, pb = _place_keys(a.places), _place_keys(b.places)
    places_agree = not pa or not pb or bool(pa & pb)
    same_day = a.date is not None and a.date == b.date
    weak = {"air strike", ""}  # a gas attack or a shelling is also delivered by air: says little
    if a.incident == b.incident == "air strike":  # strikes on two towns the same day are two tolls
        return bool(pa & pb) or (not pa and not pb and same_day)
    if a.incident == b.incident and a.incident:
        return True  # one incident, one day: Idlib is where Khan Shaykhun is
    if a.incident not in weak and b.incident not in weak:
        return False
    if not a.incident and not b.incident:
        return places_agree
    if "air strike" in (a.incident, b.incident):
        return bool(pa & pb) or (same_day and places_agree)
    return bool(pa & pb)  # one names its incident, the other does not: the place must tie them
