"""What every command shares: options, the service factory, JSON output and one-line errors.

Declared once so that ``--index``, ``--chroma-url``, ``--model``, ``--base-url``, ``--engine`` and
date options read the same in every command's ``--help``, and every command fails the same way:
one line on stderr (what went wrong — how to fix it) and a non-zero exit; never a traceback.
Tests set ``BRIEFING_RAISE_ERRORS=1`` so that no test can pass on a swallowed exception;
``BRIEFING_DEBUG=1`` shows the traceback of an unexpected error (the API key blanked in it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console

from briefing.core.cancel import WRITER_THREAD
from briefing.core.errors import BriefingError
from briefing.text.safe import one_line

if TYPE_CHECKING:
    from briefing.service.facade import Service

F = TypeVar("F", bound=Callable[..., Any])


def console(stderr: bool = False) -> Console:
    """Rich console; on stderr lines are never wrapped, so each error stays one line."""
    return Console(stderr=stderr, highlight=False, soft_wrap=stderr)


def working(what: str) -> Any:
    """A spinner on stderr while a long step runs (a brief over 400 articles took 14 s in
    silence, an LLM brief minutes); nothing when stderr is not a terminal, so scripts see no
    change. A context manager."""
    import contextlib

    errors = console(stderr=True)
    if not errors.is_terminal:
        return contextlib.nullcontext()
    return errors.status(f"{what}… (ctrl+c stops)")


def fail(message: str, code: int = 1) -> None:
    """The one error line; what it names (a path, a URL, a file name from a feed) may hold control
    characters, shown escaped (Rich drops BEL but passes ESC on), and never the API key."""
    from briefing.llm.secrets import scrub

    console(stderr=True).print(f"error: {one_line(scrub(message))}", markup=False, highlight=False)
    sys.exit(code)


def interrupted() -> None:
    """Ctrl-C: one line, then exit at once. An ingest's writer thread embedding a batch held the
    exit for up to a minute after the line was printed (the interpreter joins it), silently and
    no longer under the write lock; a stop at any point is safe, the next ingest completes it."""
    fail_line = "interrupted — nothing half-written is kept; run the command again"
    console(stderr=True).print(f"error: {fail_line}", markup=False, highlight=False)
    if any(t.name.startswith(WRITER_THREAD) and t.is_alive() for t in threading.enumerate()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    sys.exit(130)


def raise_errors() -> bool:
    """Whether errors propagate instead of becoming one line (tests, debugging)."""
    return bool(os.environ.get("BRIEFING_RAISE_ERRORS"))


def friendly_errors(func: F) -> F:
    """Turn every failure into one line on stderr and an exit code; never a traceback.

    Under ``BRIEFING_RAISE_ERRORS`` an unexpected exception propagates (the line for a
    :class:`BriefingError` is the product's answer and stays, so tests can check it).
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BriefingError as exc:
            fail(exc.one_line())
        except KeyboardInterrupt:
            interrupted()
        except Exception as exc:
            if raise_errors():
                raise
            if os.environ.get("BRIEFING_DEBUG"):
                debug_traceback()
            fail(f"unexpected {type(exc).__name__}: {exc} — rerun with BRIEFING_DEBUG=1 and report it", 3)

    return wrapper  # type: ignore[return-value]


def debug_traceback() -> None:
    """``BRIEFING_DEBUG=1``: the traceback of the exception being handled, with the API key and
    credential-looking strings blanked (an exception's message may quote a request or a URL)."""
    import traceback

    from briefing.llm.secrets import scrub

    sys.stderr.write(scrub(traceback.format_exc()))
    sys.exit(3)


def parse_date(
    _ctx: click.Context | None, _param: click.Parameter | None, value: str | None
) -> dt.date | None:
    """A click callback: YYYY-MM-DD (or 13/03/2024, which reads one way only), or a one-line usage
    error that shows the format; 05/03/2024 is refused with both ISO spellings, never guessed."""
    from briefing.text.written_dates import read_day

    if value is None:
        return None
    try:
        return read_day(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def make_service(index: str | None, chroma_url: str | None, **overrides: Any) -> Service:
    """A Service over the settings with the flags applied (``overrides``: dotted names, e.g. llm.model)."""
    from briefing.core.settings import load_settings
    from briefing.service.facade import Service

    flags = {"storage.path": index, "storage.chroma_url": chroma_url, **overrides}
    return Service(load_settings().with_overrides(**flags))


def _from_parent(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A command's own flag wins; else the one given before it (``briefing --index DIR ask ...``).

    Without this the group's flag was silently dropped and the command read ./index instead.
    """
    if value is None and ctx.parent is not None and param.name is not None:
        inherited = ctx.parent.params.get(param.name)
        return inherited if isinstance(inherited, str) else None
    return value


def index_options(func: F) -> F:
    """--index and --chroma-url: which index a command reads or writes."""
    func = click.option(
        "--chroma-url",
        metavar="URL",
        callback=_from_parent,
        help="Use a Chroma server (http://HOST:PORT) instead of the local index [env BRIEFING_CHROMA_URL].",
    )(func)
    func = click.option(
        "--index",
        "index",
        metavar="DIR",
        callback=_from_parent,
        help="Index directory [env BRIEFING_INDEX; default ./index].",
    )(func)
    return func


def llm_options(func: F) -> F:
    """--model and --base-url: which OpenAI-compatible endpoint writes LLM answers."""
    func = click.option(
        "--base-url",
        metavar="URL",
        help="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 [env OPENAI_BASE_URL].",
    )(func)
    func = click.option("--model", metavar="NAME", help="LLM model name [env BRIEFING_MODEL].")(func)
    return func


def engine_option(what: str, choices: tuple[str, ...] = ("auto", "extractive", "llm")) -> Callable[[F], F]:
    """--engine: ``what`` is who the engine writes for (answers, key developments)."""
    return click.option(
        "--engine",
        type=click.Choice(list(choices)),
        help=f"Who writes {what}: extractive (offline), llm, or auto (the LLM when configured) "
        "[default auto].",
    )


def print_json(data: Any) -> None:
    """JSON on stdout; control and bidi characters from articles escaped (``\\u009b``), not raw."""
    from briefing.text.safe import json_safe

    click.echo(json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=str)))
