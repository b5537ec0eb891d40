"""A DirectoryTree whose labels are literal text.

Textual's tree parses string labels as markup, so a file named ``[@click=quit].txt`` would
become a clickable action; file names are untrusted like article text.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DirectoryTree

from briefing.text.safe import safe


class SafeDirectoryTree(DirectoryTree):
    """DirectoryTree that shows file names verbatim, control characters escaped."""

    def process_label(self, label: str | Text) -> Text:
        plain = label.plain if isinstance(label, Text) else label
        return Text(safe(plain.splitlines()[0] if plain else ""))
