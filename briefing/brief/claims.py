"""Who claims what: attributions of statements to claimants, resolved within an article.

An analyst checks claims by who makes them, so each claim keeps the claimant as written
("the observatory"), the claimant resolved within the article ("Syrian Observatory for Human
Rights (SOHR)"), the reporting cue (said, claimed, warned, denied, "has yet to comment"), the
claim verbatim, and the sentence ids. The reporting clauses come from a dependency parse
(:mod:`briefing.brief.attribution`); here they become :class:`Claim` s: pronouns are resolved
to the nearest compatible named speaker of the article ("he" to a person, "it" to an
organisation), else left as written; "the observatory" / "the monitor" / an acronym to the
earlier full name; "X made the claim" takes the previous sentence as the claim; hedges ("if
confirmed") and "has yet to comment" leave nearby claims unconfirmed.
``bench/eval_attributions.py`` measures speaker precision and recall against MEANTIME.
"""

from __future__ import annotations

import re

from briefing.brief.attribution import Attribution, attributions, attributions_of, parse_ahead
from briefing.brief.attribution import forget as forget_parses
from briefing.core.brief_models import Claim
from briefing.core.models import Article

__all__ = ["Attribution", "article_claims", "attributions", "forget_parses", "parse_ahead"]

_HEDGE = re.compile(
    r"\bif confirmed\b|\bcould not (?:be )?(?:independently )?(?:verif|confirm)|\bunverified\b|"
    r"\bnot (?:been )?independently (?:verified|confirmed)",
    re.I,
)
_MONITOR = ("monitor", "watchdog", "observatory", "group", "organisation", "organization")
_PERSONAL = frozenset("he she his her him".split())  # noqa: SIM905
_NEUTER = frozenset("it its they their them we".split())  # noqa: SIM905
_PRONOUNS = _PERSONAL | _NEUTER | {"i", "you"}
_ORG_WORDS = re.compile(
    r"\b(?:ministry|army|military|government|regime|agency|observatory|monitor|group|council|"
    r"organi[sz]ation|office|coalition|forces?|company|committee|media|state|union|party|police|"
    r"watchdog|department|court|alliance|UN|UNICEF|WHO|NATO|EU|SOHR|SANA|[A-Z]{2,})\b"
)


def _canonical(name: str) -> str:
    name = re.sub(r"^(?:the\s+)?(?:so-called\s+)?", "", name.strip(), flags=re.I)
    return name.strip(" ,")


def _is_org(name: str) -> bool:
    return _ORG_WORDS.search(name) is not None or (len(name.split()) == 1 and name.isupper())


class _Resolver:
    """Claimants resolved within one article: acronyms, 'the observatory', 'the monitor', pronouns."""

    def __init__(self) -> None:
        self.named: list[str] = []

    def resolve(self, claimant: str) -> str:
        canon = _canonical(claimant)
        low = canon.lower()
        words = low.split()
        if low in _PRONOUNS:  # the nearest compatible named speaker, else as written
            want_org = low in _NEUTER
            match = next((n for n in reversed(self.named) if _is_org(n) == want_org), None)
            return match or claimant
        for earlier in reversed(self.named):
            e_low = earlier.lower()
            acronym = re.search(r"\(([A-Z]{2,})\)", earlier)
            if acronym and canon == acronym.group(1):
                return earlier
            if claimant.lower().startswith("the ") and words and len(words) <= 4:
                head = words[-1]
                if re.search(rf"\b{re.escape(head)}\b", e_low) or (
                    head in _MONITOR and any(k in e_low for k in ("observatory", "monitor", "watch"))
                ):
                    return earlier
        if canon and canon[0].isupper() and low not in _PRONOUNS:
            self.named.append(canon)
        return canon


def article_claims(article: Article) -> list[Claim]:
    """Claims of one article with claimants resolved; caveats from hedges and 'no comment' nearby."""
    resolver = _Resolver()
    claims: list[Claim] = []
    places: list[int] = []
    hedges: list[tuple[int, str]] = []
    found = attributions_of(s.text for s in article.sentences)
    for s, atts in zip(article.sentences, found, strict=True):
        if _HEDGE.search(s.text):
            hedges.append((s.n, s.id))
        for att in _distinct(atts):
            who = resolver.resolve(att.claimant)
            citations = [s.id]
            text = att.content
            if att.cue.lower().startswith("made the claim") and s.n > 0:
                prev = article.sentences[s.n - 1]
                citations, text = [prev.id, s.id], prev.text.rstrip(" .")
            if not text and att.stance != "no comment":
                continue
            claims.append(
                Claim(
                    claimant=att.claimant,
                    who=who,
                    verb=att.cue,
                    stance=att.stance,
                    text=text,
                    citations=citations,
                )
            )
            places.append(s.n)
    _mark_unconfirmed(claims, places, hedges)
    return claims


def _distinct(atts: list[Attribution]) -> list[Attribution]:
    """One claim per speaker and content: 'X said in a statement' is one claim, not two."""
    seen: set[tuple[int, str]] = set()
    kept = []
    for att in atts:
        key = (att.who_start, att.content)
        if key not in seen:
            seen.add(key)
            kept.append(att)
    return kept


def _mark_unconfirmed(claims: list[Claim], places: list[int], hedges: list[tuple[int, str]]) -> None:
    """A claim is unconfirmed when the party concerned has yet to comment or the text hedges it.

    'No comment' and 'if confirmed' refer back: they cover claims of other claimants made in the
    three sentences before them (or the same sentence).
    """
    caveats = [
        (n, c.citations[-1], c.who) for c, n in zip(claims, places, strict=True) if c.stance == "no comment"
    ]
    caveats += [(n, sid, "") for n, sid in hedges]
    for claim, n in zip(claims, places, strict=True):
        if claim.stance == "no comment":
            claim.status = "no comment"
            continue
        for at, sid, who in caveats:
            if n <= at <= n + 3 and who != claim.who and sid not in claim.caveats:
                claim.caveats.append(sid)
        if claim.caveats:
            claim.status = "unconfirmed"
