"""Who claims what: rule-based attribution of statements to claimants, within a sentence.

An analyst checks claims by who makes them, so each claim keeps the claimant as written
("the observatory"), the claimant resolved within the article ("Syrian Observatory for Human
Rights (SOHR)"), the reporting cue (said, claimed, warned, denied, "has yet to comment"), the
claim verbatim, and the sentence ids. No parser is needed for news prose: reporting clauses are
formulaic (``X said that ...``, ``"...," said X``, ``according to X``, ``..., X said``,
``..., saying ...``), and a backward scan from the cue to the nearest clause boundary finds the
subject noun phrase. ``bench/eval_attributions.py`` measures speaker precision and recall
against MEANTIME's gold attributions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.core.brief_models import Claim
from briefing.core.models import Article

_STANCE = {
    "said": "said",
    "says": "said",
    "say": "said",
    "saying": "said",
    "told": "said",
    "tells": "said",
    "telling": "said",
    "stated": "said",
    "states": "said",
    "stating": "said",
    "added": "said",
    "adding": "said",
    "explained": "said",
    "noted": "said",
    "noting": "said",
    "wrote": "said",
    "insisted": "insisted",
    "insists": "insisted",
    "argued": "argued",
    "argues": "argued",
    "claimed": "claimed",
    "claims": "claimed",
    "claim": "claimed",
    "claiming": "claimed",
    "alleged": "claimed",
    "alleges": "claimed",
    "alleging": "claimed",
    "reported": "reported",
    "reports": "reported",
    "reporting": "reported",
    "announced": "announced",
    "announces": "announced",
    "announcing": "announced",
    "announce": "announced",
    "warned": "warned",
    "warns": "warned",
    "warning": "warned",
    "denied": "denied",
    "denies": "denied",
    "deny": "denied",
    "denying": "denied",
    "rejected": "denied",
    "confirmed": "confirmed",
    "confirms": "confirmed",
    "confirming": "confirmed",
    "accused": "accused",
    "accuses": "accused",
    "accusing": "accused",
    "condemned": "condemned",
    "condemns": "condemned",
    "criticized": "condemned",
    "criticised": "condemned",
    "predicted": "predicted",
    "estimated": "estimated",
    "estimates": "estimated",
    "declared": "said",
    "revealed": "said",
    "cited": "said",
    "citing": "said",
    "quoted": "said",
    "urged": "urged",
    "urges": "urged",
    "admitted": "admitted",
    "acknowledged": "admitted",
    "called": "called",
}
_VERBS = "|".join(sorted(_STANCE, key=len, reverse=True))
_NO_COMMENT = (
    r"(?:has|have|had)\s+(?:yet\s+)?to\s+comment|declined\s+to\s+comment|refused\s+to\s+comment|"
    r"did\s+not\s+(?:immediately\s+)?(?:comment|respond)|could\s+not\s+be\s+reached\s+for\s+comment"
)
_CUE = re.compile(rf"\b(?:(?P<nocomment>{_NO_COMMENT})|(?P<made>made\s+the\s+claims?)|(?P<verb>{_VERBS}))\b")
_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<who>[^,.;]+)", re.I)
_BOUNDARY = frozenset(
    "that and but which who whom whose while when as after before because although though "  # noqa: SIM905
    "where if since whether or so than then yet however meanwhile also".split()
)
_SKIP_BEFORE = frozenset(
    "has have had also reportedly previously later earlier recently again further then now "  # noqa: SIM905
    "would will was is were are been just already never not publicly officially did does do "
    "n't could can may might must should however".split()
)
_PREPOSITIONS = frozenset("on in of to for by with about from amid despite following recently newly".split())  # noqa: SIM905
_BE = frozenset("be been being is are was were".split())  # noqa: SIM905
_DETERMINERS = frozenset("the their his her its these those some of a an our recent".split())  # noqa: SIM905
_PRONOUNS = frozenset("he she they it we i you his her their its".split())  # noqa: SIM905
_PARTICIPLES = (
    "saying",
    "claiming",
    "citing",
    "stating",
    "adding",
    "warning",
    "noting",
    "telling",
    "insisting",
)
_HEDGE = re.compile(
    r"\bif confirmed\b|\bcould not (?:be )?(?:independently )?(?:verif|confirm)|\bunverified\b|"
    r"\bnot (?:been )?independently (?:verified|confirmed)",
    re.I,
)
_LEAD_PP = re.compile(r"^(?:(?:on|in|at|late|early|last|this)\s+\S+(?:\s+\d+)?\s*,?\s*)+", re.I)
_MONITOR = ("monitor", "watchdog", "observatory", "group", "organisation", "organization")
_TIME_TAIL = re.compile(
    r"\s+(?:on|in|at|last|this|earlier|late|early)\s+(?:\w+day|\w+\s+\d{1,2}|\d{1,2}\s+\w+|\w+)$", re.I
)


@dataclass
class Attribution:
    """One reporting clause found in a sentence (offsets into the sentence)."""

    claimant: str
    who_start: int
    who_end: int
    cue: str
    cue_start: int
    cue_end: int
    stance: str
    content: str


def _tokens_before(sentence: str, end: int) -> list[re.Match[str]]:
    return list(re.finditer(r"[\w'’.\-]+|[,;:\"“”()\[\]—–]", sentence[:end]))


def _subject_before(sentence: str, end: int) -> tuple[int, int] | None:
    """The noun phrase ending right before ``end``: back to the nearest clause boundary."""
    tokens = _tokens_before(sentence, end)
    while tokens and tokens[-1].group().lower() in _SKIP_BEFORE:
        tokens.pop()
    if tokens and tokens[-1].group() == ",":  # "X, the chief executive, said": skip the appositive
        inner = [t for t in tokens[:-1]]
        commas = [i for i, t in enumerate(inner) if t.group() == ","]
        if commas and len(inner) - commas[-1] <= 8:
            tokens = inner[: commas[-1]]
        else:
            return None
    picked: list[re.Match[str]] = []
    depth = 0
    for tok in reversed(tokens):
        word = tok.group()
        if word == ")":
            depth += 1
        elif word == "(":
            depth -= 1
            if depth < 0:
                break
        elif depth == 0 and word.lower() == "and" and picked and picked[-1].group()[0].isupper():
            pass  # "Syria and Russia": a coordinated name, not a clause boundary
        elif depth == 0 and (word in ',;:"“”—–[]' or word.lower() in _BOUNDARY):
            break
        picked.append(tok)
        if len(picked) >= 12:
            break
    if not picked:
        return None
    picked.reverse()
    start, stop = picked[0].start(), picked[-1].end()
    phrase = sentence[start:stop]
    lead = _LEAD_PP.match(phrase)
    if lead and lead.end() < len(phrase):
        start += lead.end()
        phrase = sentence[start:stop]
    tail = _TIME_TAIL.search(phrase)
    if tail and tail.start() > 0:
        stop = start + tail.start()
    first = sentence[start:stop].split()
    if not first or (first[0][0].islower() and first[0].lower() not in _PRONOUNS and len(first) > 5):
        return None
    return start, stop


def _subject_after(sentence: str, start: int) -> tuple[int, int] | None:
    """The noun phrase right after an inverted cue: '"...," said Angers.'"""
    m = re.match(r"\s+((?:the\s+)?[\w'’.\-]+(?:\s+(?:[A-Z][\w'’.\-]*|of|for|the))*)", sentence[start:])
    if not m or re.match(r"(?:on\s+)?(?:\w+day|today|yesterday|that|this|last|on|in|at)\b", m.group(1), re.I):
        return None
    end = start + m.end(1)
    if sentence[:end].endswith(".") and not sentence[end:].strip():  # the full stop, not "Inc."
        end -= 1
    return start + m.start(1), end


def _inverted(sentence: str, cue_end: int) -> bool:
    """'..., said the minister.' (the speaker closes the clause), not '..., said the company expects'."""
    span = _subject_after(sentence, cue_end)
    return span is not None and re.match(r"\s*(?:[.,;:!?]|$|(?:on|in|at)\s)", sentence[span[1] :]) is not None


def _main_subject(sentence: str, limit: int) -> tuple[int, int] | None:
    """A clause's subject for participles ('..., claiming ...'): the first noun phrase of the main clause."""
    head = sentence[:limit]
    lead = re.match(
        r"^(?:When|After|As|While|Although|Though|If|Since|Because|In|On|At|Last|Earlier)\b[^,]*,\s*", head
    )
    start = lead.end() if lead else 0
    m = re.match(r"((?:[Tt]he\s+|[A-Z][\w'’.\-]*\s*)(?:[A-Z(][\w'’.\-)]*\s*|of\s+|for\s+)*)", head[start:])
    if not m or not m.group(1).strip():
        return None
    return start + m.start(1), start + len(m.group(1).rstrip())


