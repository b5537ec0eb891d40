"""Running `briefing` as a user does: the real console script in a subprocess, or in-process.

Both see the same clean environment: no inherited ``BRIEFING_*`` / ``OPENAI_*`` variable (but
``BRIEFING_RAISE_ERRORS=1``, so an unexpected exception fails the test instead of becoming an
error line), no forced colour, HOME and the working directory in the test's tmp dir. The
subprocess is the real thing (entry point, process exit, stream encoding); a few tests use it.
The rest run the same click command in-process with click's CliRunner: the same code from the
command down, without paying 2-5 s of interpreter start and imports per call.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

from briefing.cli.main import main
from tests.conftest import CliRunner
from tests.index_probe import COMMAND

_DROP = {"FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR"}
Result = subprocess.CompletedProcess[str]


def _dropped(name: str) -> bool:
    return name.startswith(("BRIEFING_", "OPENAI_")) or name in _DROP


def _fixed(cwd: Path, columns: int) -> dict[str, str]:
    return {
        "HOME": str(cwd),
        "COLUMNS": str(columns),
        "PYTHONIOENCODING": "utf-8",
        "BRIEFING_RAISE_ERRORS": "1",
    }


def console_script(
    *args: str, cwd: Path, env: Mapping[str, str | None] | None = None, columns: int = 400
) -> Result:
    """The installed `briefing` script in a subprocess (``env``: additions; None removes one)."""
    full = {k: v for k, v in os.environ.items() if not _dropped(k)} | _fixed(cwd, columns)
    for name, value in (env or {}).items():
        full.pop(name, None)
        if value is not None:
            full[name] = value
    return subprocess.run(
        [*COMMAND, *args],
        cwd=cwd,
        env=full,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )


def in_process(
    *args: str, cwd: Path, env: Mapping[str, str | None] | None = None, columns: int = 400
) -> Result:
    """The same command through click's CliRunner, in this process (stdout and stderr apart)."""
    full: dict[str, str | None] = {k: None for k in os.environ if _dropped(k)}
    full |= _fixed(cwd, columns)
    full |= dict(env or {})
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        result = CliRunner().invoke(main, list(args), env=full)
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)
