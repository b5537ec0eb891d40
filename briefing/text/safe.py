"""Terminal-safe text: article text shown in a terminal never acts as a control sequence.

Shared by the CLI's Rich rendering and the TUI, so both escape the same characters the same way:
C0 and C1 controls (ANSI escape sequences, carriage returns, bells), zero-width characters and
bidirectional overrides are replaced by visible placeholders.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text with every terminal control character shown as a visible escape (e.g. ␛ for ESC)."""
    return _CONTROL.sub(lambda m: "␛" if m.group() == "\x1b" else f"\\x{ord(m.group()):02x}", text)


def one_line(text: str) -> str:
    """:func:`safe` for what must stay on one line: a file name may hold a newline or a tab."""
    return safe(text).replace("\n", "\\x0a").replace("\t", "\\x09")


def date_label(value: object) -> str:
    """A publication date as shown to readers; an unknown one says so."""
    return str(value) if value else "date unknown"
