"""Input clean-up that keeps one odd record from sinking a run: lone surrogates, NUL bytes in JSON
Lines, impossible front-matter dates, feed entries of markup debris. Used by
:mod:`briefing.inputs.sources`; each helper says what it refuses or repairs and why.
"""

from __future__ import annotations

import re
from typing import Any

from briefing.core.errors import InputError

_WORDS = re.compile(r"[^\W\d_]{2,}")
_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON's "\\ud800" escapes decode to these; not text


def has_surrogates(value: str) -> bool:
    return bool(_SURROGATE.search(value))


def without_surrogates(value: str | None) -> Any:
    """``value`` with lone UTF-16 surrogates (from JSON escapes such as ``\\ud800``) replaced by
    U+FFFD: they cannot be encoded, hashed, tokenised or stored. One character for one, so
    sentence offsets stay right."""
    return _SURROGATE.sub("\ufffd", value) if value else value


def front_matter_handler() -> Any:
    """python-frontmatter's YAML handler, but dates stay strings: YAML's own timestamp parsing
    raises on ``0000-00-00`` or ``2020-02-30`` and would sink the article; :func:`parse_date`
    reads them instead, and an impossible one leaves the date unknown with a warning."""
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    class DatelessLoader(yaml.SafeLoader):
        pass

    DatelessLoader.yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    class Handler(YAMLHandler):  # type: ignore[misc]
        def load(self, fm: str, **kwargs: object) -> Any:
            return yaml.load(fm, Loader=DatelessLoader)

    return Handler()


def without_nul_lines(data: bytes) -> tuple[bytes, set[int]]:
    """A JSON Lines file with the lines holding a NUL byte blanked, and their numbers.

    One stray NUL sinks only its line; a file where most lines hold one (gzip, UTF-16 without a
    BOM) is binary and refused whole. A BOM-marked UTF-16/32 file is left to :func:`decode`.
    """
    if b"\x00" not in data or data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return data, set()
    lines = data.split(b"\n")
    bad = {n for n, line in enumerate(lines, 1) if b"\x00" in line}
    if 2 * len(bad) >= sum(1 for line in lines if line.strip()):
        raise InputError("binary file, not text")
    return b"\n".join(b"" if n in bad else line for n, line in enumerate(lines, 1)), bad


def entry_trouble(text: str, budget: int) -> str | None:
    """Why a feed entry's text is not an article: empty, past what the file can hold, or garbage.

    A malformed feed read by feedparser's loose parser can yield one entry made of markup debris
    (``&a&a&a…``: 100,000 characters, no word); it is refused rather than embedded as ~640 chunks.
    Prose is mostly words of two or more letters (any script); debris is not.
    """
    if not text:
        return "no text"
    if len(text) > budget:
        return f"{len(text):,} characters of text, more than the feed file holds (expanded entities?)"
    worded = sum(len(word) for word in _WORDS.findall(text[:100_000]))
    if len(text) >= 200 and worded < 0.25 * min(len(text), 100_000):
        return "not prose (markup debris or symbols, few words)"
    return None
