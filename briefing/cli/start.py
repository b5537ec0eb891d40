"""The ``briefing`` script's entry point: start spaCy on the second core first, then run the CLI.

Why a module of its own: a cold ``briefing ask`` spends ~1.2 s of CPU (quiet machine) importing
spaCy and loading its model, and the same again importing click, Rich, pydantic, chromadb and
onnxruntime. Forked at the very start, the parse worker (:mod:`briefing.text.parse_worker`)
loads spaCy on the other core from t≈0.05 s instead of after the CLI's own imports (~0.3-0.5 s
later). So this module imports nothing heavy before it forks: no click, no pydantic, no numpy.

The fork is a guess made from ``argv`` alone (settings are not read yet): when the ask turns out
not to parse in a worker — the LLM engine, the checks switched off — ``Service.warm_up`` ends the
child and the ask goes on as before; any other exit ends it at interpreter exit.
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
    """Fork the parse worker for ``briefing ask``, then hand over to the click CLI."""
    if asks_once(sys.argv[1:]):
        import atexit

        from briefing.text.nlp import parse_aside, stop_parse_worker

        if parse_aside():
            atexit.register(stop_parse_worker)  # a usage error or --json-less exit never leaves it behind
    from briefing.cli.main import main as cli

    cli()
