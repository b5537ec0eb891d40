"""Tidy what a (small) model wrote before it is checked: list numbers out, repeats out, a cap.

Small local models loop and number their sentences: SmolLM2-135M wrote up to 18 sentences for a
prompt asking five, mostly one sentence again and again, and list numbers ("10.", "11.") that
the sentence splitter turns into sentences of their own. None of that is content; leaving it in
would fill an answer with flagged noise. Kept: the first ``limit`` distinct sentences that hold
at least one word, each without its list number or bullet.
"""

from __future__ import annotations

import re

from briefing.llm.citations import Claim

_NUMBERING = re.compile(r"^\s*(?:[-*•·]+|\(?\d+[.):])(?=\s|$)\s*")
_LETTER = re.compile(r"[^\W\d_]{2,}")


def strip_numbering(text: str) -> str:
    """'12. The monitor said...' -> 'The monitor said...'; numbers of any width, bullets too."""
    previous = None
    while previous != text:
        previous, text = text, _NUMBERING.sub("", text, count=1)
    return text.replace("**", "").strip()


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def tidy(claims: list[Claim], limit: int) -> tuple[list[Claim], int]:
    """The claims to check (at most ``limit``) and how many were dropped as repeats or noise."""
    kept: list[Claim] = []
    seen: list[str] = []
    dropped = 0
    for claim in claims:
        claim.text = strip_numbering(claim.text)
        key = _key(claim.text)
        if not _LETTER.search(claim.text) or any(key == s or (len(key) > 20 and key in s) for s in seen):
            dropped += 1
            _merge_citations(claim, kept, seen, key)
            continue
        seen.append(key)
        kept.append(claim)
    return kept[:limit], dropped


def _merge_citations(claim: Claim, kept: list[Claim], seen: list[str], key: str) -> None:
    """A marker after a bare list number ("10. [S3]") belongs to the sentence before it."""
    if _LETTER.search(claim.text) or not kept:
        return
    for sid in claim.citations:
        if sid not in kept[-1].citations:
            kept[-1].citations.append(sid)
    kept[-1].unknown += [u for u in claim.unknown if u not in kept[-1].unknown]


def enough(claims: list[Claim], limit: int) -> bool:
    """Whether a reply still being written already holds all that :func:`tidy` will keep.

    ``claims`` are the finished ones (the caller leaves out the one still being written): enough
    is ``limit`` distinct sentences, or ``limit`` repeats of earlier ones (the model is looping,
    as SmolLM2-135M did for 26 sentences until ``llm.max_tokens``).
    """
    seen: list[str] = []
    repeats = 0
    for claim in claims:
        text = strip_numbering(claim.text)
        if not _LETTER.search(text):
            continue
        key = _key(text)
        if any(key == s or (len(key) > 20 and key in s) for s in seen):
            repeats += 1
        else:
            seen.append(key)
    return len(seen) >= limit or repeats >= limit
