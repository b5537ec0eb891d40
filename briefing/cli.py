"""The `briefing` command line: ingest articles, ask questions, browse what is indexed.

Every command prints errors as one line (what went wrong — how to fix it) and exits non-zero;
tracebacks are shown only with BRIEFING_DEBUG=1. ``--json`` prints machine-readable output.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click
from rich.console import Console

from briefing.errors import BriefingError, ConfigError

F = TypeVar("F", bound=Callable[..., Any])
EXAMPLES = """
\b
Examples:
  briefing ingest seeds/                       index the bundled sample articles
  briefing ingest feeds.xml https://x.org/a.html --published 2020-02-24
  briefing ask "How many Turkish soldiers were deployed in Idlib?"
  briefing ask "Who denied the strike?" --since 2020-02-01 --json
  briefing sources                             list indexed articles
  briefing show d928a897                       one article, sentences numbered
"""


def _console(stderr: bool = False) -> Console:
    """Rich console; on stderr lines are never wrapped, so each error stays one line."""
    return Console(stderr=stderr, highlight=False, soft_wrap=stderr)


def _fail(message: str, code: int = 1) -> None:
    _console(stderr=True).print(f"error: {message}", markup=False, highlight=False)
    sys.exit(code)


def friendly_errors(func: F) -> F:
    """Turn every failure into one line on stderr and an exit code; never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BriefingError as exc:
            _fail(exc.one_line())
        except KeyboardInterrupt:
            _fail("interrupted — nothing half-written is kept; run the command again", 130)
        except Exception as exc:
            if os.environ.get("BRIEFING_DEBUG"):
                raise
            _fail(f"unexpected {type(exc).__name__}: {exc} — rerun with BRIEFING_DEBUG=1 and report it", 3)

    return wrapper  # type: ignore[return-value]


def _date(_ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2020-02-24") from None


def _service(index: str | None, chroma_url: str | None) -> Any:
    from briefing.service import Service
    from briefing.settings import load_settings

    settings = load_settings().with_overrides(**{"storage.path": index, "storage.chroma_url": chroma_url})
    return Service(settings)


def index_options(func: F) -> F:
    func = click.option(
        "--chroma-url",
        metavar="URL",
        help="Use a Chroma server (http://HOST:PORT) instead of the local index.",
    )(func)
    func = click.option(
        "--index", "index", metavar="DIR", help="Index directory [env BRIEFING_INDEX; default ./index]."
    )(func)
    return func


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group(epilog=EXAMPLES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing")
def main() -> None:
    """Source-grounded briefings and answers from news articles, offline.

    Ingest articles (text, Markdown, HTML, RSS/Atom, JSON/JSONL, URLs), then ask questions:
    every answer is made of source sentences, each cited with the article it comes from.
    Settings: BRIEFING_* environment variables or briefing.toml (see the README).
    """


@main.command(epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL...")
@click.option(
    "--published", callback=_date, metavar="DATE", help="Publication date for inputs that carry none."
)
@click.option("--source", metavar="NAME", help="Source name (outlet) for inputs that carry none.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; print only failures and the summary.")
@index_options
@friendly_errors
def ingest(
    inputs: tuple[str, ...],
    published: dt.date | None,
    source: str | None,
    as_json: bool,
    quiet: bool,
    index: str | None,
    chroma_url: str | None,
) -> None:
    """Index files, directories (recursive), globs and http(s) URLs.

    Re-ingesting is safe: unchanged articles are skipped, a changed file replaces its old
    version, and the same text from two files is stored once. A bad file is reported on one
    line and the rest goes on; the exit code is 1 if anything failed.
    """
    from briefing import display

    service = _service(index, chroma_url)
    with _progress(enabled=not quiet and not as_json) as progress:
        report = service.ingest(list(inputs), published=published, source=source, progress=progress)
    if as_json:
        _print_json(report.model_dump(mode="json"))
    else:
        display.ingest_summary(_console(), _console(stderr=True), report)
    sys.exit(0 if report.ok else 1)


class _progress:  # noqa: N801 - used as a context manager like a function
    """A rich progress bar on stderr, or nothing when disabled or not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and _console(stderr=True).is_terminal
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Callable[[str, float, int], None] | None:
        if not self.enabled:
            return None
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            TaskProgressColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[item]}", markup=False),
            console=_console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("ingest", total=None, item="")
        return self._update

    def _update(self, label: str, done: float, total: int) -> None:
        from briefing.display import safe

        self._bar.update(self._task, completed=done, total=total, item=safe(os.path.basename(label))[:50])

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


@main.command(epilog=EXAMPLES)
@click.argument("question")
@click.option("-k", "--k", "k", type=click.IntRange(1, 100), help="Articles to retrieve [default 5].")
@click.option("--since", callback=_date, metavar="DATE", help="Only articles published on or after DATE.")
@click.option("--until", callback=_date, metavar="DATE", help="Only articles published on or before DATE.")
@click.option("--source", metavar="NAME", help="Only articles from this source.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer, sources and retrieval as JSON.")
@index_options
@friendly_errors
def ask(
    question: str,
    k: int | None,
    since: dt.date | None,
    until: dt.date | None,
    source: str | None,
    as_json: bool,
    index: str | None,
    chroma_url: str | None,
) -> None:
    """Answer QUESTION from the indexed articles, citing every sentence.

    The offline engine quotes the best supporting sentences verbatim; when nothing supports an
    answer it says so and lists the closest sentences as related.
    """
    from briefing import display
    from briefing.models import Filters

    if since and until and since > until:
        raise ConfigError(f"--since {since} is after --until {until}", "swap the two dates")
    service = _service(index, chroma_url)
    result = service.ask(question, k=k, filters=Filters(since=since, until=until, source=source))
    if as_json:
        _print_json(
            result.model_dump(mode="json", exclude={"related", "engine"}) | {"related": result.related}
        )
    else:
        display.answer(_console(), result)


@main.command(epilog=EXAMPLES)
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@index_options
@friendly_errors
def sources(as_json: bool, index: str | None, chroma_url: str | None) -> None:
    """List indexed articles: id, date, source, title, sentences (newest first)."""
    from briefing import display

    infos = _service(index, chroma_url).list_articles()
    if as_json:
        _print_json([info.model_dump(mode="json") for info in infos])
    else:
        display.articles_table(_console(), infos)


@main.command(epilog=EXAMPLES)
@click.argument("article_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the article and its sentences as JSON.")
@index_options
@friendly_errors
def show(article_id: str, as_json: bool, index: str | None, chroma_url: str | None) -> None:
    """Show one article (ID or a unique prefix of it) with its sentences numbered."""
    from briefing import display

    found = _service(index, chroma_url).get_article(article_id)
    if as_json:
        _print_json(found.model_dump(mode="json"))
    else:
        display.article(_console(), found)


if __name__ == "__main__":
    main()
