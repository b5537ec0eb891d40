"""A brief as Markdown (footnotes quote the cited sentence), self-contained HTML, or JSON.

Article text is untrusted. In Markdown every piece of it is flattened to one line and its
Markdown/HTML punctuation is backslash-escaped, so a title like ``[^1]: x`` or ``<script>`` can
neither open a footnote, a link, a heading nor raw HTML. In HTML every piece is escaped with
``html.escape`` and only http(s) URLs become links. Citations are numbered in order of first
use; Markdown footnotes quote the sentence, HTML markers link to the anchored sentence.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import re
from collections.abc import Callable
from urllib.parse import quote

from briefing.brief.rank import copy_label
from briefing.brief.timeline import background_summary
from briefing.core.brief_models import Brief, Claim, Figure, Story
from briefing.core.models import SourceSentence
from briefing.text.safe import safe, unmarked

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!{}])")
_HEADING = re.compile(r"(?:^|(?<=\s))#{1,6}(?=\s|$)")
_SPACE = re.compile(r"\s+")
_URL_SAFE = "/:?#@!$&'()*+,;=%~-._"  # RFC 3986 reserved and unreserved, and '%' (already encoded)


def to_json(brief: Brief) -> str:
    """The brief as JSON; control and bidi characters from articles written as ``\\uXXXX``."""
    from briefing.text.safe import json_safe

    return json_safe(brief.model_dump_json(indent=2)) + "\n"


def md(text: str) -> str:
    """Untrusted text as inert, single-line Markdown.

    Heading marks of Markdown sources ("## Update") are dropped rather than escaped, so no
    literal ``\\#`` reaches a reader; a ``#`` inside a line is not a heading and stays as written.
    Every line we write starts with our own prefix, so no ``#`` here can open a heading.
    """
    return _MD_SPECIAL.sub(r"\\\1", _visible(text))


def md_url(url: str) -> str:
    """An untrusted URL for a Markdown autolink ``<...>``: everything but URL punctuation is
    percent-encoded, so no ESC, bidi control, line break (a forged footnote line), space or ``>``
    gets through, and a reader's Markdown viewer still opens the same address."""
    return quote(url, safe=_URL_SAFE)


def h(text: str) -> str:
    return html.escape(_visible(text), quote=True)


def _visible(text: str) -> str:
    """One line with the controls left shown as the terminal shows them (ESC as ␛, a bidi override
    as ``\\u202e``): a reader comparing a quote with its source sees they were there, where
    dropping them silently changed the sentence. Line breaks and other spacing become one space,
    and an article's own "[2]" is shown as "\\[2]": it cannot pass for a citation marker."""
    return unmarked(safe(_SPACE.sub(" ", _HEADING.sub(" ", text)).strip()))


class _Notes:
    """Citation numbering shared by a whole document, in order of first use."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def number(self, sid: str) -> int:
        return self.numbers.setdefault(sid, len(self.numbers) + 1)


def since_label(brief: Brief) -> str:
    """Which brief "new since" compares with, as a reader names it: "of 2017-04-04, written
    2026-12-08 04:28" (a daily brief's previous day); the raw ISO stamp said neither plainly."""
    written = brief.previous or ""
    with contextlib.suppress(ValueError):
        written = dt.datetime.fromisoformat(written).strftime("%Y-%m-%d %H:%M")
    other = brief.previous_window and brief.previous_window != brief.window.label
    return f"of {brief.previous_window}, written {written}" if other else f"written {written}"


def _date(value: object) -> str:
    return str(value) if value else "date unknown"


def _claim_line(c: Claim, esc: Callable[[str], str]) -> str:
    who = esc(c.who)
    same = c.who.strip().lower() in c.claimant.strip().lower()
    as_written = "" if same else f" (“{esc(c.claimant)}”)"
    if c.stance == "no comment":
        return f"{who}{as_written} {esc(c.verb)} {esc(c.text)}".rstrip()
    return f"{who}{as_written} — {esc(c.verb)}: “{esc(c.text)}”"


Sources = dict[str, SourceSentence]


