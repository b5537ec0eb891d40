"""Turn CLI inputs (files, directories, globs, http(s) URLs) into :class:`Document` objects.

Formats: plain text, Markdown with YAML front matter, HTML (main text via trafilatura), RSS/Atom,
JSON and JSON Lines. Article text is kept as given, since citations are offsets into it: only
decoded, newlines normalised to ``\\n`` and outer whitespace stripped (Markdown is stored as the
plain text it renders, :mod:`briefing.inputs.markdown_text`). Dates are never invented.

Problems inside a multi-record input (a bad JSONL line, a feed entry without text, an unreadable
date) do not sink the other records: :func:`read_input_with_problems` returns the good documents
and one line per problem, and raises only when nothing usable is left; :func:`read_input` is the
same without the problem list. Heavy libraries are imported where used: CLI start-up matters.
Which inputs the CLI arguments name (directories walked, globs expanded) is :mod:`briefing.inputs.paths`;
``expand_inputs`` and ``SUPPORTED_SUFFIXES`` are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from briefing.core.errors import BriefingError, InputError
from briefing.core.input_settings import DEFAULT_MAX_FEED_ITEMS
from briefing.core.models import Document
from briefing.core.settings import FetchSettings
from briefing.inputs.cleaning import (
    entry_trouble,
    front_matter_handler,
    has_surrogates,
    without_nul_lines,
    without_surrogates,
)
from briefing.inputs.dates_read import DateReader, Notice, Undated
from briefing.inputs.html_pages import html_to_text as html_to_text
from briefing.inputs.html_pages import listing_problem
from briefing.inputs.markdown_text import titled_text
from briefing.inputs.paths import SUPPORTED_SUFFIXES as SUPPORTED_SUFFIXES
from briefing.inputs.paths import expand_inputs as expand_inputs
from briefing.inputs.paths import is_url
from briefing.inputs.raw_text import (
    MAX_ARTICLE_CHARS,
    decode,
    newlines,
    one_line,
    read_file,
    readable,
    shown,
    text_problem,
)

_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)]*$")  # a closing quote after the stop still ends a sentence
_TEXT_KEYS = ("text", "content", "body")
_Parsed = tuple[list[Document], list[str]]


class _Src(NamedTuple):
    """Where the bytes came from: what every parser needs besides the bytes."""

    origin: str  # the item as given (file path or URL)
    name: str  # fallback title: file stem or last URL segment
    url: str | None  # final URL when fetched
    charset: str | None  # charset declared by the server
    dates: DateReader  # published dates, read as inputs.day_first says
    max_feed_items: int = DEFAULT_MAX_FEED_ITEMS  # a feed's entries beyond are left out


def read_input(item: str, fetch: FetchSettings) -> list[Document]:
    """Parse one item into Documents; raises InputError/FetchError when nothing usable is in it.

    Per-record problems are dropped here; callers that report them use
    :func:`read_input_with_problems`.
    """
    return read_input_with_problems(item, fetch)[0]


def read_input_with_problems(
    item: str,
    fetch: FetchSettings,
    day_first: bool | None = None,
    max_feed_items: int = DEFAULT_MAX_FEED_ITEMS,
) -> _Parsed:
    """Parse one item: (documents, one-line problems such as ``"line 3: not a JSON object"``; a
    :class:`~briefing.inputs.dates_read.Notice` among them is a warning: nothing was lost).

    Raises InputError (FetchError for URLs) when the item yields no document; the message is
    the first problem. Unexpected parser exceptions become InputError: bad input never crashes.
    """
    if is_url(item):
        from briefing.inputs.fetch import fetch_url, sniff_kind, url_name

        got = fetch_url(item, fetch)
        src = _Src(item, url_name(got.url), got.url, got.charset, DateReader(day_first), max_feed_items)
        data, kind = got.body, sniff_kind(got)
    else:
        data, kind, src = (
            read_file(item, fetch),
            Path(item).suffix.lower(),
            _Src(item, Path(item).stem, None, None, DateReader(day_first), max_feed_items),
        )
    try:
        docs, problems = _PARSERS.get(kind, _parse_text)(data, src)
    except BriefingError:
        raise
    except Exception as exc:  # a parsing library choked on odd input: one line, not a traceback
        detail = f": {exc}" if str(exc).strip() else ""
        raise InputError(f"cannot parse: {type(exc).__name__}{detail}".splitlines()[0][:300]) from None
    if not docs:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise InputError((problems[0] if problems else "no records found") + more)
    notice = src.dates.notice()
    return docs, [*problems, notice] if notice else problems


def _doc(src: _Src, text: str, title: str, source: str = "", **meta: Any) -> Document:
    """A Document from ``src``; ``meta`` holds url, published and external_id when known.

    Raises InputError for a text that cannot be an article, before anything costly is done
    with it (a 50 MB text is refused here, not hashed, segmented or embedded).
    """
    problem = text_problem(text)
    if problem:
        raise InputError(problem)
    return Document(
        text=without_surrogates(text),
        title=without_surrogates(title),
        source=without_surrogates(source),
        url=without_surrogates(meta.get("url")),
        published=meta.get("published"),
        origin=src.origin,
        external_id=without_surrogates(meta.get("external_id")),
    )


def _parse_text(data: bytes, src: _Src) -> _Parsed:
    """Plain text; a short first line without end punctuation, followed by more text, is the title."""
    text = decode(data, src.charset).strip()
    if not text:
        raise InputError("no text (only whitespace)")
    first, _, rest = text.partition("\n")
    first, rest = first.strip(), rest.strip()
    if rest and len(first) <= 150 and not _SENTENCE_END.search(first):
        return [_doc(src, rest, one_line(first), url=src.url)], []
    return [_doc(src, text, readable(src.name), url=src.url)], []


def _parse_markdown(data: bytes, src: _Src) -> _Parsed:
    """Body as plain text; front matter gives title/source/url/published/id, else the opening heading."""
    import frontmatter
    import yaml

    try:
        post = frontmatter.loads(decode(data, src.charset), handler=front_matter_handler())
    except yaml.YAMLError as exc:
        raise InputError(f"bad YAML front matter: {str(exc).splitlines()[0]}") from None
    meta, body = post.metadata, newlines(post.content).strip()
    if not body:
        raise InputError("no text after the front matter")
    if len(body) > MAX_ARTICLE_CHARS:  # refused before it is parsed, not after minutes of it
        raise InputError(text_problem(body) or "")
    title, body = titled_text(body, one_line(meta.get("title")))
    title = title or readable(src.name)
    raw_date = meta.get("published", meta.get("date"))
    published = src.dates.read(raw_date)
    problems: list[str] = [Undated(shown(raw_date))] if raw_date and not published else []
    url = meta["url"] if isinstance(meta.get("url"), str) and meta["url"] else src.url
    ext_id = one_line(meta["id"]) if meta.get("id") not in (None, "") else None
    source = one_line(meta.get("source"))
    return [_doc(src, body, title, source, url=url, published=published, external_id=ext_id)], problems


def _parse_html(data: bytes, src: _Src) -> _Parsed:
    """Main text and metadata of a web page via trafilatura; dates only from markup and URL."""
    import trafilatura

    if listing := listing_problem(data):
        raise InputError(listing)
    date_params = {"original_date": True, "extensive_search": False, "max_date": dt.date.today().isoformat()}
    found = trafilatura.bare_extraction(
        data, url=src.url, with_metadata=True, include_comments=False, date_extraction_params=date_params
    )
    text = newlines(getattr(found, "text", None) or "").strip()
    if not any(len(line.split()) >= 4 for line in text.split("\n")):  # nav-only pages give "Home\nWorld"
        raise InputError("no article text found in HTML")
    title = one_line(getattr(found, "title", None)) or readable(src.name)
    first, _, rest = text.partition("\n")  # the page's headline: the title, not a sentence to cite
    text = rest.strip() if rest.strip() and one_line(first).casefold() == title.casefold() else text
    source = one_line(getattr(found, "sitename", None) or getattr(found, "hostname", None))
    url, published = src.url or getattr(found, "url", None), src.dates.read(getattr(found, "date", None))
    return [_doc(src, text, title, source, url=url, published=published)], []


def _parse_feed(data: bytes, src: _Src) -> _Parsed:
    """RSS/Atom: one document per entry, text from the full content else the summary."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        raise InputError("not a valid RSS/Atom feed" if feed.bozo else "feed has no entries")
    source = _feed_title(feed.feed)
    docs: list[Document] = []
    problems: list[str] = []
    budget = len(data) + 1000  # characters of entry text: a feed's text never outgrows its file
    kept = _newest_entries(feed.entries, src.max_feed_items)
    if len(kept) < len(feed.entries):
        problems.append(_left_out_notice(len(feed.entries), len(kept)))
    for n, entry in enumerate(feed.entries, 1):
        if n not in kept:
            continue
        title = _feed_title(entry)
        parts = entry.get("content") or [{"value": entry.get("summary", ""), "type": "text/html"}]
        part = next((p for p in parts if "html" in p.get("type", "")), parts[0])
        text = html_to_text(part["value"]) if "html" in part.get("type", "html") else part["value"]
        trouble = entry_trouble(newlines(text).strip(), budget)
        if trouble:
            problems.append(f"entry {n} ({title or 'untitled'}): {trouble}")
            continue
        budget -= len(text)
        # dict.get: feedparser's own get maps a missing "updated" to "published", with a DeprecationWarning
        stamp = entry.get("published_parsed") or dict.get(entry, "updated_parsed")
        raw_date = entry.get("published") or dict.get(entry, "updated")
        published = src.dates.read(raw_date) or (dt.date(*stamp[:3]) if stamp else None)
        label = f"entry {n} ({title or 'untitled'}): "
        # guids are unique only within one feed, so they are not used as article ids
        try:
            docs.append(
                _doc(src, newlines(text).strip(), title, source, url=entry.get("link"), published=published)
            )
        except InputError as exc:
            problems.append(label + exc.message)
            continue
        if raw_date and not published:  # indexed undated, as for the other formats: said, with the fix
            problems.append(Undated(shown(raw_date), label))
    return docs, problems


