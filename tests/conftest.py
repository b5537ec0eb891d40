"""Shared fixtures: real settings, a real Service over a temporary on-disk index, a seeded index.

Every fixture isolates the environment: no ``BRIEFING_*`` variable, no ``./briefing.toml`` (the
working directory is a temporary one) and no ``~/.config/briefing/config.toml`` (HOME points at
an empty directory while the settings are read). Nothing is mocked: Chroma runs embedded on disk
and the bundled MiniLM embedder is used.

``BRIEFING_RAISE_ERRORS`` is set for the whole session (and kept by :func:`isolate`): the CLI's
error handler then re-raises unexpected exceptions, so no test passes on a swallowed one.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click.testing
import pytest

from briefing.core.models import Article, IngestReport, text_hash
from briefing.core.settings import Settings, load_settings
from briefing.service.facade import Service
from briefing.text.sentences import sentences_of
from tests.index_probe import ChromaServer
from tests.llm_server import FakeLLM

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
RAISE_ERRORS = "BRIEFING_RAISE_ERRORS"
os.environ[RAISE_ERRORS] = "1"  # the session's; subprocesses get it through index_probe.env


def isolate(mp: pytest.MonkeyPatch, cwd: Path) -> None:
    """Remove every BRIEFING_* variable but RAISE_ERRORS and work from ``cwd`` (no briefing.toml found)."""
    for name in list(os.environ):
        if name.startswith("BRIEFING_") and name != RAISE_ERRORS:
            mp.delenv(name)
    mp.chdir(cwd)


def settings_for(mp: pytest.MonkeyPatch, root: Path, **overrides: object) -> Settings:
    """Settings read in an isolated environment, with the index under ``root/index``."""
    isolate(mp, root)
    home = root / "home"
    home.mkdir(exist_ok=True)
    with mp.context() as local:
        local.setenv("HOME", str(home))
        loaded = load_settings()
    return loaded.with_overrides(**{"storage.path": str(root / "index"), **overrides})


class CliRunner(click.testing.CliRunner):
    """click's test runner, but an unexpected exception fails the test: click's default would make
    it exit code 1, which a test expecting a refusal would take for the product's answer."""

    def invoke(self, *args: Any, **kwargs: Any) -> click.testing.Result:
        kwargs.setdefault("catch_exceptions", False)
        return super().invoke(*args, **kwargs)


def make_article(
    aid: str, text: str, title: str = "", source: str = "Test Wire", published: dt.date | None = None
) -> Article:
    """An article as ingest builds it (real sentences), without an index."""
    sentences = sentences_of(aid, text)
    return Article(
        id=aid,
        title=title,
        source=source,
        published=published,
        ingested_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        sources=[source] if source else [],
        text_hash=text_hash(text),
        sentence_count=len(sentences),
        text=text,
        sentences=sentences,
    )


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    return settings_for(monkeypatch, tmp_path)


@pytest.fixture
def service(settings: Settings) -> Service:
    return Service(settings)


@dataclass(frozen=True)
class Seeded:
    """The seeds/ directory ingested once per session; treat it as read-only."""

    settings: Settings
    service: Service
    report: IngestReport
    article_id: str


@pytest.fixture(scope="session")
def seeded_index(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    root = tmp_path_factory.mktemp("seeded")
    with pytest.MonkeyPatch.context() as mp:  # undone before the tests run: cwd and env restored
        settings = settings_for(mp, root)
        service = Service(settings)
        report = service.ingest([str(SEEDS)])
    assert len(report.added) == 1, report
    return Seeded(settings, service, report, report.added[0])


@pytest.fixture(scope="session")
def make_index(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, list[str]], Service]:
    """``make_index(name, inputs)``: a Service over a fresh index holding ``inputs`` (all must ingest)."""

    def make(name: str, inputs: list[str]) -> Service:
        root = tmp_path_factory.mktemp(name)
        with pytest.MonkeyPatch.context() as mp:
            service = Service(settings_for(mp, root))
            report = service.ingest(inputs)
        assert report.ok, report.failed
        return service

    return make


@pytest.fixture(scope="session")
def fake() -> Iterator[FakeLLM]:
    """The scripted OpenAI-compatible server (tests/llm_server.py) on 127.0.0.1, for a whole session."""
    with FakeLLM() as server:
        yield server


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` server for the whole session (it takes seconds to start); tests keep
    apart by collection name."""
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server")).start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def copy_seeded(
    seeded_index: Seeded, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str, list[str]], Service]:
    """``copy_seeded(name, more_inputs)``: a Service over a copy of the seeded index (for tests
    that write), with ``more_inputs`` ingested into it; cheaper than ingesting seeds/ again."""

    def copy(name: str, more: list[str]) -> Service:
        root = tmp_path_factory.mktemp(name)
        shutil.copytree(seeded_index.settings.storage.path, root / "index")
        with pytest.MonkeyPatch.context() as mp:
            service = Service(settings_for(mp, root))
            report = service.ingest(more) if more else IngestReport()
        assert report.ok and service.index.count() == 1 + len(report.added), report
        return service

    return copy


# The files that take longest, longest first (by `--durations` of a whole run): with `-n 2 --dist
# loadfile` a slow file handed out last keeps one worker busy after the other is done; longest-first
# keeps the two workers' finishing times close (the suite's 5-minute budget). The rest follow in
# collection order; each of them takes a few seconds at most.
SLOW_FIRST = (
    "tests/service/test_crash.py",  # six CLI runs, four of them killed; two indexes compared
    "tests/store/test_full_disk.py",  # three ingests of the same corpus
    "tests/store/test_damage.py",  # each case runs the CLI in a subprocess
    "tests/store/test_killed_server.py",  # two `chroma run` starts, two ingests of 150 records
    "tests/service/test_health.py",  # each doctor run checks the store in a subprocess
    "tests/cli/test_cli.py",
    "tests/tui/test_cancel.py",
    "tests/tui/test_app.py",
    "tests/service/test_ingest_stop.py",
    "tests/text/test_spacy_import.py",
    "tests/service/test_write_lock.py",
    "tests/tui/test_snapshots.py",
    "tests/inputs/test_bad_inputs.py",
    "tests/tui/test_brief.py",
    "tests/tui/test_ask.py",
    "tests/tui/test_ingest.py",
    "tests/tui/test_llm_stream.py",
    "tests/brief/test_brief_fakes.py",
    "tests/cli/test_llm_cli.py",
    "tests/tui/test_library.py",
    "tests/service/test_service.py",
    "tests/tui/test_safety.py",
    "tests/inputs/test_sources.py",
)


def pytest_configure(config: pytest.Config) -> None:
    """Keep the order above for xdist: by default `--dist loadfile` re-sorts files by their number
    of tests, most first, which put the slowest files (one or two tests each) at the very end."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow files first (a stable sort: the order inside a file and of the other files is kept)."""

    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return SLOW_FIRST.index(path) if path in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)
