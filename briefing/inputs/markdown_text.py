"""Markdown read as what a reader sees: the text of a ``.md`` article without its markup.

Why: answers quote stored sentences verbatim, so a stored ``# Port strike enters third day``
became a citable "sentence" that was only a headline, and ``**Management** has offered``,
``[the statement](https://…)`` were quoted with their asterisks and link targets. So the body is
rendered to plain text (markdown-it's CommonMark parser, tables on): heading marks, emphasis,
link targets, images, HTML tags and list bullets go; an ordered item keeps its number ("2020."
may be a year); a line break inside a paragraph stays a line break, so a file written one
sentence a line segments as before. The leading heading is returned apart: it is the article's
title (:func:`titled_text`), not a sentence of its body.
"""

from __future__ import annotations

from typing import Any, NamedTuple

_LINE_BREAKS = {"softbreak", "hardbreak"}


class MarkdownText(NamedTuple):
    """A Markdown body as plain text: its leading heading (``""`` if it opens otherwise) and the rest."""

    heading: str
    body: str


def markdown_text(markdown: str) -> MarkdownText:
    """The plain text of ``markdown``, its opening heading split off."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    blocks = _blocks(tokens)
    opens_with_heading = len(tokens) > 1 and tokens[0].type == "heading_open"
    heading = " ".join(_inline(tokens[1].children or []).split()) if opens_with_heading else ""
    if heading:  # an empty heading ("#") made no block
        blocks.pop(0)
    return MarkdownText(heading, _joined(blocks))


def titled_text(markdown: str, title: str) -> tuple[str, str]:
    """The title and plain text of a Markdown body. Its opening heading is the title when none is
    given (``title`` is ``""``), and is then not a sentence of the body; it stays in the body only
    when it differs from the given title (a subtitle), or when it is all there is."""
    heading, body = markdown_text(markdown)
    if heading and (title.casefold() not in ("", heading.casefold()) or not body):
        body = f"{heading}\n\n{body}".strip()
    return title or heading, body


def _blocks(tokens: list[Any]) -> list[tuple[str, bool]]:
    """Each leaf block's text and whether it sits tight under the one before (a tight list item)."""
    blocks: list[tuple[str, bool]] = []
    row: list[str] | None = None  # the cells of the table row being read
    number, tight, opened = "", False, False
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open", "table_open"):
            opened = True  # a list or table starts a blank line below what came before
        elif kind == "list_item_open":
            number = f"{token.info}{token.markup} " if token.info else ""
        elif kind == "paragraph_open":
            tight = token.hidden
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            blocks.append((" | ".join(row), not opened))  # a table row is a line of its own
            row, opened = None, False
        elif kind == "inline" and row is not None:
            row.append(_inline(token.children or []))
        elif kind == "inline":
            blocks.append((number + _inline(token.children or []), tight and not opened))
            number, tight, opened = "", False, False
        elif kind in ("fence", "code_block"):
            blocks.append((token.content.rstrip("\n"), False))
        elif kind == "html_block":
            blocks.append((_html_text(token.content), False))
    return [(text, tight) for text, tight in blocks if text.strip()]


def _inline(children: list[Any]) -> str:
    """An inline run's text: words, code and line breaks kept; markup, tags and images dropped."""
    parts = []
    for child in children:
        if child.type in _LINE_BREAKS:
            parts.append("\n")
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
    return "".join(parts).strip()


def _html_text(markup: str) -> str:
    """A raw HTML block's words (a ``<div>`` of prose inside Markdown), its tags dropped."""
    from briefing.inputs.html_pages import html_to_text

    return html_to_text(markup)


def _joined(blocks: list[tuple[str, bool]]) -> str:
    """Blocks a blank line apart, a tight list's items a line apart."""
    out = ""
    for text, tight in blocks:
        out += ("\n" if tight else "\n\n") + text if out else text
    return out
