"""Sentences: the citation unit.

Sentences come from syntok (rule-based, handles "U.S.", "Dr.", quotes, "2,700" and datelines, in
linear time: pysbd, used before, was six times slower and quadratic on long lines);
each line of the article is segmented on its own so a headline never merges with the next
sentence, but a sentence hard-wrapped over lines (the next one starting in lower case) is one.
Every sentence keeps character offsets into the article text, so a citation can be shown
verbatim and located.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from briefing.core.models import Sentence, sentence_id

_LINE = re.compile(r"[^\n]+")
_MAX_SENTENCE_CHARS = 2000
_DASHES = "-–—"
_TERMINALS = ".!?\"'”’"
_WRAPPED_WIDTH = 40  # a hard-wrapped line is near its width (60-80); a headline is often shorter
_NEWS_ABBREVIATIONS = frozenset(  # titles before names, which syntok's list lacks
    {"Gov", "Lt", "Sgt", "Maj", "Cpl", "Pvt", "Rep", "Reps", "Sens", "Rev", "Hon"}
    | {"Cmdr", "Supt", "Insp", "Det", "Pres", "Atty", "Amb", "Jr", "Messrs"}
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in ``text``, whitespace trimmed, in order."""
    spans: list[tuple[int, int]] = []
    for start, end in _wrapped_lines(text):
        spans.extend(_split_line(text[start:end], start))
    return spans


def _wrapped_lines(text: str) -> list[tuple[int, int]]:
    """The text's non-blank lines, a hard-wrapped sentence's lines joined into one.

    A line that does not end a sentence, followed directly by one that starts in lower case
    ("… 1,200 residents would" / "remain in temporary housing …"), is one sentence wrapped at a
    fixed width (plain-text wire copy, e-mail): segmented line by line it became two half
    sentences, and an answer quoted "The regional governor said 1,200 residents would". A
    headline is short, or followed by a capital: it stays a line of its own.
    """
    lines: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        start, end = line.span()
        if lines and _continues(text, lines[-1], start):
            lines[-1] = (lines[-1][0], end)
        else:
            lines.append((start, end))
    return lines


def _continues(text: str, previous: tuple[int, int], start: int) -> bool:
    """Whether the line at ``start`` goes on with the sentence the ``previous`` line left open."""
    if text[previous[1] : start].count("\n") != 1:  # a blank line between: a new paragraph
        return False
    last_line = text[text.rfind("\n", previous[0], previous[1]) + 1 : previous[1]].strip()
    after = text[start:].lstrip(" \t")
    wrapped = len(last_line) >= _WRAPPED_WIDTH and last_line[-1] not in _TERMINALS + ":;"
    return wrapped and after[:1].islower()


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    """syntok's segmenter, its abbreviation list extended with titles common in news."""
    from syntok import _segmentation_states, segmenter

    state = _segmentation_states.State
    state.abbreviations = state.abbreviations | _NEWS_ABBREVIATIONS  # type: ignore[misc]
    return segmenter


def _split_line(line: str, offset: int) -> list[tuple[int, int]]:
    """Segment one line with syntok, whose tokens carry their offsets into the line.

    A sentence ends where its last token ends; should syntok have rewritten that token (it
    joins words hyphenated across a break), it ends where the next sentence starts instead.
    A dateline syntok cut off ("BEIRUT (Reuters)" before "- Syrian forces...") is joined back.
    """
    analysed = (
        [t for t in tokens if t.value] for paragraph in _segmenter().analyze(line) for tokens in paragraph
    )
    sentences = [tokens for tokens in analysed if tokens]  # syntok ends a line with an empty token
    bounds: list[tuple[int, int]] = []
    for n, tokens in enumerate(sentences):
        start, last = tokens[0].offset, tokens[-1]
        end = last.offset + len(last.value)
        if line[last.offset : end] != last.value:
            end = sentences[n + 1][0].offset if n + 1 < len(sentences) else len(line)
            while end > start and line[end - 1].isspace():
                end -= 1
        if bounds and line[start] in _DASHES and line[bounds[-1][1] - 1] not in _TERMINALS:
            bounds[-1] = (bounds[-1][0], end)
        else:
            bounds.append((start, end))
    return [span for start, end in bounds for span in _cap_length(offset + start, offset + end, line, offset)]


def _cap_length(start: int, end: int, line: str, offset: int) -> list[tuple[int, int]]:
    """Cut run-on 'sentences' (tables, unpunctuated dumps) at word boundaries near a cap."""
    out = []
    while end - start > _MAX_SENTENCE_CHARS:
        cut = line.rfind(" ", start - offset, start - offset + _MAX_SENTENCE_CHARS)
        cut = offset + cut if cut > start - offset else start + _MAX_SENTENCE_CHARS
        out.append((start, cut))
        start = cut
        while start < end and line[start - offset].isspace():
            start += 1
    if end > start:
        out.append((start, end))
    return out


def sentences_of(article_id: str, text: str) -> list[Sentence]:
    """The article's sentences with ids ``<article>:<n>`` (n from 0) and offsets."""
    return [
        Sentence(id=sentence_id(article_id, n), article_id=article_id, n=n, start=s, end=e, text=text[s:e])
        for n, (s, e) in enumerate(split_sentences(text))
    ]
