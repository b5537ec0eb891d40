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

from briefing.core.brief_models import Figure
from briefing.text.incidents import context, incident, place_keys, places, scope

__all__ = ["context", "incident", "places", "same_quantity", "scope"]


def same_quantity(a: Figure, b: Figure) -> bool:
    """Do ``a`` and ``b`` count the same thing: unit and event, incident, day and place agree,
    and neither is a whole-war total."""
    if a.unit != b.unit or a.event != b.event or not a.event:
        return False
    if a.scope or b.scope:
        return False
    if a.date and b.date and abs((a.date - b.date).days) > 1:
        return False
    pa, pb = place_keys(a.places), place_keys(b.places)
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
