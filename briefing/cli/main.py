"""The `briefing` command line: ingest articles, ask questions, browse what is indexed.

Every command prints errors as one line (what went wrong — how to fix it) and exits non-zero;
tracebacks are shown only with BRIEFING_DEBUG=1. ``--json`` prints machine-readable output.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from briefing.cli import brief as brief_commands
from briefing.cli import delete as delete_commands
from briefing.cli import evaluate as eval_commands
from briefing.cli.options import (
    console,
    engine_option,
    friendly_errors,
    index_options,
    llm_options,
    make_service,
    parse_date,
    print_json,
    working,
)
from briefing.core.errors import ConfigError
from briefing.text.safe import one_line

EXAMPLES = """
\b
Examples:
  briefing ingest seeds/                       index the bundled sample articles
  briefing ingest feeds.xml https://x.org/a.html --published 2020-02-24
  briefing ask "How many Turkish soldiers were deployed in Idlib?"
  briefing ask "Who denied the strike?" --since 2020-02-01 --json
  briefing ask "What is the latest death toll in Idlib?" --as-of 2017-04-10
  briefing sources                             list indexed articles
  briefing show d928a897                       one article, sentences numbered
  briefing ask "Who denied the strike?" --engine llm --model llama3.1 --base-url http://localhost:11434/v1
  briefing doctor                              check the index, the embedder and the LLM endpoint
"""


def _examples(*lines: str) -> str:
    """A command's own examples (the \\b line keeps click from re-wrapping them)."""
    return "\n\b\nExamples:\n" + "".join(f"  {line}\n" for line in lines)


INGEST_EXAMPLES = _examples(
    "briefing ingest seeds/                       index the bundled sample articles",
    "briefing ingest feeds.xml https://x.org/a.html --published 2020-02-24",
    "briefing ingest wire.jsonl --source Reuters  a source for records that name none",
    "briefing ingest seeds/ --json                the report as JSON (added, updated, failed...)",
)
ASK_EXAMPLES = _examples(
    'briefing ask "How many Turkish soldiers were deployed in Idlib?"',
    'briefing ask "Who denied the strike?" --since 2020-02-01 --json',
    'briefing ask "What is the latest death toll in Idlib?" --as-of 2017-04-10',
    'briefing ask "Who warned Ankara?" --source "Press TV"',
    'briefing ask "Who denied the strike?" --engine llm --model llama3.1 --base-url http://localhost:11434/v1',
)
SOURCES_EXAMPLES = _examples(
    "briefing sources                             list indexed articles, newest first",
    "briefing sources --json                      the same as JSON (ids, dates, sources, titles)",
    "briefing sources --index /data/syria-index   another index",
)
DOCTOR_EXAMPLES = _examples(
    "briefing doctor                              the index, the embedder, the LLM endpoint if one is set",
    "briefing doctor --model llama3.1 --base-url http://localhost:11434/v1   does it answer, list the model?",
    "briefing doctor --json                       the checks as JSON (name, status, summary, details)",
)
REPAIR_EXAMPLES = _examples(
    "briefing repair                              after `ask` or `doctor` named a damaged file",
    "briefing repair --index /data/syria-index --json",
)
SHOW_EXAMPLES = _examples(
    "briefing show d928a897                       one article (an id prefix), sentences numbered",
    "briefing show d928a897 --json                the article and its sentences as JSON",
)


@click.group(
    epilog=EXAMPLES, context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True
)
@click.version_option(package_name="briefing")
@index_options
@click.pass_context
def main(ctx: click.Context, index: str | None, chroma_url: str | None) -> None:
    """Source-grounded briefings and answers from news articles, offline.

    Ingest articles (text, Markdown, HTML, RSS/Atom, JSON/JSONL, URLs), then ask questions:
    every answer is made of source sentences, each cited with the article it comes from.
    Settings: BRIEFING_* environment variables or briefing.toml (see the README).
    With no command, opens the terminal UI (`briefing tui`). --index/--chroma-url given
    here apply to the command that follows unless it names its own.
    """
    if ctx.invoked_subcommand is not None:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        click.echo(ctx.get_help())  # no terminal to draw on: say what there is instead
        return
    _open_tui(index, chroma_url)


@main.command()
@index_options
def tui(index: str | None, chroma_url: str | None) -> None:
    """Open the terminal UI: ask with citations, browse the library, ingest, briefs (also: `briefing`)."""
    _open_tui(index, chroma_url)


@friendly_errors
def _open_tui(index: str | None, chroma_url: str | None) -> None:
    from briefing.tui.app import run  # textual loads only here, never for the other commands

    run(make_service(index, chroma_url))


