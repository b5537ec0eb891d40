"""The CLI's error handler: one line and an exit code for users; the exception itself under tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import click
import pytest

from briefing.cli.options import friendly_errors
from briefing.core.errors import NotFound
from tests.conftest import RAISE_ERRORS, CliRunner


@click.command()
@click.argument("what")
@friendly_errors
def failing(what: str) -> None:
    if what == "bug":
        raise RuntimeError("boom")
    if what == "missing":
        raise NotFound("no article 'x'")
    click.echo("fine")


def test_the_session_runs_with_errors_raised() -> None:
    assert os.environ.get(RAISE_ERRORS) == "1"  # set by tests/conftest.py for every test


def test_under_tests_an_unexpected_exception_propagates() -> None:
    with pytest.raises(RuntimeError, match="boom"):
        CliRunner().invoke(failing, ["bug"])


def test_for_users_an_unexpected_exception_is_one_line_and_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RAISE_ERRORS)
    monkeypatch.delenv("BRIEFING_DEBUG", raising=False)
    result = CliRunner().invoke(failing, ["bug"])
    assert result.exit_code == 3 and result.stdout == ""
    assert (
        result.stderr == "error: unexpected RuntimeError: boom — rerun with BRIEFING_DEBUG=1 and report it\n"
    )


@pytest.mark.parametrize("raising", [True, False])
def test_a_briefing_error_is_the_products_answer_in_both_modes(
    monkeypatch: pytest.MonkeyPatch, raising: bool
) -> None:
    if not raising:
        monkeypatch.delenv(RAISE_ERRORS)
    result = CliRunner().invoke(failing, ["missing"])
    assert result.exit_code == 1
    assert result.stderr == "error: no article 'x' — list what is indexed with `briefing sources`\n"
    assert CliRunner().invoke(failing, ["ok"]).stdout == "fine\n"


_INTERRUPTED_WRITER = """
import threading, time
from briefing.cli.options import friendly_errors
from briefing.core.cancel import WRITER_THREAD

@friendly_errors
def ingesting():
    # an ingest's writer thread embedding a batch (non-daemon, as in ThreadPoolExecutor)
    threading.Thread(target=time.sleep, args=(30,), name=f"{WRITER_THREAD}_0").start()
    raise KeyboardInterrupt

ingesting()
"""


def test_ctrl_c_during_an_ingest_exits_at_once_not_after_the_batch() -> None:
    """After Ctrl-C printed 'interrupted', the process waited silently (up to a minute) for the
    writer thread's batch, with the write lock already released; it now exits at once."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_WRITER], capture_output=True, text=True, timeout=25
    )
    assert time.monotonic() - started < 10
    assert done.returncode == 130
    assert done.stderr == "error: interrupted — nothing half-written is kept; run the command again\n"
