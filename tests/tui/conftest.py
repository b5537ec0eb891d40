"""Fixtures for the terminal UI: one real index built once per session, fixed clock, helpers.

Ingesting loads the embedder (~2 s), so ``seeds/`` and a few tiny articles written here (one of
them hostile: Rich markup, a Textual action and an ANSI escape in its title and text) are
indexed once; each test gets its own history file so tests stay independent.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing.service.facade import Service
from briefing.tui.app import BriefingApp, fixed_clock
from briefing.tui.history import History
from tests.tui.helpers import ARTICLES, NOW, ROOT, GatedService, OwnBriefs, settings_for


@pytest.fixture(scope="session")
def articles_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory, articles_dir: Path) -> Service:
    """A service on an index holding seeds/ (one real article) and the tiny articles above."""
    svc = Service(settings_for(tmp_path_factory.mktemp("index")))
    report = svc.ingest([str(ROOT / "seeds"), str(articles_dir)])
    assert report.ok and len(report.added) == 3, report
    return svc


@pytest.fixture
def history(tmp_path: Path) -> History:
    return History(tmp_path / "history.jsonl", fixed_clock(NOW))


@pytest.fixture
def make_app(service: Service, history: History, tmp_path: Path) -> Any:
    """``make_app(svc=None, hist=None)``: the app on the shared index, with this test's own briefs folder."""

    def make(svc: Any = None, hist: History | None = None) -> BriefingApp:
        svc = svc or OwnBriefs(service, tmp_path / "briefs")
        return BriefingApp(service=svc, clock=fixed_clock(NOW), history=hist or history, ingest_root=tmp_path)

    return make


@pytest.fixture
def gated(service: Service) -> Iterator[GatedService]:
    svc = GatedService(service)
    yield svc
    svc.gate.set()