@main.command(epilog=INGEST_EXAMPLES)
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL...")
@click.option(
    "--published",
    callback=parse_date,
    metavar="DATE",
    help="Publication date (YYYY-MM-DD) for inputs that carry none or one that cannot be read.",
)
@click.option("--source", metavar="NAME", help="Source name (outlet) for inputs that carry none.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; print only failures and the summary.")
@click.option(
    "--follow-symlinks", is_flag=True, help="Read symbolic links in folders that lead out of the folder."
)
@index_options
@friendly_errors
def ingest(
    inputs: tuple[str, ...],
    published: dt.date | None,
    source: str | None,
    as_json: bool,
    quiet: bool,
    follow_symlinks: bool,
    index: str | None,
    chroma_url: str | None,
) -> None:
    """Index files, directories (recursive), globs and http(s) URLs.

    Re-ingesting is safe: unchanged articles are skipped, a changed file replaces its old
    version, and the same text from two files is stored once. An article's only input read again
    with a new --published, --source or title has its metadata updated ("1 updated (metadata)"). A bad
    file is reported on one line and the rest goes on; the exit code is 1 if an input or record was
    not indexed. A warning (a date that cannot be read: the article is indexed undated) is not a failure.
    """
    from briefing.cli import render as display

    service = make_service(index, chroma_url)
    with _progress(enabled=not quiet and not as_json) as progress:
        report = service.ingest(
            list(inputs),
            published=published,
            source=source,
            progress=progress,
            follow_symlinks=follow_symlinks,
        )
    if as_json:
        print_json(report.model_dump(mode="json"))
    else:
        display.ingest_summary(console(), console(stderr=True), report)
    sys.exit(0 if report.ok else 1)