def _newest_entries(entries: list[Any], most: int) -> set[int]:
    """The 1-based positions of the ``most`` newest entries by their stated date (undated ones
    after every dated one, in feed order): an archive feed may list oldest first."""
    if len(entries) <= most:
        return set(range(1, len(entries) + 1))

    def newest_first(n: int) -> tuple[int, tuple[int, ...], int]:
        stamp = entries[n - 1].get("published_parsed") or dict.get(entries[n - 1], "updated_parsed")
        return (0, tuple(-x for x in stamp[:6]), n) if stamp else (1, (), n)

    return set(sorted(range(1, len(entries) + 1), key=newest_first)[:most])


def _left_out_notice(total: int, kept: int) -> Notice:
    """One warning for a feed cut at ``inputs.max_feed_items``: how many entries, and how to take more."""
    return Notice(
        f"{total - kept:,} of the feed's {total:,} entries left out (only the {kept:,} newest are "
        "indexed) — raise inputs.max_feed_items (BRIEFING_INPUTS__MAX_FEED_ITEMS) to index more"
    )


def _feed_title(part: Any) -> str:
    """A feed's or entry's title as plain text: feedparser hands a title of type text/html over
    with its tags ("Port <b>reopens</b>" was stored and shown so)."""
    title, detail = part.get("title"), part.get("title_detail") or {}
    if isinstance(title, str) and "html" in detail.get("type", ""):
        title = html_to_text(title)
    return one_line(title)