def _provenance(who: str, citations: list[str], sources: Sources, esc: Callable[[str], str]) -> str:
    """Who reports a figure, through which outlet and when: "Mounzer Khalil, via ahram, 2017-04-04".

    A toll of 11 children on 2017-04-04 and of 27 on 2017-04-06 is a rising count, not two sources
    at odds; without the day the reader cannot tell (the footnote had it, one click away)."""
    outlet_day = _outlet_day(citations, sources, esc)
    if not outlet_day:
        return esc(who) or "unattributed"
    src = next(sources[sid] for sid in citations if sid in sources)
    named = who.strip() and who.strip().lower() != src.source.strip().lower()
    return f"{esc(who)}, via {outlet_day}" if named else outlet_day


def _outlet_day(citations: list[str], sources: Sources, esc: Callable[[str], str]) -> str:
    """The outlet and publication day of the first cited sentence: "ahram, 2017-04-04"."""
    src = next((sources[sid] for sid in citations if sid in sources), None)
    if src is None:
        return ""
    return ", ".join([*([esc(src.source.strip())] if src.source.strip() else []), _date(src.published)])


def _figure_line(f: Figure, sources: Sources, esc: Callable[[str], str]) -> str:
    return f"{esc(f.text)} — reported by {_provenance(f.claimant, f.citations, sources, esc)}"


def _conflict_part(f: Figure, sources: Sources, esc: Callable[[str], str]) -> str:
    return f"{esc(f.text)} ({_provenance(f.claimant, f.citations, sources, esc)})"


# ----- Markdown


def to_markdown(brief: Brief) -> str:
    notes = _Notes()

    def cite(ids: list[str]) -> str:
        return "".join(f"[^{notes.number(sid)}]" for sid in dict.fromkeys(ids) if sid in brief.sources)

    new = " *(new)*"
    out = [f"# {md(brief.title)}", ""]
    meta = f"Generated {brief.generated_at:%Y-%m-%d %H:%M} · {brief.articles} article(s) · "
    meta += f"{len(brief.stories)} stor{'y' if len(brief.stories) == 1 else 'ies'} · engine: {brief.engine}"
    out += [f"*{meta}*", ""]
    out += [f"> {md(n)}" for n in brief.notes] + ([""] if brief.notes else [])
    if brief.undated_left_out and brief.stories:
        hint = "use --include-undated; daily: BRIEFING_BRIEF__INCLUDE_UNDATED=true"
        out += [f"> {brief.undated_left_out} undated article(s) left out ({hint}).", ""]
    if brief.previous:
        out += [f"## New since the last brief ({md(since_label(brief))})", ""]
        out += [f"- **{c.kind}**: {md(c.text)} {cite(c.citations)}".rstrip() for c in brief.changes]
        out += ["- nothing new"] if not brief.changes else []
        out.append("")
    for i, story in enumerate(brief.stories, start=1):
        out += _md_story(i, story, brief.sources, cite, new)
    if brief.conflicts:
        out += ["## Conflicting figures", ""]
        for conflict in brief.conflicts:
            parts = [f"{_conflict_part(f, brief.sources, md)} {cite(f.citations)}" for f in conflict.figures]
            out.append(f"- **{md(conflict.quantity)}**: " + " · vs · ".join(parts))
        out.append("")
    if brief.timeline:
        out += ["## Timeline", ""]
        for e in brief.timeline:
            if e.background:
                continue
            out.append(
                f"- **{md(e.label)}** — “{md(e.phrase)}”: {md(e.event)} {cite(e.citations)}"
                + (new if e.new else "")
            )
        background = background_summary(brief.timeline)
        out += [f"- **Background** — {md(background)}"] if background else []
        out.append("")
    out += _md_footnotes(brief.sources, notes, _quoted(brief))
    return "\n".join(out).rstrip() + "\n"


def _quoted(brief: Brief) -> set[str]:
    """Sentences the body already shows verbatim (extractive developments, timeline events):
    their footnote names the source without quoting the sentence a second time."""
    shown = {d.text for s in brief.stories for d in s.developments}
    shown |= {e.event for e in brief.timeline if not e.background}
    return {
        sid
        for sid, src in brief.sources.items()
        if any(t and t in src.text and len(t) >= 0.7 * len(src.text.strip()) for t in shown)
    }


