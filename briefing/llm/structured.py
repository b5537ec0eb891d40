"""Structured output: the model answers in JSON, each sentence with the ids it cites.

Small local models rarely write ``[S3]`` markers on their own (SmolLM2-135M wrote none in 24
replies), but a server that honours ``response_format`` with a JSON schema (llama.cpp turns it
into a grammar, vLLM and OpenAI too) cannot reply otherwise: the schema lists the aliases as an
enum, so every sentence cites at least one id that exists, and caps the number of sentences.
What is cited is still checked like any marker (:func:`briefing.llm.citations.check_many`).

:class:`JsonStreamFilter` shows the JSON reply as prose while it streams: each sentence's text
as it arrives, then its ``[n]`` markers once its ``cites`` list is complete.
:func:`parse` reads the reply into :class:`~briefing.llm.citations.Claim` objects, salvaging the
complete sentences of a reply cut off by ``max_tokens``; it returns ``None`` for a reply that is
not JSON at all (a server that ignored the format), which the caller then reads as text markers.
"""

from __future__ import annotations

import json
import re
from typing import Any

from briefing.llm.citations import MARKER, Claim, marker_items, resolve
from briefing.text.safe import unmarked

_ITEM = re.compile(r'\{\s*"text"\s*:\s*"((?:[^"\\]|\\.)*)"\s*,\s*"cites"\s*:\s*\[([^\]]*)\]\s*\}', re.S)
_OPEN_TEXT = re.compile(r'"text"\s*:\s*"((?:[^"\\]|\\.)*)$', re.S)
_CITES = re.compile(r'"((?:[^"\\]|\\.)*)"')


def schema(aliases: list[str], max_sentences: int) -> dict[str, Any]:
    """The JSON schema of a reply: up to ``max_sentences`` sentences, each citing 1-3 known ids.

    An empty list is how the model says the sources do not answer.
    """
    return {
        "type": "object",
        "properties": {
            "sentences": {
                "type": "array",
                "maxItems": max_sentences,
                "items": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string"},
                        "cites": {
                            "type": "array",
                            "items": {"type": "string", "enum": aliases},
                            "minItems": 1,
                            "maxItems": 3,
                        },
                    },
                    "required": ["text", "cites"],
                    "additionalProperties": False,
                },
            }
        },
        "required": ["sentences"],
        "additionalProperties": False,
    }


def looks_like_json(text: str) -> bool:
    return text.lstrip().startswith("{")


_RUNAWAY = re.compile(r"(.{1,8}?)\1{23,}$", re.S)


_LONGEST = 600  # characters of one sentence: a news sentence is rarely half that


def runaway(text: str) -> bool:
    """A reply that ends in one short unit over and over ("deployed 1000000…"), or whose sentence
    being written passed :data:`_LONGEST` characters ("… its [S3] is a list of [S4] and its [S5]
    is a list of …"): SmolLM2-135M wrote both until ``max_tokens`` (25-50 s), and no sentence
    will come of it, so the stream can be closed."""
    open_text = _OPEN_TEXT.search(text[max(text.rfind('"text"'), 0) :])
    return bool(_RUNAWAY.search(text[-400:])) or (open_text is not None and len(open_text[1]) > _LONGEST)


def declined(text: str) -> bool:
    """A whole JSON reply with an empty ``sentences`` list: the model's way of saying the sources
    do not answer. A reply cut off (``max_tokens``) before its first sentence ended is not one."""
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("sentences") == []


def parse(text: str, aliases: dict[str, str]) -> list[Claim] | None:
    """The sentences of a JSON reply, or None when the reply is not JSON (read it as text)."""
    if not looks_like_json(text):
        return None
    try:
        data = json.loads(text)
        items = data.get("sentences") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise ValueError("no sentences")
        pairs = [
            (str(item.get("text", "")), [str(c) for c in item.get("cites", []) if isinstance(c, str)])
            for item in items
            if isinstance(item, dict)
        ]
    except ValueError:  # cut off by max_tokens or malformed: keep the complete sentences
        pairs = [(_decode(t), _CITES.findall(c)) for t, c in _ITEM.findall(text)]
    claims = []
    for sentence, cites in pairs:
        for match in MARKER.finditer(sentence):  # a marker written into the text counts too
            cites += marker_items(match)
        claim = Claim(text=" ".join(MARKER.sub("", sentence).split()))
        for item in cites:
            sid = resolve(item, aliases)
            if sid is None:
                claim.unknown.append(item)
            elif sid not in claim.citations:
                claim.citations.append(sid)
        claims.append(claim)
    return claims


def _decode(raw: str) -> str:
    """A JSON string body, possibly cut inside an escape, as text."""
    raw = re.sub(r"\\(u[0-9a-fA-F]{0,3})?$", "", raw)
    try:
        return str(json.loads(f'"{raw}"'))
    except ValueError:
        return raw.replace('\\"', '"')


class JsonStreamFilter:
    """Streamed JSON reply -> display prose with ``[n]`` markers (same numbering as
    :class:`~briefing.llm.citations.StreamFilter`). The display of a growing buffer only ever
    grows, so each call returns just what is new."""

    def __init__(self, aliases: dict[str, str]) -> None:
        self.aliases = aliases
        self.numbers: dict[str, int] = {}
        self.buffer = ""
        self.emitted = ""

    def feed(self, delta: str) -> str:
        self.buffer += delta
        return self._emit(self._display())

    def close(self) -> str:
        return ""

    def _emit(self, display: str) -> str:
        if not display.startswith(self.emitted):  # never retract what was shown
            return ""
        new, self.emitted = display[len(self.emitted) :], display
        return new

    def _display(self) -> str:
        shown: list[str] = []
        end = 0
        for match in _ITEM.finditer(self.buffer):
            raw = _decode(match.group(1))
            inline = [item for marker in MARKER.finditer(raw) for item in marker_items(marker)]
            text = unmarked(" ".join(MARKER.sub("", raw).split()))  # quoted "[2]": not our marker
            labels: list[str] = []
            for item in _CITES.findall(match.group(2)) + inline:
                sid = resolve(item, self.aliases)
                label = "?" if sid is None else str(self.numbers.setdefault(sid, len(self.numbers) + 1))
                if label not in labels:
                    labels.append(label)
            marks = "".join(f"[{label}]" for label in labels)
            shown.append(f"{text} {marks}".rstrip() + " ")
            end = match.end()
        partial = _OPEN_TEXT.search(self.buffer, end)
        if partial is not None:
            text = _decode(partial.group(1)).lstrip()
            text = text[: text.find("[")] if "[" in text else text  # a marker: shown once complete
            if text and not text[-1].isspace():  # hold back a word until it is complete
                text = text[: max(0, text.rfind(" ") + 1)]
            shown.append(" ".join(text.split()) + (" " if text.strip() else ""))
        return "".join(shown)