def _parse_json(data: bytes, src: _Src) -> _Parsed:
    """JSON: an article object, a list of them, or an object holding them under articles/items."""
    try:
        value = json.loads(decode(data, src.charset))
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"not valid JSON: {_json_trouble(exc)}") from None
    if isinstance(value, dict) and not any(k in value for k in _TEXT_KEYS):
        listed = value.get("articles", value.get("items"))
        if not isinstance(listed, list):
            raise InputError('JSON object has no "text" and no "articles"/"items" list')
        value = listed
    if not isinstance(value, list):
        return _records([("", value)], src)
    return _records(((f"item {i}: ", record) for i, record in enumerate(value, 1)), src)


def _parse_jsonl(data: bytes, src: _Src) -> _Parsed:
    """JSON Lines: one article object per line; blank lines skipped, bad lines reported by number."""
    records: list[tuple[str, Any]] = []
    data, nul_lines = without_nul_lines(data)
    for n, line in enumerate(decode(data, src.charset).split("\n"), 1):
        if n in nul_lines:
            records.append((f"line {n}: ", InputError("binary data (a NUL byte), not text")))
        elif line.strip():
            try:
                records.append((f"line {n}: ", json.loads(line)))
            except json.JSONDecodeError as exc:
                records.append((f"line {n}: ", InputError(f"not valid JSON ({exc.msg})")))
            except (ValueError, RecursionError) as exc:
                records.append((f"line {n}: ", InputError(f"not valid JSON ({_json_trouble(exc)})")))
    return _records(records, src)


