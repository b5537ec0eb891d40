"""``briefing doctor``: does the embedder run, is the index readable, does the LLM endpoint answer?

Each check is run on its own and reported, never raised, so one broken part does not hide the
state of the others. The LLM check asks the endpoint for its model list (``GET /models``, no
retries, a short timeout): it shows that the server answers and whether it serves the configured
model, without spending tokens. Nothing here prints or returns the API key; only whether one is
set.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from briefing.core.errors import BriefingError
from briefing.llm import client as llm

if TYPE_CHECKING:
    from pathlib import Path

    from briefing.core.settings import Settings
    from briefing.store.embedder import Embedder
    from briefing.store.index import ChromaIndex

Status = Literal["ok", "fail", "off"]


class Checked(Protocol):
    """What the doctor examines: the settings, the embedder and the store (each loaded on use)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def embedder(self) -> Embedder: ...

    @property
    def exists(self) -> bool: ...

    @property
    def index(self) -> ChromaIndex: ...

    def cache_dir(self) -> Path: ...


@dataclass
class Check:
    """One line of the doctor's report, with optional detail lines."""

    name: str
    status: Status
    summary: str
    details: list[str] = field(default_factory=list)


def run(service: Checked) -> list[Check]:
    checks = [_embedder(service), _index(service)]
    if checks[-1].status == "ok":
        checks += [_store(service), _bm25(service), _sentences(service)]
    return [*checks, _llm(service)]


def _store(service: Checked) -> Check:
    """The store's files (headers and sizes, SQLite's quick check) and a real query of every
    collection, run in a child process: a damaged vector index can kill the process that reads it."""
    import subprocess
    import sys

    storage = service.settings.storage
    if storage.chroma_url:
        target = storage.chroma_url
    else:
        from briefing.store.integrity import check_store
        from briefing.store.rebuild import sqlite_problem

        try:
            check_store(storage.path / "chroma")
        except BriefingError as exc:
            return Check("store", "fail", exc.one_line())
        problem = sqlite_problem(storage.path / "chroma")
        if problem:
            return Check("store", "fail", f"the index database is damaged: {problem}", [_REPAIR])
        target = str(storage.path / "chroma")
    command = [sys.executable, "-m", "briefing.store.probe", target, storage.collection]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        return Check("store", "fail", "a test query did not finish in 120 s", [_REPAIR])
    if done.returncode != 0:
        how = (
            f"died by signal {-done.returncode}"
            if done.returncode < 0
            else f"failed (exit {done.returncode})"
        )
        last = (done.stderr.strip().splitlines() or [""])[-1][:160]
        return Check("store", "fail", f"a test query {how}: {last}".rstrip(": "), [_REPAIR])
    return Check(
        "store", "ok", "files consistent; a test query of every collection ran", done.stdout.splitlines()
    )


_REPAIR = "run `briefing repair`, or restore the index directory from a backup"


def _bm25(service: Checked) -> Check:
    from briefing.store.lexical_cache import cache_problem

    directory = service.cache_dir() / "bm25"
    problem = cache_problem(directory)
    if problem:
        return Check("bm25", "fail", problem, ["it is rebuilt on the next ask, or now by `briefing repair`"])
    state = "present" if (directory / "manifest.json").exists() else "not built yet (built on first ask)"
    return Check("bm25", "ok", f"cache {state}, rows valid" if state == "present" else f"cache {state}")


def _sentences(service: Checked) -> Check:
    """How many articles have the sentence vectors ingest pools (an index built by an older version
    has none: their sentences are embedded at each ask)."""
    articles = service.index.count()
    kept = min(service.index.sentences.count(), articles)
    if kept >= articles:
        plural = "s" if articles != 1 else ""
        return Check("sentence", "ok", f"vectors kept for all {articles} article{plural}")
    details = [
        f"{articles - kept} without (indexed by an older version): their sentences are embedded at each ask",
        "to keep them, ingest the sources into a new index (--index DIR)",
    ]
    return Check("sentence", "ok", f"vectors kept for {kept} of {articles} articles", details)


def _embedder(service: Checked) -> Check:
    try:
        started = time.perf_counter()
        embedder = service.embedder
        vector = embedder.embed(["doctor probe"])[0]
        seconds = time.perf_counter() - started
    except BriefingError as exc:
        return Check("embedder", "fail", exc.one_line())
    except Exception as exc:  # a broken model file or runtime: report it, keep checking
        return Check("embedder", "fail", f"{type(exc).__name__}: {str(exc)[:160]}")
    return Check("embedder", "ok", f"{embedder.name}, {len(vector)} dimensions, loaded in {seconds:.1f} s")


def _index(service: Checked) -> Check:
    storage = service.settings.storage
    where = storage.chroma_url or str(storage.path)
    try:
        if not service.exists:
            return Check("index", "fail", f"no index at {where} — run briefing ingest PATH first")
        articles, chunks = service.index.count(), service.index.chunk_count()
    except BriefingError as exc:
        return Check("index", "fail", exc.one_line())
    except Exception as exc:  # Chroma raises many kinds; all mean "cannot read"
        return Check("index", "fail", f"cannot read the index at {where}: {type(exc).__name__}")
    status: Status = "ok" if articles else "fail"
    note = "" if articles else " — ingest articles first"
    plural = "" if articles == 1 else "s"
    return Check("index", status, f"{where}: {articles} article{plural}, {chunks} chunks{note}")


def _llm(service: Checked) -> Check:
    cfg = service.settings.llm
    key = "API key set (OPENAI_API_KEY)" if llm.api_key() else "no API key (OPENAI_API_KEY unset)"
    if not llm.configured(cfg):
        missing = "BRIEFING_MODEL (or --model)" if not cfg.model else "OPENAI_BASE_URL or OPENAI_API_KEY"
        engine = "none" if cfg.engine == "llm" else "the extractive engine answers"
        return Check(
            "llm", "fail" if cfg.engine == "llm" else "off", f"not configured: set {missing}; {engine}"
        )
    status = llm.check_endpoint(cfg)
    if not status.ok:
        return Check("llm", "fail", status.detail, [key])
    listed = cfg.model in status.models
    shown = ", ".join(status.models[:20]) + (
        f" (+{len(status.models) - 20} more)" if len(status.models) > 20 else ""
    )
    details = [f"models: {shown or 'none listed'}", key]
    if not listed and status.any_name:  # README's llama-server set-up: BRIEFING_MODEL=anything
        details.insert(0, f"llama.cpp's server answers to any model name: {cfg.model!r} is what it serves")
    elif not listed and status.models:
        details.insert(0, f"model {cfg.model!r} is not in the list the endpoint gives")
    summary = f"{status.url} {status.detail}; model {cfg.model}" + (" is listed" if listed else "")
    usable = listed or not status.models or status.any_name
    return Check("llm", "ok" if usable else "fail", summary, details)