class _progress:  # noqa: N801 - used as a context manager like a function
    """A rich progress bar on stderr, or nothing when disabled or not a terminal.

    A spinner and the elapsed time move from the first moment: the bar itself moves only when a
    batch of articles is stored, and a large first file (opening the index, reading, embedding
    its first 128 articles) otherwise sat at a still "0%" for tens of seconds, looking hung.
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and console(stderr=True).is_terminal
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Callable[[str, float, int], None] | None:
        if not self.enabled:
            return None
        from rich import progress as bar

        self._bar = bar.Progress(
            bar.SpinnerColumn(),
            bar.TextColumn("[bold]ingest"),
            bar.BarColumn(bar_width=30),
            bar.TaskProgressColumn(),
            bar.TimeElapsedColumn(),
            bar.TextColumn("{task.fields[item]}", markup=False),
            console=console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("ingest", total=None, item="opening the index")
        return self._update

    def _update(self, label: str, done: float, total: int) -> None:
        from briefing.text.safe import safe

        self._bar.update(self._task, completed=done, total=total, item=safe(os.path.basename(label))[:50])

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


@main.command(epilog=ASK_EXAMPLES)
@click.argument("question")
@click.option("-k", "--k", "k", type=click.IntRange(1, 100), help="Articles to retrieve [default 5].")
@click.option(
    "--since", callback=parse_date, metavar="DATE", help="Only articles published on or after DATE."
)
@click.option(
    "--until", callback=parse_date, metavar="DATE", help="Only articles published on or before DATE."
)
@click.option("--source", metavar="NAME", help="Only articles from this source.")
@click.option(
    "--as-of",
    "as_of",
    callback=parse_date,
    metavar="DATE",
    help="Answer as of DATE: nothing published later; latest/today/yesterday/this week count back "
    "from it [default: today].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the answer, sources and retrieval as JSON.")
@engine_option("answers")
@click.option("--strict", is_flag=True, help="Drop LLM sentences not supported by what they cite.")
@llm_options
@index_options
@friendly_errors
def ask(
    question: str,
    k: int | None,
    since: dt.date | None,
    until: dt.date | None,
    source: str | None,
    as_of: dt.date | None,
    as_json: bool,
    engine: str | None,
    strict: bool,
    model: str | None,
    base_url: str | None,
    index: str | None,
    chroma_url: str | None,
) -> None:
    """Answer QUESTION from the indexed articles, citing every sentence.

    The offline engine quotes the best supporting sentences verbatim; when nothing supports an
    answer it says so and lists the closest sentences as related. With an LLM configured
    (BRIEFING_MODEL plus OPENAI_BASE_URL or OPENAI_API_KEY, or --model/--base-url) the answer is
    written by the model and streamed; every sentence is checked against the sentences it cites
    and flagged when unsupported (dropped with --strict). If the LLM fails, the extractive answer
    is shown with a one-line note.

    A sentence answers only when it matches the question's names and key phrases as units, its
    asked relation and measure, and holds an answer of the asked kind (a person for who, a date
    for when, a number for how many); that answer is highlighted. Otherwise nothing is asked of
    the LLM either. Figures from different dates are listed newest first with their dates.
    """
    from briefing.cli import render as display
    from briefing.core.models import Filters
    from briefing.text.nlp import stop_parse_worker

    if since and until and since > until:
        raise ConfigError(f"--since {since} is after --until {until}", "swap the two dates")
    service = make_service(index, chroma_url, **{"llm.model": model, "llm.base_url": base_url})
    service.warm_up(once=True, engine=engine)  # spaCy loads on the other core while the index opens
    streamed: list[str] = []

    def show(text: str) -> None:  # streamed LLM text, markers already complete
        streamed.append(text)
        click.echo(display.safe(text), nl=False)
        sys.stdout.flush()

    live = None if as_json or strict else show
    filters = Filters(since=since, until=until, source=source, as_of=as_of)
    try:
        result = service.ask(question, k=k, filters=filters, engine=engine, strict=strict, on_text=live)
    finally:
        stop_parse_worker()
    if as_json:
        said = {"related": result.related, "as_of": (as_of or dt.date.today()).isoformat()}
        print_json(result.model_dump(mode="json", exclude={"related"}) | said)
        return
    if streamed:
        click.echo()
    body_shown = bool(streamed) and result.engine == "llm" and not result.abstained
    display.answer(console(), result, streamed=body_shown)


@main.command(epilog=DOCTOR_EXAMPLES)
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
@llm_options
@index_options
@friendly_errors
def doctor(
    as_json: bool, model: str | None, base_url: str | None, index: str | None, chroma_url: str | None
) -> None:
    """Check the embedder, the index and the LLM endpoint (does it answer, which models it lists).

    Never prints the API key, only whether OPENAI_API_KEY is set. Exit code 1 if a check failed.
    """
    from dataclasses import asdict

    from briefing.cli import render as display

    checks = make_service(index, chroma_url, **{"llm.model": model, "llm.base_url": base_url}).doctor()
    if as_json:
        print_json([asdict(check) for check in checks])
    else:
        display.doctor(console(), checks)
    sys.exit(1 if any(check.status == "fail" for check in checks) else 0)


@main.command(epilog=REPAIR_EXAMPLES)
@click.option("--json", "as_json", is_flag=True, help="Print what was found and done as JSON.")
@index_options
@friendly_errors
def repair(as_json: bool, index: str | None, chroma_url: str | None) -> None:
    """Rebuild what a damaged index can be rebuilt from: the vector index from the stored vectors and
    texts (re-embedding what is missing), and the BM25 cache. Says what it found and did.

    The damaged files are kept beside the index. A damaged index database cannot be rebuilt:
    restore it from a backup, or ingest the inputs again into a new --index DIR.
    """
    with working("Checking the index and rebuilding what is damaged"):  # re-embedding takes minutes
        lines = make_service(index, chroma_url).repair()
    if as_json:
        print_json({"done": lines})
    else:
        for line in lines:
            click.echo(one_line(line))


@main.command(epilog=SOURCES_EXAMPLES)
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@index_options
@friendly_errors
def sources(as_json: bool, index: str | None, chroma_url: str | None) -> None:
    """List indexed articles: id, date, source, title, sentences (newest first)."""
    from briefing.cli import render as display
    from briefing.core.errors import StoreError

    service = make_service(index, chroma_url)
    if not service.exists:  # a mistyped --index lists nothing: say so, as ask and doctor do
        where = service.settings.storage.chroma_url or service.settings.storage.path
        fix = "run briefing ingest PATH first, or pass --index DIR"
        raise StoreError(f"there is no index at {where}", fix)
    infos = service.list_articles()
    if as_json:
        print_json([info.model_dump(mode="json") for info in infos])
    else:
        display.articles_table(console(), infos)


@main.command(epilog=SHOW_EXAMPLES)
@click.argument("article_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the article and its sentences as JSON.")
@index_options
@friendly_errors
def show(article_id: str, as_json: bool, index: str | None, chroma_url: str | None) -> None:
    """Show one article (ID or a unique prefix of it) with its sentences numbered."""
    from briefing.cli import render as display

    found = make_service(index, chroma_url).get_article(article_id)
    if as_json:
        print_json(found.model_dump(mode="json"))
    else:
        display.article(console(), found)


main.add_command(brief_commands.brief)
main.add_command(brief_commands.daily)
main.add_command(eval_commands.eval_command)
main.add_command(delete_commands.delete)