def copies_label(story: Story) -> str:
    """'+2 copies — Reuters: 112 people killed; same outlet' (what the folded copies say differently)."""
    notes = [(a.source, n) for a in story.articles for n in a.copy_notes]
    count = sum(len(a.copies) for a in story.articles)
    if not count:
        return ""
    labels = [copy_label(n, source) for source, n in notes]
    shown = [x for x in labels if x != "same outlet"] or labels[:1]
    return f"+{count} cop{'y' if count == 1 else 'ies'} — " + "; ".join(dict.fromkeys(shown))


def _md_story(
    i: int, story: Story, sources: Sources, cite: Callable[[list[str]], str], new: str
) -> list[str]:
    outlets = sorted({a.source or "unknown source" for a in story.articles})
    terse = story.sources_listed == 0  # the tightest budget: counts, not names (they are in the JSON)
    copies = copies_label(story).split(" — ")[0] if terse else copies_label(story)
    meta = f"{story.independent_sources} independent source(s)" + ("" if terse else f": {', '.join(outlets)}")
    meta += f" · {len(story.articles)} article(s)" + (f" {copies}" if copies else "")
    meta += f" · latest {_date(story.latest)} · {story.status}"
    out = [f"## {i}. {md(story.headline)} {cite(story.headline_citations)}", "", f"*{md(meta)}*", ""]
    if story.developments:
        out += ["**Key developments**", ""]
        out += [f"- {md(d.text)} {cite(d.citations)}" + (new if d.new else "") for d in story.developments]
        out.append("")
    if story.figures:
        out += ["**Key figures**", ""]
        out += [
            f"- {_figure_line(f, sources, md)} {cite(f.citations)}" + (new if f.new else "")
            for f in story.figures
        ]
        out.append("")
    if story.claims:
        out += ["**Claims — who claims what**", ""]
        for c in story.claims:
            when = _outlet_day(c.citations[-1:], sources, md)
            line = f"- {_claim_line(c, md)} {cite(c.citations)}{f' ({when})' if when else ''}"
            line += f" — *{c.status_label}*"
            if c.caveats:
                line += f" (see {cite(c.caveats)})"
            if c.support:
                line += f"; also {cite(c.support[:2])}" + (
                    f" (+{len(c.support) - 2})" if len(c.support) > 2 else ""
                )
            if c.against:
                line += f"; against {cite(c.against[:2])}" + (
                    f" (+{len(c.against) - 2})" if len(c.against) > 2 else ""
                )
            out.append(line + (new if c.new else ""))
        out.append("")
    listed = story.articles[: story.sources_listed] if story.sources_listed is not None else story.articles
    more = len(story.articles) - len(listed)
    articles = "; ".join(
        f"{md(a.source or 'unknown source')}, “{md(a.title)}” ({_date(a.published)})" for a in listed
    )
    tail = f"{'; ' if listed else ''}+{more} in the JSON" if more else ""
    return [*out, f"**Sources**: {articles}{tail}", ""]


def _first(ids: list[str], cite: Callable[[list[str]], str], n: int = 2) -> str:
    """The first ``n`` citations and how many more (the JSON lists them all)."""
    return cite(ids[:n]) + (f" (+{len(ids) - n})" if len(ids) > n else "")


def _md_footnotes(sources: dict[str, SourceSentence], notes: _Notes, quoted: set[str]) -> list[str]:
    out = []
    for sid, n in notes.numbers.items():
        src = sources[sid]
        said = "(the sentence quoted above)" if sid in quoted else f"“{md(src.text)}”"
        line = f"[^{n}]: {said} — {md(src.title)}, {md(src.source) or 'unknown source'}, "
        line += f"{_date(src.published)} · {md(sid)}"
        if src.url and src.url.startswith(("http://", "https://")):
            line += f" · <{md_url(src.url)}>"
        out.append(line)
    return out


# ----- HTML

_CSS = """body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.meta{color:#666;font-size:.9rem}sup a{text-decoration:none}.new{color:#b50;font-size:.8rem}
.status{font-style:italic;color:#555}li{margin:.3rem 0}:target{background:#ffc}
.sources li{font-size:.9rem}code{font-size:.8rem;color:#666}"""


