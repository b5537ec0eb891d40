"""Shared constants and helpers of the terminal UI tests (the fixtures are in conftest.py)."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from briefing.brief import saved as saved_briefs
from briefing.brief.build import make_brief
from briefing.core.cancel import CancelToken
from briefing.core.models import Answer, Filters, IngestReport
from briefing.core.settings import Settings
from briefing.service.facade import Service

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)
SEED_QUESTION = "How many Turkish soldiers were deployed in Idlib and Aleppo?"
SEED_SENTENCE = "d928a897ede5633d:6"
HOSTILE_TITLE = "Harbour notice [bold red]x[/] [@click=quit]"
HOSTILE_SENTENCE = "The harbour notice printed [bold red]x[/] and [@click=quit] beside a \x1b[31m red code."

ARTICLES = {
    "hostile.md": (
        "---\n"
        f'title: "{HOSTILE_TITLE}"\n'
        "source: Coast Gazette\n"
        "published: 2024-03-02\n"
        "---\n"
        "Harbour pilots at the northern port stopped work on Tuesday over night-shift rosters.\n"
        f"{HOSTILE_SENTENCE}\n"
        "The port authority said ferries would sail on a reduced timetable until Friday.\n"
    ),
    "rail.md": (
        "---\n"
        "title: Rail freight resumes after signal repairs\n"
        "source: Metro Daily\n"
        "published: 2024-01-15\n"
        "---\n"
        "Rail freight services resumed on Monday after engineers repaired signals near the junction.\n"
        "The operator said 14 freight trains had been held in sidings over the weekend.\n"
    ),
}


def llm_service(service: Service, fake: Any, model: str, **overrides: object) -> Service:
    """A service on ``service``'s index (and its loaded embedder) whose LLM is ``model`` on the
    scripted server ``fake`` (tests/llm_server.py)."""
    flags = {"llm.model": model, "llm.base_url": fake.url, "llm.timeout": 3.0, "llm.max_retries": 1}
    svc = Service(service.settings.with_overrides(**{**flags, **overrides}))
    svc._embedder = service.embedder  # the same model: no second load
    return svc


def settings_for(index: Path) -> Settings:
    """Default settings on ``index``: no BRIEFING_* variable, briefing.toml or user config is read."""
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith("BRIEFING_"):
                mp.delenv(name)
        mp.setenv("HOME", str(index.parent))
        mp.chdir(index.parent)
        return Settings().with_overrides(**{"storage.path": str(index)})


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every worker but the directory tree's endless loader is done, and the screen."""
    app = pilot.app
    for _ in range(100):
        busy = [w for w in app.workers if w.group != "_loader" and not w.is_finished]
        if not busy:
            break
        await app.workers.wait_for_complete(busy)
        await pilot.pause()
    await pilot.pause()


async def ask(pilot: Pilot[Any], question: str) -> None:
    """Put a question in the box (typing each key costs ~30 ms) and press Enter; wait for the answer."""
    box = pilot.app.query_one("#question")
    box.focus()
    box.insert(question)
    await pilot.press("enter")
    await settle(pilot)


class GatedService:
    """A service whose ``ask`` waits for :attr:`gate`: lets a test press Esc mid-answer."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.settings = service.settings
        self.gate = threading.Event()
        self.entered = threading.Event()
        self.returned = threading.Event()

    def ask(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        on_text: Callable[[str], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Answer:
        self.entered.set()
        self.gate.wait(10)
        try:
            return self.service.ask(question, k, filters, on_text=on_text, cancel=cancel)
        finally:
            self.returned.set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.service, name)


class OwnBriefs:
    """A service with its own briefs folder, so one test never lists another test's briefs."""

    def __init__(self, service: Any, folder: Path) -> None:
        self.service = service
        self.settings = service.settings.with_overrides(**{"brief.dir": str(folder)})

    def __getattr__(self, name: str) -> Any:
        return getattr(self.service, name)

    def brief(self, window: Any = None, topic: str | None = None, **options: Any) -> Any:
        return make_brief(self, window, topic, **options)

    def list_briefs(self) -> Any:
        return saved_briefs.list_briefs(self.settings)

    def save_brief(self, brief: Any, stem: str | None = None) -> Any:
        return saved_briefs.save_brief(brief, self.settings, stem)


class HeldService:
    """Answers for real (recording the streamed text), then waits at :attr:`gate` before returning,
    so a test can look at the streamed text before the checked answer replaces it."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.settings = service.settings
        self.pieces: list[str] = []
        self.gate = threading.Event()
        self.answered = threading.Event()
        self.pause_stream = threading.Event()  # set: the first piece shown, wait for :attr:`resume`
        self.streaming = threading.Event()
        self.resume = threading.Event()

    def ask(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        on_text: Callable[[str], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Answer:
        def forward(text: str) -> None:
            self.pieces.append(text)
            if on_text is not None:
                on_text(text)
            if self.pause_stream.is_set() and not self.streaming.is_set():
                self.streaming.set()
                self.resume.wait(10)

        try:
            return self.service.ask(question, k, filters, on_text=forward, cancel=cancel)
        finally:
            self.answered.set()
            self.gate.wait(10)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.service, name)


class PausedIngest:
    """A service whose ingest waits at :attr:`gate` at its ``at``-th progress report (1: as the
    first input is read; 2: as the second is, one-article inputs: the first one stored)."""

    def __init__(self, service: Service, at: int = 1) -> None:
        self.service = service
        self.settings = service.settings
        self.gate = threading.Event()
        self.entered = threading.Event()
        self.reports, self.at = 0, at

    def ingest(self, specs: list[str], **kwargs: Any) -> IngestReport:
        progress = kwargs.pop("progress", None)

        def hold(label: str, done: float, total: int) -> None:
            self.reports += 1
            if not self.entered.is_set() and self.reports >= self.at:
                self.entered.set()
                self.gate.wait(10)
            if progress is not None:
                progress(label, done, total)

        return self.service.ingest(specs, progress=hold, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.service, name)
