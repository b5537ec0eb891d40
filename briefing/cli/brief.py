"""`briefing brief` and `briefing daily`: situation briefs from the command line and from cron.

Registered on the main group by :mod:`briefing.cli.main`; options, the service factory and error
handling come from :mod:`briefing.cli.options`, as for every command.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from briefing.cli.options import (
    engine_option,
    friendly_errors,
    index_options,
    llm_options,
    make_service,
    parse_date,
    working,
)
from briefing.text.safe import one_line

EXAMPLES = """
\b
Examples:
  briefing brief --include-undated                 every article, undated ones too
  briefing brief --date 2016-07-10                 articles published that day
  briefing brief --since 2020-02-20 --until 2020-02-24 --topic "Idlib" --format html --out idlib.html
  briefing brief --include-undated --engine llm --model llama3.1 --base-url http://localhost:11434/v1
  briefing daily                                   ingest brief.inputs, write briefs/YYYY-MM-DD.md and .json
"""


DAILY_EXAMPLES = """
\b
Examples:
  briefing daily                                   ingest brief.inputs, write today's brief
  briefing daily --date 2016-07-10 -v              another day, saying what was ingested and written
  BRIEFING_BRIEF__INPUTS='["https://x.org/feed.xml", "/data/inbox"]' briefing daily --json
  0 6 * * * cd /data && briefing daily             a crontab line: every day at 06:00