def to_html(brief: Brief) -> str:
    notes = _Notes()

    def cite(ids: list[str]) -> str:
        marks = [notes.number(sid) for sid in dict.fromkeys(ids) if sid in brief.sources]
        return "".join(f'<sup><a href="#s{n}">[{n}]</a></sup>' for n in marks)

    new = ' <span class="new">new</span>'
    body = [
        f"<h1>{h(brief.title)}</h1>",
        f'<p class="meta">Generated {brief.generated_at:%Y-%m-%d %H:%M} · {brief.articles} article(s) · '
        f"{len(brief.stories)} story/stories · engine: {h(brief.engine)}</p>",
    ]
    body += [f'<p class="meta">{h(n)}</p>' for n in brief.notes]
    if brief.previous:
        body.append(f"<h2>New since the last brief ({h(since_label(brief))})</h2><ul>")
        body += [f"<li><b>{h(c.kind)}</b>: {h(c.text)} {cite(c.citations)}</li>" for c in brief.changes]
        body.append("<li>nothing new</li></ul>" if not brief.changes else "</ul>")
    for i, story in enumerate(brief.stories, start=1):
        body += _html_story(i, story, brief.sources, cite, new)
    if brief.conflicts:
        body.append("<h2>Conflicting figures</h2><ul>")
        for conflict in brief.conflicts:
            parts = [f"{_conflict_part(f, brief.sources, h)} {cite(f.citations)}" for f in conflict.figures]
            body.append(f"<li><b>{h(conflict.quantity)}</b>: " + " <i>vs</i> ".join(parts) + "</li>")
        body.append("</ul>")
    if brief.timeline:
        body.append("<h2>Timeline</h2><ul>")
        body += [
            f"<li><b>{h(e.label)}</b> — “{h(e.phrase)}”: {h(e.event)} {cite(e.citations)}"
            f"{new if e.new else ''}</li>"
            for e in brief.timeline
            if not e.background
        ]
        background = background_summary(brief.timeline)
        body += [f"<li><b>Background</b> — {h(background)}</li>"] if background else []
        body.append("</ul>")
    body.append('<h2>Cited sentences</h2><ol class="sources">')
    for sid, n in notes.numbers.items():
        src = brief.sources[sid]
        link = ""
        if src.url and src.url.startswith(("http://", "https://")):
            link = f' · <a href="{h(src.url)}" rel="noopener noreferrer">{h(src.url)}</a>'
        body.append(
            f'<li id="s{n}" value="{n}"><q>{h(src.text)}</q> — {h(src.title)}, '
            f"{h(src.source) or 'unknown source'}, {_date(src.published)} · <code>{h(sid)}</code>{link}</li>"
        )
    body.append("</ol>")
    head = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{h(brief.title)}</title>'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<style>{_CSS}</style></head><body>"
    )
    return head + "\n".join(body) + "</body></html>\n"


def _html_story(
    i: int, story: Story, sources: Sources, cite: Callable[[list[str]], str], new: str
) -> list[str]:
    outlets = ", ".join(sorted({a.source or "unknown source" for a in story.articles}))
    copies = copies_label(story)
    out = [
        f"<h2>{i}. {h(story.headline)} {cite(story.headline_citations)}</h2>",
        f'<p class="meta">{story.independent_sources} independent source(s): {h(outlets)} · '
        f"{len(story.articles)} article(s){' ' + h(copies) if copies else ''} · "
        f"latest {_date(story.latest)} · {story.status}</p>",
    ]
    if story.developments:
        out.append("<h3>Key developments</h3><ul>")
        out += [f"<li>{h(d.text)} {cite(d.citations)}{new if d.new else ''}</li>" for d in story.developments]
        out.append("</ul>")
    if story.figures:
        out.append("<h3>Key figures</h3><ul>")
        out += [
            f"<li>{_figure_line(f, sources, h)} {cite(f.citations)}{new if f.new else ''}</li>"
            for f in story.figures
        ]
        out.append("</ul>")
    if story.claims:
        out.append("<h3>Claims — who claims what</h3><ul>")
        for c in story.claims:
            when = _outlet_day(c.citations[-1:], sources, h)
            extra = f" (see {cite(c.caveats)})" if c.caveats else ""
            extra += f"; also {cite(c.support)}" if c.support else ""
            extra += f"; against {cite(c.against)}" if c.against else ""
            out.append(
                f"<li>{_claim_line(c, h)} {cite(c.citations)}{f' ({when})' if when else ''} — "
                f'<span class="status">{c.status_label}</span>'
                f"{extra}{new if c.new else ''}</li>"
            )
        out.append("</ul>")
    return out
