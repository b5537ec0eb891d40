"""Terminal rendering for the CLI: answers, article lists, articles, ingest summaries.

Article text is untrusted. It reaches the terminal only as ``rich.text.Text`` built from
:func:`safe` strings — never parsed as Rich markup, and with control characters (ANSI escape
sequences, carriage returns, bells) replaced by visible placeholders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from briefing.core.models import (
    Answer,
    AnswerPart,
    AnswerSpan,
    Article,
    ArticleInfo,
    IngestReport,
    SourceSentence,
)
from briefing.text.safe import date_label, one_line, safe, unmarked, unmarked_span, unwrapped

if TYPE_CHECKING:
    from briefing.service.health import Check

ABSTAIN_TEXT = "The indexed sources do not answer this."


def answer(console: Console, result: Answer, streamed: bool = False) -> None:
    """The answer with [n] markers, each unsupported statement flagged with why, then each marker's
    sentence and where it comes from. ``streamed``: the text was already printed as it arrived,
    so only the flags and the sources follow (numbered as the stream numbered them)."""
    markers: dict[str, int] = {}
    if result.notice:
        console.print(Text(f"note: {safe(result.notice)}", style="yellow"))
    if result.abstained and not result.related and result.notice:
        return  # the notice says why there is nothing (e.g. an empty --since/--until window)
    if result.abstained:
        console.print(Text(ABSTAIN_TEXT, style="bold yellow"))
        if result.related:
            console.print(Text("\nClosest sentences (related, not an answer):", style="dim"))
            _sources(console, result, result.related, markers)
        return
    body = Text()
    if streamed:  # the stream numbered the model's own citations first
        for part in result.answer:
            for sid in [] if part.attributed else part.citations:
                markers.setdefault(sid, len(markers) + 1)
    for part in result.answer:
        for sid in part.citations:
            markers.setdefault(sid, len(markers) + 1)
        if streamed:
            _streamed_flag(body, part, markers)
            continue
        if not part.supported:  # struck through and dimmed, marked even where styles are off
            body.append("✗ ", style="bold red")
            body.append(_quoted(part.text), style="strike dim")
        else:
            if part.event:  # figures of different events: not one toll that changed
                body.append(f"[{safe(part.event)}] ", style="bold")
            if part.as_of:
                body.append(f"as of {part.as_of.isoformat()}: ", style="bold")
            body.append_text(highlighted(part.text, part.answer_span))
        if part.citations:
            body.append(" " + "".join(f"[{markers[sid]}]" for sid in part.citations), style="bold cyan")
            if part.attributed:
                body.append(" (attributed by briefing)", style="dim")
        if not part.supported:
            body.append(f"  ✗ unsupported: {safe(part.reason)}", style="bold red")
        body.append("\n")
    console.print(body)
    if markers:  # no heading over nothing
        console.print(Text("Sources", style="bold"))
        _sources(console, result, list(markers), markers)


def _streamed_flag(body: Text, part: AnswerPart, markers: dict[str, int]) -> None:
    """After a streamed answer: each unsupported sentence with why, and each sentence whose
    citation briefing attributed (the stream showed it without one) with its markers."""
    if part.supported and not part.attributed:
        return
    body.append("\n" if not body else "")
    if not part.supported:
        body.append("✗ unsupported: ", style="bold red")
        body.append(f"“{_quoted(part.text)}”", style="strike dim")
        body.append(f" — {safe(part.reason)}\n")
        return
    body.append("↳ attributed by briefing: ", style="dim")
    body.append(f"“{_quoted(part.text)}” ")
    body.append("".join(f"[{markers[sid]}]" for sid in part.citations) + "\n", style="bold cyan")


def _quoted(text: str) -> str:
    """Article or model text shown beside markers: terminal-safe, one line, and unable to pass for
    a marker (its own "[2]" is shown as "\\[2]")."""
    return unmarked(safe(unwrapped(text)))


def highlighted(text: str, span: AnswerSpan | None) -> Text:
    """The sentence made terminal-safe and one line, the answer span styled (a style on a range,
    never markup)."""
    if span is None or not 0 <= span.start < span.end <= len(text):
        return Text(_quoted(text))
    text, start, end = unmarked_span(text, span.start, span.end)
    before, inside, after = (_quoted(text[:start]), _quoted(text[start:end]), _quoted(text[end:]))
    out = Text(before)
    out.append(inside, style="bold reverse")
    out.append(after)
    return out


def _sources(console: Console, result: Answer, ids: list[str], markers: dict[str, int]) -> None:
    for sid in ids:
        n = markers.setdefault(sid, len(markers) + 1)
        console.print(_source_line(n, sid, result.sources[sid]))


def _source_line(n: int, sid: str, src: SourceSentence) -> Text:
    line = Text(f"[{n}] ", style="bold cyan")
    line.append(f"“{_quoted(src.text)}”\n")
    line.append(f"    {_quoted(src.title)}", style="italic")
    line.append(f" — {safe(src.source) or 'unknown source'}, {date_label(src.published)}", style="dim")
    line.append(f" · {safe(sid)}", style="dim")
    if src.url:
        line.append(f"\n    {safe(src.url)}", style="dim underline")
    return line


def articles_table(console: Console, infos: list[ArticleInfo]) -> None:
    """One row per article. The title gets the width: at 80 columns it was squeezed to a word a
    line, so a long source is cut with …, the count's header is short and an unknown date is —."""
    table = Table(show_edge=False, header_style="bold")
    for column, kwargs in (
        ("id", {"no_wrap": True}),
        ("date", {"no_wrap": True}),
        ("source", {"no_wrap": True, "overflow": "ellipsis", "max_width": 14}),
        ("title", {}),
        ("sent.", {"justify": "right", "no_wrap": True}),
    ):
        table.add_column(column, **kwargs)  # type: ignore[arg-type]
    for info in infos:
        table.add_row(
            Text(safe(info.id)),
            Text(str(info.published) if info.published else "—"),
            Text(safe(info.source) or "—"),
            Text(safe(info.title)),
            Text(str(info.sentence_count)),
        )
    console.print(table)
    console.print(Text(f"{len(infos)} article(s)", style="dim"))