"""


def _engine_options(func: Any) -> Any:
    """--engine, --strict, --model and --base-url, as for `briefing ask`."""
    func = llm_options(func)
    func = click.option(
        "--strict",
        is_flag=True,
        help="Keep a story's extractive developments if any LLM sentence is unsupported.",
    )(func)
    return engine_option("key developments")(func)


@click.command(epilog=EXAMPLES)
@click.option("--date", "day", callback=parse_date, metavar="D", help="Articles published on day D.")
@click.option("--since", callback=parse_date, metavar="D", help="Articles published on or after D.")
@click.option("--until", callback=parse_date, metavar="D", help="Articles published on or before D.")
@click.option("--topic", metavar="QUERY", help="Only articles about QUERY (retrieved like `ask`).")
@click.option("--include-undated", is_flag=True, default=None, help="Also cover articles without a date.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "json"]),
    help="[default: from --out's suffix (.html/.htm, .json), else md]",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of stdout; a missing folder is created (and named in the message).",
)
@click.option("--no-save", is_flag=True, help="Do not keep a copy in the briefs folder.")
@click.option(
    "--max-stories", type=click.IntRange(1, 200), metavar="N", help="At most N stories, most important first."
)
@click.option(
    "--max-words",
    type=click.IntRange(100),
    metavar="N",
    help="Word budget of the md/html brief [default: brief.max_words, 1500]; the JSON has everything.",
)
@click.option("--full", is_flag=True, help="No word budget and no per-story limits in md/html.")
@_engine_options
@index_options
def brief(**kwargs: Any) -> None:
    """Write a situation brief of the articles published in a window, every line cited.

    Stories (syndicated copies counted once), key developments, key figures, who claims what
    (single-source / corroborated / contested / unconfirmed), conflicting figures, a timeline
    with relative dates resolved against each article's date, and what is new since the last
    brief. A copy is kept in the briefs folder (see `briefing daily`) unless --no-save.

    The Markdown and HTML fit a word budget (default 1,500 words, two screens): the most important
    stories first (independent sources, recency, weight of the figures, new since the last brief),
    at most 3 developments, 5 figures and 5 claims each; --max-words, --max-stories and --full
    change that, and the JSON always has everything.

    With an LLM configured (as for `ask`), the key developments are written by the model from each
    story's central sentences; a sentence not supported by what it cites is dropped (noted in the
    brief), and if the LLM fails the developments stay extractive, with a one-line note.
    """
    friendly_errors(_brief)(**kwargs)


def _brief(
    day: dt.date | None,
    since: dt.date | None,
    until: dt.date | None,
    topic: str | None,
    include_undated: bool | None,
    fmt: str | None,
    out: Path | None,
    no_save: bool,
    max_stories: int | None,
    max_words: int | None,
    full: bool,
    engine: str | None,
    strict: bool,
    model: str | None,
    base_url: str | None,
    index: str | None,
    chroma_url: str | None,
) -> None:
    from briefing.brief import export as brief_export
    from briefing.brief.budget import fit, from_settings
    from briefing.brief.saved import write_atomic
    from briefing.core.brief_models import Window
    from briefing.core.errors import ConfigError

    if day and (since or until):
        raise ConfigError("--date cannot be combined with --since/--until", "give either --date or a range")
    since, until = (day, day) if day else (since, until)
    if since and until and since > until:
        raise ConfigError(f"--since {since} is after --until {until}", "swap the two dates")
    created = _out_folder(out) if out is not None else None  # before the brief: a bad --out fails fast
    overrides = {"llm.model": model, "llm.base_url": base_url, "brief.max_stories": max_stories}
    service = make_service(index, chroma_url, **overrides, **{"brief.max_words": max_words})
    undated = service.settings.brief.include_undated if include_undated is None else include_undated
    window = Window(since=since, until=until, include_undated=undated)
    with working("Writing the brief"):
        result = service.brief(window, topic, engine=engine, strict=strict)
    if not no_save:
        service.save_brief(result)
    fmt = fmt or _format_of(out)
    shown = result if fmt == "json" else fit(result, from_settings(service.settings.brief, full=full))
    if fmt == "json":
        text = brief_export.to_json(result)
    else:
        text = (brief_export.to_markdown if fmt == "md" else brief_export.to_html)(shown)
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(out, text)
    except OSError as exc:
        raise ConfigError(f"cannot write --out {out}: {exc.strerror or exc}", _OUT_FIX) from None
    made = f"; created the folder {one_line(str(created))}" if created else ""
    cited = f"{len(shown.sources)} cited sentence{'' if len(shown.sources) == 1 else 's'}"
    counts = f"{_stories(len(shown.stories))}, {cited}"
    if len(shown.stories) < len(result.stories):  # what the file holds, not what was built
        counts = f"{len(shown.stories)} of {_stories(len(result.stories))}, {cited}; --full for all"
    click.echo(
        f"wrote {one_line(str(out))} ({counts}{made})",
        err=True,
    )


_OUT_FIX = "choose another --out FILE, or make its folder writable"
_SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".json": "json"}


def _format_of(out: Path | None) -> str:
    """The format ``--out``'s suffix asks for when --format is not given: ``--out brief.html``
    wrote Markdown into an .html file, which a browser shows as one paragraph of raw text."""
    return _SUFFIX_FORMATS.get(out.suffix.lower(), "md") if out is not None else "md"


def _out_folder(out: Path) -> Path | None:
    """Make sure ``--out`` can be written before a brief is built for it: its missing folders are
    created (a cron line writing ``reports/2024/03/brief.md`` should not need a mkdir first; the
    message then names the folder made, so a mistyped path does not go unnoticed). Returns the
    topmost folder created, if any; a path that cannot be a file is one ConfigError line."""
    from briefing.core.errors import ConfigError

    if not out.name or out.name in {".", ".."}:
        raise ConfigError("--out names a folder, not a file", "give --out a FILE, e.g. --out brief.md")
    folders = (out.parent, *out.parent.parents)
    blocker = next((f for f in folders if f.exists() and not f.is_dir()), None)
    if blocker is not None:
        raise ConfigError(f"cannot write --out {out}: {blocker} is a file, not a folder", _OUT_FIX)
    missing = [folder for folder in folders if not folder.exists()]
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"cannot create the folder {out.parent} for --out: {exc.strerror or exc}", _OUT_FIX
        ) from None
    return missing[-1] if missing else None


@click.command(epilog=DAILY_EXAMPLES)
@click.option("--date", "day", callback=parse_date, metavar="D", help="The day to brief [default: today].")
@click.option("-v", "--verbose", is_flag=True, help="Print what was ingested and written.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object: the files written, counts, failures."
)
@index_options
def daily(**kwargs: Any) -> None:
    """Ingest the configured feeds and folders, then write the day's brief (cron-friendly).

    Inputs come from the setting brief.inputs (BRIEFING_BRIEF__INPUTS='["https://x/feed.xml",
    "/data/inbox"]' or briefing.toml). The brief of articles published on the day is written to
    this index's briefs folder (<index>/briefs/, or brief.dir) as YYYY-MM-DD.md and
    YYYY-MM-DD.json (replaced on a re-run); "new since" compares with the previous daily brief of
    this index. Quiet unless something fails (--json: one JSON object on stdout); exit code 1 if
    any input failed.
    """
    friendly_errors(_daily)(**kwargs)


def _daily(
    day: dt.date | None, verbose: bool, as_json: bool, index: str | None, chroma_url: str | None
) -> None:
    import json

    from briefing.brief.saved import daily_path
    from briefing.core.brief_models import Window

    service = make_service(index, chroma_url)
    cfg = service.settings.brief
    failed = 0
    ingested: dict[str, Any] = {}
    if cfg.inputs:
        report = service.ingest(list(cfg.inputs))
        failed = len(report.failed)
        ingested = {
            "added": len(report.added),
            "replaced": len(report.replaced),
            "unchanged": len(report.unchanged),
            "updated": len(report.updated),
            "duplicates": len(report.duplicates),
            "skipped": report.skipped,
            "failed": [{"origin": f.origin, "reason": f.reason} for f in report.failed],
            "warnings": [{"origin": w.origin, "reason": w.reason} for w in report.warnings],
            "sentences": report.sentences,
            "chunks": report.chunks,
            "stopped": report.stopped,
        }
        for failure in report.failed:  # a file name may hold an escape sequence: shown, never obeyed
            click.echo(f"failed: {one_line(failure.origin)}: {one_line(failure.reason)}", err=True)
        for warning in report.warnings:
            click.echo(f"warning: {one_line(warning.origin)}: {one_line(warning.reason)}", err=True)
        if verbose and not as_json:
            click.echo(f"ingested: {report.summary()}")  # the line `briefing ingest` prints
    day = day or dt.date.today()
    target = daily_path(service.settings, day)
    window = Window(since=day, until=day, include_undated=cfg.include_undated)
    result = service.brief(window, replacing=target)
    paths = service.save_brief(result, stem=target.stem)
    if not cfg.inputs and not result.articles:  # a cron job that ingests nothing, briefing nothing
        click.echo(
            f"warning: no article published on {day.isoformat()} and brief.inputs is not set, so "
            "nothing was ingested — set it (BRIEFING_BRIEF__INPUTS or briefing.toml)",
            err=True,
        )
    if as_json:
        summary = {
            "date": day.isoformat(),
            "json": str(paths[0]),
            "markdown": str(paths[1]),
            "articles": result.articles,
            "stories": len(result.stories),
            "changes": len(result.changes),
            "previous": result.previous,
            "ingested": ingested,
        }
        click.echo(json.dumps(summary))
    elif verbose:
        click.echo(
            f"wrote {one_line(str(paths[1]))} and {one_line(paths[0].name)}: "
            f"{_stories(len(result.stories))}, {result.articles} article{'' if result.articles == 1 else 's'}"
        )
    sys.exit(1 if failed else 0)


def _stories(n: int) -> str:
    return f"{n} story" if n == 1 else f"{n} stories"
