"""Terminal-safe text: article text shown in a terminal never acts as a control sequence.

Shared by the CLI's Rich rendering and the TUI, so both escape the same characters the same way:
C0 and C1 controls (ANSI escape sequences, carriage returns, bells), zero-width and invisible
format characters, line/paragraph separators and every bidirectional control (LRM/RLM, the
Arabic letter mark U+061C, embeddings, overrides, isolates) are replaced by visible placeholders.
JSON output keeps the characters but writes them as ``\\uXXXX`` escapes (:func:`json_safe`).
"""

from __future__ import annotations

import re

_INVISIBLE = "\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_INVISIBLE}]")
_JSON_RAW = re.compile(f"[\\x7f-\\x9f{_INVISIBLE}]")  # json.dumps escapes C0 itself


def _placeholder(char: str) -> str:
    code = ord(char)
    if char == "\x1b":
        return "␛"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe(text: str) -> str:
    """Text with every terminal control character shown as a visible escape (e.g. ␛ for ESC)."""
    return _CONTROL.sub(lambda m: _placeholder(m.group()), text)


_WRAP = re.compile(r"[ \t]*\n[ \t\n]*")


def unwrapped(text: str) -> str:
    """A sentence as one line: a line break inside it (a hard-wrapped plain-text article) and the
    spacing around it become one space. Stored sentences keep their breaks, since citations are
    offsets into the text as given; only what is shown is joined up."""
    return _WRAP.sub(" ", text)


def one_line(text: str) -> str:
    """:func:`safe` for what must stay on one line: a file name may hold a newline or a tab."""
    return safe(text).replace("\n", "\\x0a").replace("\t", "\\x09")


def json_safe(dumped: str) -> str:
    """A JSON document (``json.dumps(..., ensure_ascii=False)``) with C1 controls, DEL and bidi or
    invisible characters written as ``\\uXXXX`` escapes: the same data, but printing it cannot
    drive a terminal. Outside strings JSON holds none of these characters, so this is exact."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def date_label(value: object) -> str:
    """A publication date as shown to readers; an unknown one says so."""
    return str(value) if value else "date unknown"


# What briefing's own citation markers look like: [2], [1, 3], [^2] (Markdown), [S3] (the prompt's
# aliases), [?] (an unknown alias). An opening bracket already escaped is left alone, so escaping
# twice changes nothing.
_MARKER_SHAPED = re.compile(
    r"(?<!\\)\[(?=\s*\^?\s*(?:(?:S\s?)?\d{1,4}(?:\s*[,;–-]\s*(?:S\s?)?\d{1,4})*|\?)\s*\])", re.I
)


def unmarked(text: str) -> str:
    """Article (or model) text that cannot pass for one of briefing's citation markers: an
    article's "as reported [2]" is shown as "as reported \\[2]", so only briefing's markers read
    as ``[n]``. Applied wherever quoted text sits next to markers (answers, sources, briefs)."""
    return _MARKER_SHAPED.sub(r"\\[", text)


def unmarked_span(text: str, start: int, end: int) -> tuple[str, int, int]:
    """:func:`unmarked` for a text with a span in it (an answer span): the escaped text and the
    span's offsets in it, so that a span cutting through "[2]" cannot split the escape off."""
    openings = [m.start() for m in _MARKER_SHAPED.finditer(text)]
    shift_start = sum(1 for p in openings if p <= start)
    shift_end = sum(1 for p in openings if p < end)
    return unmarked(text), start + shift_start, end + shift_end
