"""The ``briefing`` script's entry point: a one-shot ``ask`` starts spaCy on the second core first.

Why a module of its own: a cold ``briefing ask`` spends ~1 s of CPU (quiet machine) importing
spaCy and loading its model, and more again importing click, Rich, pydantic, chromadb and
onnxruntime. Forked at the very start, the parse worker (:mod:`briefing.text.parse_worker`)
loads spaCy on the other core from t≈0.05 s instead of after the CLI's own imports (~0.3-0.5 s
later). So this module imports little before it forks: no click, Rich, chromadb or onnxruntime —
only numpy and pydantic, which the CLI and spaCy both import: done once before the fork, the child
inherits them instead of importing them again (~0.3-0.5 s less CPU in all, measured).

The fork is a guess made from ``argv`` alone (settings are not read yet): when the ask turns out
not to parse in a worker — the LLM engine, the checks switched off — ``Service.warm_up`` ends the
child and the ask goes on as before.

Two more costs of a process that lives for one answer, both measured (bench/README.md):

- the cyclic garbage collector, run again and again while ~1,000 modules are imported and
  the index is read, scanning a heap that only grows: ~10-15 % of the CLI's CPU. A one-shot ask
  switches it off (the worker, forked after, too); reference counting still frees what it can.
- the interpreter's own finalisation after the answer is printed (a last collection over that
  heap, module teardown): 0.3-1 s in which the user only waits for the prompt. Once the command
  has returned and its output is flushed, the process ends with ``os._exit``. An ask writes
  nothing that needs a clean shutdown (answers are read-only; the ``.verified`` stamp is written
  and closed before). Exceptions other than ``SystemExit`` leave the ordinary way, with their
  traceback.
"""

from __future__ import annotations

import sys

# Options of the `briefing` group that take a value (cli/options.py `index_options`).
_GROUP_VALUED = frozenset({"--index", "--chroma-url"})
_HELP = frozenset({"-h", "--help", "--version"})


def command_of(args: list[str]) -> str | None:
    """The subcommand named in ``args`` (after the group's own options), or ``None``."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _GROUP_VALUED:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def asks_once(args: list[str]) -> bool:
    """Whether ``args`` run one ``ask`` (not its ``--help``): the case a forked parse worker pays for."""
    return command_of(args) == "ask" and not _HELP.intersection(args)


def main() -> None:
    """Run the click CLI; a one-shot ``ask`` forks the parse worker first and exits without teardown."""
    if not asks_once(sys.argv[1:]):
        from briefing.cli.main import main as cli

        cli()
        return
    import gc

    gc.disable()  # before the fork: the worker lives for one question too
    import numpy  # noqa: F401  (both processes need these two: imported once, shared by the fork)
    import pydantic.main  # noqa: F401

    from briefing.text.nlp import parse_aside, stop_parse_worker

    parse_aside()
    try:
        from briefing.cli.main import main as cli

        cli()
        code: object = 0
    except SystemExit as done:
        code = done.code
    finally:
        stop_parse_worker()  # a usage error ends before the ask's own `finally` would
    _exit_now(code)


def _exit_now(code: object) -> None:
    """``sys.exit(code)``'s outcome — message, status — without the interpreter's teardown."""
    import os

    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (`| head`): nothing more can be said anyway
        code = code or 1
    os._exit(code or 0)
