"""Secrets never shown, logged or stored: the API key and credential-looking strings blanked.

An OpenAI-compatible endpoint may echo the request (its ``Authorization`` header, the key) in its
reply, and the reply becomes answer text that is printed, kept in ``<index>/history.jsonl`` and
exported. :func:`scrub` blanks finished text; :class:`StreamScrubber` does it to a stream, which
is harder: a key may arrive split over two pieces, and blanking half a token lets the other half
through. So a stream only ever passes on whole words, scrubbed, and holds back the unfinished last
word (with a ``Bearer`` or ``Authorization:`` before it) until the next piece or the end; ordinary
words pass at once, so streaming stays live.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

# After "Bearer"/"Basic", a token only when it looks like one: with a digit, a symbol of base64 or
# JWTs, a capital inside it, or 24+ characters. "basic sanitation" in an article is not a secret,
# and blanking it would change a cited source sentence.
_TOKEN = r"(?=[A-Za-z0-9._~+/=\-]*(?:[0-9._~+/=]|[a-z][A-Z])|[A-Za-z0-9._~+/=\-]{24})[A-Za-z0-9._~+/=\-]{8,}"
_CREDENTIAL = re.compile(
    r"(?i:\b(authorization\s*[:=]\s*)?(bearer|basic)\s+)" + _TOKEN + r"|\bsk-[A-Za-z0-9_\-]{16,}"
)
_TAIL = re.compile(r"(?i)((authorization\s*[:=]?\s*)?(bearer|basic)\s+)?(\S*)$")
_LEADS = ("authorization", "bearer", "basic")


def api_key() -> str | None:
    """The key from the environment, read at call time only (never a setting, never stored)."""
    return os.environ.get("OPENAI_API_KEY") or None


def scrub(text: str) -> str:
    """Text with the API key (if any) and anything that looks like a credential (``Authorization:
    Bearer …``, ``sk-…``) blanked."""
    key = api_key()
    if key and len(key) >= 4:
        text = text.replace(key, "***")
    return _CREDENTIAL.sub("***", text)


def held_from(text: str) -> int:
    """Where the part of ``text`` that is not yet safe to scrub and pass on begins: the unfinished
    last word, and a ``Bearer``/``Basic``/``Authorization:`` right before it (the credential may
    follow). ``len(text)`` when the text ends in whitespace and no such lead."""
    tail = _TAIL.search(text)
    if tail is None or not tail.group(0):
        return len(text)
    start = tail.start()
    before = text[:start].rstrip()
    last = before.rsplit(None, 1)[-1].lower().rstrip(":=") if before else ""
    if last in _LEADS:  # "Authorization:" "Bearer" then the token: hold them together
        start = len(before) - len(before.rsplit(None, 1)[-1])
    return start


class StreamScrubber:
    """Pieces of a stream passed to ``sink`` as whole words, scrubbed; the rest at :meth:`close`."""

    def __init__(self, sink: Callable[[str], None] | None) -> None:
        self.sink = sink
        self.pending = ""

    def feed(self, piece: str) -> None:
        if self.sink is None:
            return
        self.pending += piece
        if len(self.pending) > 4000:  # no word or secret is that long: pass it on, scrubbed
            out, self.pending = self.pending, ""
        else:
            cut = held_from(self.pending)
            out, self.pending = self.pending[:cut], self.pending[cut:]
        if out:
            self.sink(scrub(out))  # may raise (a cancelled answer): nothing is sent twice

    def close(self) -> None:
        if self.sink is not None and self.pending:
            out, self.pending = self.pending, ""
            self.sink(scrub(out))
