"""Sentences: the citation unit.

Sentences come from syntok (rule-based, handles "U.S.", "Dr.", quotes, "2,700" and datelines, in
linear time: pysbd, used before, was six times slower and quadratic on long lines);
each line of the article is segmented on its own so a headline never merges with the next
sentence. Every sentence keeps character offsets into the article text, so a citation can be
shown verbatim and located.
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
_NEWS_ABBREVIATIONS = frozenset(  # titles before names, which syntok's list lacks
    {"Gov", "Lt", "Sgt", "Maj", "Cpl", "Pvt", "Rep", "Reps", "Sens", "Rev", "Hon"}
    | {"Cmdr", "Supt", "Insp", "Det", "Pres", "Atty", "Amb", "Jr", "Messrs"}
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in ``text``, whitespace trimmed, in order."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        if line.group().strip():
            spans.extend(_split_line(line.group(), line.start()))
    return spans


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
