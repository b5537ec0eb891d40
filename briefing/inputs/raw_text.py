"""From bytes to a text that can be an article: reading a file, decoding it, one-line metadata
values, and the checks every text must pass before anything costly is done with it.

Why a module of its own: every input format (:mod:`briefing.inputs.sources`) starts here, and
these checks say in one line what is wrong with a file ("binary file, not text", "not valid UTF-8
text (bad byte at offset 3)", "text of 50,000,000 characters; …").
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

from briefing.core.errors import InputError
from briefing.core.settings import FetchSettings

_WORD_CHAR = re.compile(r"[^\W_]")
_TWO_WORD_CHARS = re.compile(r"[^\W_]{2}")
MAX_ARTICLE_CHARS = 500_000
"""Longest article text accepted (a 300-page book); a longer one is refused with a message."""
MAX_LINE_CHARS = 100_000
"""Longest line accepted: a longer one is not prose (a data dump, minified markup), and refusing it
keeps one bad record from filling the index with 2,000-character pseudo-sentences."""


def read_file(path: str, fetch: FetchSettings) -> bytes:
    """The bytes of a local file, refusing what is missing, a directory, empty or over the limit."""
    from briefing.inputs.fetch import size_text

    try:
        if os.path.isdir(path):
            raise InputError("is a directory")
        if os.stat(path).st_size > fetch.max_file_bytes:
            raise InputError(f"larger than {size_text(fetch.max_file_bytes)} (max_file_bytes)")
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    if not data:
        raise InputError("file is empty")
    return data


def decode(data: bytes, charset: str | None = None) -> str:
    """Bytes -> text with ``\\n`` newlines: UTF-8/16/32 by BOM, else the declared charset, else UTF-8.

    UTF-32's little-endian BOM begins with UTF-16's, so it is looked for first.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "utf-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif b"\x00" in data:
        raise InputError("binary file, not text")
    else:
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") or not charset else charset
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        name = "UTF-8" if exc.encoding.startswith("utf-8") else exc.encoding.upper()
        raise InputError(f"not valid {name} text (bad byte at offset {exc.start})") from None
    except LookupError:
        raise InputError(f"unknown character set {charset!r}") from None
    return newlines(text)


def newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def one_line(value: Any) -> str:
    """A metadata value (title, source) as one trimmed line; numbers and dates are stringified.

    Lists and mappings give "": a title is never one, and a YAML alias bomb (a few hundred bytes
    of front matter that stand for billions of items) would explode if turned into a string.
    """
    return " ".join(str(value).split()) if isinstance(value, str | int | float | dt.date) else ""


def shown(value: Any) -> str:
    """A metadata value quoted in a problem line: short, and never a whole list or mapping."""
    if not isinstance(value, str | int | float | dt.date):
        return f"of type {type(value).__name__}"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def readable(stem: str) -> str:
    """A file name as a fallback title: ``port_strike-update`` -> ``port strike update``.

    Stems without a word in them (``000_319e5347``) stay as they are, so the file can be found.
    """
    if not re.search(r"[^\W\d_]{3}", stem):
        return stem
    return " ".join(re.split(r"[_\-\s]+", stem)).strip() or stem


def text_problem(text: str) -> str | None:
    """Why a non-empty, stripped text cannot be an article (no words, too long), else None."""
    if not _WORD_CHAR.search(text):
        return "no text (no letters or digits)"
    if not _TWO_WORD_CHARS.search(text):  # "x", "7", "a b": no sentence of it can answer anything
        size = f"{len(text)} character" + ("" if len(text) == 1 else "s")  # a short text: no comma
        return f"too short to be an article ({size}, no word of two letters or digits)"
    if len(text) > MAX_ARTICLE_CHARS:
        return f"text of {len(text):,} characters; an article may have at most {MAX_ARTICLE_CHARS:,}"
    longest = max(len(line) for line in text.split("\n"))
    if longest > MAX_LINE_CHARS:
        return f"a line of {longest:,} characters; lines may have at most {MAX_LINE_CHARS:,}"
    return None
