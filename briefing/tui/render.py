"""Untrusted text to screen content, and answers to Markdown.

Article text, titles, source names, paths and model output are untrusted. They reach widgets
only as :class:`textual.content.Content` built from :func:`briefing.text.safe.safe` strings:
never parsed as markup (so ``[@click=quit]`` is just text), with control characters shown
as visible escapes (so an ANSI sequence cannot drive the terminal).
"""

from __future__ import annotations

from textual.content import Content

from briefing.brief.export import md, md_url
from briefing.core.models import Answer, AnswerPart, SourceSentence
from briefing.text.safe import date_label, safe, unmarked, unmarked_span, unwrapped

ABSTAIN_TEXT = "The indexed sources do not answer this."
RELATED_TEXT = "Closest sentences (related, not an answer):"


def text(value: str | None, style: str = "") -> Content:
    """Literal, escaped content: the only way untrusted strings are put on screen."""
    return Content.styled(safe(value or ""), style)


def one_line(value: str | None, style: str = "") -> Content:
    """:func:`text` for a quoted sentence or a line built from one: a hard-wrapped article's line
    break inside it is shown as a space (the brief view broke a development in two), and an
    article's own "[2]" as "\\[2]", so it cannot pass for a citation marker beside it."""
    return text(unmarked(unwrapped(value or "")), style)


def statement(part: AnswerPart) -> Content:
    """A part's text, its answer span highlighted (a style on a range) and its date when figures
    from different dates are listed."""
    span = part.answer_span
    pieces: list[Content] = []
    if part.event:  # figures of different events: not one toll that changed
        pieces.append(Content.styled(f"[{safe(part.event)}] ", "bold"))
    if part.as_of is not None:
        pieces.append(Content.styled(f"as of {part.as_of.isoformat()}: ", "bold"))
    if span is None or not 0 <= span.start < span.end <= len(part.text):
        pieces.append(one_line(part.text))
    else:  # each piece joined up alone: the span's offsets are into the text as stored
        said, start, end = unmarked_span(part.text, span.start, span.end)
        pieces += [one_line(said[:start]), one_line(said[start:end], "bold reverse"), one_line(said[end:])]
    return Content.assemble(*pieces)


def markers(answer: Answer) -> dict[str, int]:
    """Marker number of each cited sentence: answer citations first, then related ones."""
    numbers: dict[str, int] = {}
    for part in answer.answer:
        for sid in part.citations:
            numbers.setdefault(sid, len(numbers) + 1)
    for sid in answer.related:
        numbers.setdefault(sid, len(numbers) + 1)
    return numbers


def where(src: SourceSentence) -> str:
    """``Title — Source, date``: enough to recognise a cited article."""
    return f"{src.title} — {src.source or 'unknown source'}, {date_label(src.published)}"


def source_option(n: int, src: SourceSentence) -> Content:
    """A side-panel entry: marker, quoted sentence, then where it comes from."""
    return Content.assemble(
        (f"[{n}] ", "bold $accent"),
        one_line(f"“{src.text}”"),
        "\n",
        one_line(where(src), "dim italic"),
    )


def answer_markdown(answer: Answer) -> str:
    """The answer with its sources as Markdown, for the clipboard.

    Article text is escaped as in Markdown briefs (:func:`briefing.brief.export.md`): pasted into a
    Markdown renderer, an article's ``*``, ``[x](y)`` or ``<img>`` stays text, not markup."""
    numbers = markers(answer)
    lines = [f"**Q:** {md(answer.question)}", ""]
    if answer.notice:
        lines += [f"_Note: {md(answer.notice)}_", ""]
    if answer.abstained and (answer.related or not answer.notice):
        lines += [f"_{ABSTAIN_TEXT}_", ""]
        if answer.related:
            lines += [RELATED_TEXT, ""]
            lines += [f"- {md(answer.sources[sid].text)} [{numbers[sid]}]" for sid in answer.related]
            lines.append("")
    for part in answer.answer:
        cites = "".join(f"[{numbers[sid]}]" for sid in part.citations)
        if part.supported:
            dated = f"[{md(part.event)}] " if part.event else ""
            dated += f"as of {part.as_of.isoformat()}: " if part.as_of else ""
            lines += [f"{dated}{md(part.text)} {cites}", ""]
        else:  # struck through: an unsupported statement is never copied as plain answer text
            lines += [f"~~{md(part.text)}~~ {cites} — ✗ unsupported: {md(part.reason)}", ""]
    if numbers:
        lines += ["**Sources**", ""]
    for sid, n in numbers.items():
        src = answer.sources.get(sid)
        if src is None:
            continue
        entry = f"{n}. “{md(src.text)}” — *{md(src.title)}*, {md(src.source) or 'unknown source'}, "
        entry += f"{date_label(src.published)} (`{safe(sid)}`)"
        if src.url and src.url.startswith(("http://", "https://")):
            entry += f" <{md_url(src.url)}>"
        lines.append(entry)
    return "\n".join(lines).rstrip() + "\n"