def article(console: Console, art: Article) -> None:
    """Header, then every sentence numbered by its id suffix."""
    console.print(Text(safe(art.title), style="bold"))
    meta = f"{safe(art.source) or 'unknown source'} · {date_label(art.published)} · id {safe(art.id)}"
    console.print(Text(meta, style="dim"))
    if art.url:
        console.print(Text(safe(art.url), style="dim underline"))
    for origin in art.origins:
        console.print(Text(f"from {safe(origin)}", style="dim"))
    console.print()
    for s in art.sentences:
        line = Text(f"{s.n:>4}  ", style="cyan")
        line.append(safe(unwrapped(s.text)))
        console.print(line)


def ingest_summary(console: Console, errors: Console, report: IngestReport) -> None:
    """One line per failed input, and per input read with a warning, on ``errors`` (stderr), then
    the summary on ``console``."""
    for failure in report.failed:
        errors.print(Text(f"failed: {one_line(failure.origin)}: {one_line(failure.reason)}", style="red"))
    for warning in report.warnings:
        errors.print(Text(f"warning: {one_line(warning.origin)}: {one_line(warning.reason)}", style="yellow"))
    console.print(Text(report.summary(), style="bold" if report.ok else "bold red"))


def doctor(console: Console, checks: list[Check]) -> None:
    """One line per check (✓ ok, ✗ failed, – not configured), details indented below."""
    marks = {"ok": ("✓", "bold green"), "fail": ("✗", "bold red"), "off": ("–", "dim")}
    for check in checks:
        mark, style = marks[check.status]
        line = Text(f"{mark} ", style=style)
        line.append(f"{check.name:<9}", style="bold")
        line.append(safe(check.summary))
        console.print(line)
        for detail in check.details:
            console.print(Text(f"  {'':<9}{safe(detail)}", style="dim"))
