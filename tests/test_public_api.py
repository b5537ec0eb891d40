"""The public surface stays exactly what it promises, and ``python -m briefing`` runs the CLI."""

from __future__ import annotations

import subprocess
import sys

import briefing
from briefing.core import errors

PUBLIC = {
    "Answer",
    "AnswerPart",
    "Article",
    "Brief",
    "BriefingError",
    "CancelToken",
    "Cancelled",
    "ConfigError",
    "DiskFull",
    "EmbedderError",
    "EmbedderMismatch",
    "FetchError",
    "Filters",
    "IndexCorrupt",
    "IndexLocked",
    "IndexUnwritable",
    "IngestReport",
    "InputError",
    "LLMError",
    "NotFound",
    "ServerGone",
    "Service",
    "Settings",
    "StoreError",
    "Window",
    "load_settings",
}


def test_all_is_exactly_the_public_surface() -> None:
    assert set(briefing.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(briefing, name) is not None


def test_every_error_class_is_public() -> None:
    tree = {n for n, v in vars(errors).items() if isinstance(v, type) and issubclass(v, errors.BriefingError)}
    assert tree <= PUBLIC


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "briefing", "--help"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0
    assert "ingest" in out.stdout and "ask" in out.stdout