def _json_trouble(exc: Exception) -> str:
    """What json.loads refused besides syntax: nesting deeper than the recursion limit, or an
    integer of more than 4300 digits (Python's int/str conversion limit)."""
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(":")[0]


def _records(records: Iterable[tuple[str, Any]], src: _Src) -> _Parsed:
    """Documents from (label, decoded JSON value) pairs; each bad record becomes a problem line,
    each record kept with a warning (a date left unknown, characters replaced) a Notice."""
    docs, problems = [], []
    for label, record in records:
        try:
            doc, warnings = _record(record, src)
        except InputError as exc:
            problems.append(label + exc.message)
            continue
        docs.append(doc)
        problems.extend(
            Undated(w.written, label) if isinstance(w, Undated) else Notice(label + w) for w in warnings
        )
    return docs, problems


def _record(record: Any, src: _Src) -> tuple[Document, list[Notice]]:
    """One JSON article record -> Document and its warnings; InputError if unusable."""
    if isinstance(record, InputError):
        raise record
    if not isinstance(record, dict):
        raise InputError("not a JSON object")
    ext_id = str(record["id"]) if record.get("id") not in (None, "") else None
    body = next((record[k] for k in _TEXT_KEYS if record.get(k)), "")
    if isinstance(body, list) and all(isinstance(p, str) for p in body):
        body = "\n\n".join(body)  # text given as a list of paragraphs
    text = newlines(body).strip() if isinstance(body, str) else ""
    if not text:
        raise InputError("no text" + (f" (id {ext_id})" if ext_id else ""))
    raw_date = record.get("published") or record.get("date")
    published = src.dates.read(raw_date)
    warnings: list[Notice] = [Undated(shown(raw_date))] if raw_date and not published else []
    if any(isinstance(v, str) and has_surrogates(v) for v in record.values()):
        warnings.append(Notice("invalid characters (lone surrogates) replaced by \ufffd"))
    url = record["url"] if isinstance(record.get("url"), str) and record["url"] else None
    title, source = one_line(record.get("title")), one_line(record.get("source"))
    return _doc(src, text, title, source, url=url, published=published, external_id=ext_id), warnings


_PARSERS: dict[str, Callable[[bytes, _Src], _Parsed]] = {
    **dict.fromkeys((".txt",), _parse_text),
    **dict.fromkeys((".md", ".markdown"), _parse_markdown),
    **dict.fromkeys((".html", ".htm"), _parse_html),
    **dict.fromkeys((".rss", ".atom", ".xml"), _parse_feed),
    **dict.fromkeys((".json",), _parse_json),
    **dict.fromkeys((".jsonl", ".ndjson"), _parse_jsonl),
}