def _content_after(sentence: str, cue_end: int) -> str:
    rest = sentence[cue_end:].strip()
    rest = re.sub(
        r"^(?:on|in|at)\s+\w+day\b\s*,?\s*|^(?:in a statement|in an interview)\s*,?\s*", "", rest, flags=re.I
    )
    rest = (
        re.sub(r"^(?:on\s+)?\w+day\s*,?\s*", "", rest)
        if re.match(r"^(?:on\s+)?[A-Z]\w+day\b", rest)
        else rest
    )
    rest = re.sub(r"^that\s+", "", rest, flags=re.I)
    return rest.rstrip(" .")


def attributions(sentence: str) -> list[Attribution]:
    """Every reporting clause of one sentence, with claimant span, cue and claimed content."""
    found: list[Attribution] = []
    for m in _ACCORDING.finditer(sentence):
        who = m.group("who").strip()
        content = (sentence[: m.start()] + sentence[m.end() :]).strip(" ,.")
        found.append(
            Attribution(
                who,
                m.start("who"),
                m.start("who") + len(who),
                "according to",
                m.start(),
                m.start() + len("according to"),
                "according to",
                content,
            )
        )
    for m in _CUE.finditer(sentence):
        cue = m.group()
        low = cue.lower()
        if m.start() > 0 and sentence[m.start() - 1] == "-":
            continue  # "so-called"
        before = sentence[: m.start()].rstrip()
        previous = before.split()[-1].lower() if before.split() else ""
        if low == "alleged" and not sentence[m.end() :].lstrip().startswith(("that", ",")):
            continue  # "the alleged attack": an adjective
        if m.group("verb") and (previous in _DETERMINERS or previous in _BE or previous in _PREPOSITIONS):
            continue  # "the claims", "some reports" are nouns; "was announced" is passive: no speaker
        span: tuple[int, int] | None
        if low in _PARTICIPLES and before.endswith(","):
            earlier = [a for a in found if a.cue_start < m.start()]
            span = (
                (earlier[-1].who_start, earlier[-1].who_end)
                if earlier
                else _main_subject(sentence, m.start())
            )
        elif not before:
            span = None
        elif before.endswith(('"', "”")) or (before.endswith(",") and _inverted(sentence, m.end())):
            span = _subject_after(sentence, m.end())
        else:
            span = _subject_before(sentence, m.start())
        if span is None:
            continue
        claimant = sentence[span[0] : span[1]].strip()
        if not claimant or claimant.lower() in ("it", "there", "which", "this"):
            continue
        if m.group("nocomment"):
            stance, content = "no comment", _content_after(sentence, m.end())
        elif m.group("made"):
            stance, content = "claimed", _content_after(sentence, m.end())
        else:
            stance = _STANCE[low]
            content = _content_after(sentence, m.end())
            if span[0] > m.start():  # inverted: the claim is what precedes the cue
                content = sentence[: m.start()].strip(' ,"“”')
            elif not content:  # "..., the USAF has announced."
                content = sentence[: span[0]].strip(' ,"“”')
        found.append(Attribution(claimant, span[0], span[1], cue, m.start(), m.end(), stance, content))
    return found


def _canonical(name: str) -> str:
    name = re.sub(r"^(?:the\s+)?(?:so-called\s+)?", "", name.strip(), flags=re.I)
    return name.strip(" ,")


class _Resolver:
    """Claimants resolved within one article: acronyms, 'the observatory', 'the monitor', pronouns."""

    def __init__(self) -> None:
        self.named: list[str] = []

    def resolve(self, claimant: str) -> str:
        canon = _canonical(claimant)
        low = canon.lower()
        words = low.split()
        if low in _PRONOUNS and self.named:
            return self.named[-1]
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
    for s in article.sentences:
        if _HEDGE.search(s.text):
            hedges.append((s.n, s.id))
        for att in attributions(s.text):
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
