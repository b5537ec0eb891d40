"""How well a claim is supported: corroborated, contested, single-source — never both at once.

Rules an analyst can check against the cited sentences:

- *support*: a sentence of another outlet that says much the same thing (half the claim's terms)
  and reports no different number for a quantity the claim counts;
- *against*: a denial by another claimant of a non-denial claim; or a sentence giving a
  different number for the same quantity (what is counted, the event), in the same story — a
  conflict, never corroboration; or the other side of a figure conflict the claim's sentence is in;
- a denial repeated by another outlet supports the denial (it is not contested by it);
- support and against are disjoint: a sentence that is against is never also support, and the
  claim's own sentences are neither.
"""

from __future__ import annotations

from briefing.brief import figures as brief_figures
from briefing.core.brief_models import Claim, FigureConflict
from briefing.core.models import Article
from briefing.text.terms import terms

_SIMILAR = 0.5
_DENIAL_OVERLAP = 0.5


def _quantities(text: str) -> dict[str, set[float]]:
    out: dict[str, set[float]] = {}
    for hit in brief_figures.find(text):
        if hit.event and hit.unit not in ("percent", "money"):
            out.setdefault(f"{hit.unit} {hit.event}", set()).add(hit.value)
    return out


def _differs(mine: dict[str, set[float]], theirs: dict[str, set[float]]) -> bool:
    return any(q in theirs and not (values & theirs[q]) for q, values in mine.items())


def assess(
    found: list[Claim], mains: list[Article], outlet_of: dict[str, str], conflicts: list[FigureConflict]
) -> None:
    """Set each claim's support, against, sources and status (see the module docstring)."""
    sentences = [(a.id, s.id, set(terms(s.text)), s.text) for a in mains for s in a.sentences if s.text]
    numbers = {sid: _quantities(text) for _, sid, _, text in sentences}
    text_of = {sid: text for _, sid, _, text in sentences}
    terms_of = {id(c): set(terms(c.text)) for c in found}  # once each, not once per pair of claims
    for claim in found:
        if claim.stance == "no comment":
            continue
        own = set(claim.citations)
        home = claim.citations[0].rpartition(":")[0]
        mine = terms_of[id(claim)]
        my_numbers = _quantities(" ".join(text_of.get(sid, "") for sid in claim.citations))
        against: list[str] = []
        for other in found:
            if (
                other is claim
                or other.stance != "denied"
                or claim.stance == "denied"
                or other.who == claim.who
            ):
                continue
            if len(mine & terms_of[id(other)]) / max(len(mine), 1) >= _DENIAL_OVERLAP:
                against += [sid for sid in other.citations if sid not in own]
        for conflict in conflicts:
            cited = [f for f in conflict.figures if set(f.citations) & own]
            if cited:
                against += [
                    sid for f in conflict.figures if f not in cited for sid in f.citations if sid not in own
                ]
        outlets = {outlet_of.get(home, home)}
        support: list[str] = []
        for article_id, sid, theirs, _ in sentences:
            outlet = outlet_of.get(article_id, article_id)
            if sid in own or not mine or len(mine & theirs) / len(mine) < _SIMILAR:
                continue
            if my_numbers and _differs(my_numbers, numbers[sid]):
                against.append(sid)  # the same report with another number: a conflict
                continue
            if outlet not in outlets:
                support.append(sid)
                outlets.add(outlet)
        claim.against = list(dict.fromkeys(against))
        claim.support = [sid for sid in support if sid not in claim.against]
        claim.sources = 1 + len({outlet_of.get(sid.rpartition(":")[0], "") for sid in claim.support})
        if claim.against:
            claim.status = "contested"
        elif claim.sources > 1:
            claim.status = "corroborated"
