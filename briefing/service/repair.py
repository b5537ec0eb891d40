"""``briefing repair``: find what is damaged in an index and rebuild what can be derived.

The SQLite store holds the articles, chunk spans and metadata; everything else is derived: the
HNSW vector indexes (rebuilt from vectors still in the store's log, re-embedding the rest, see
:mod:`briefing.store.rebuild`) and the BM25 cache (rebuilt from the store). A damaged SQLite file
cannot be rebuilt from anything here; that is said, with the fix (a backup, or ingesting again).
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Protocol

from briefing.core.errors import IndexCorrupt, StoreError

if TYPE_CHECKING:
    from pathlib import Path

    from briefing.core.settings import Settings
    from briefing.store.embedder import Embedder
    from briefing.store.lexical import LexicalIndex


class Repairable(Protocol):
    """What a repair works on (``Service``)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def embedder(self) -> Embedder: ...

    def cache_dir(self) -> Path: ...

    def lexical(self) -> LexicalIndex: ...


def repair(service: Repairable) -> list[str]:
    """Check, rebuild what is damaged, always rebuild the BM25 cache; the report lines."""
    storage = service.settings.storage
    lines: list[str] = []
    if storage.chroma_url:
        lines.append(
            f"the store is on the Chroma server at {storage.chroma_url}: only the local cache is repaired"
        )
    else:
        lines += _repair_vectors(service)
    shutil.rmtree(service.cache_dir() / "bm25", ignore_errors=True)
    lexical = service.lexical()
    articles = len(lexical.live_ids("articles"))
    lines.append(f"BM25 cache rebuilt from the store: {articles} articles")
    return lines


def _repair_vectors(service: Repairable) -> list[str]:
    from briefing.store.integrity import segment_dirs, segment_problem
    from briefing.store.rebuild import describe, rebuild, sqlite_problem

    chroma = service.settings.storage.path / "chroma"
    if not chroma.is_dir():
        raise StoreError(f"there is no index at {service.settings.storage.path}", "pass --index DIR")
    problem = sqlite_problem(chroma)
    if problem:
        raise IndexCorrupt(
            f"the index database is damaged ({problem}); it holds the articles themselves, so "
            "nothing can be rebuilt from it",
            "restore the index directory from a backup, or ingest the inputs again into a new --index DIR",
        )
    damaged = [(seg.name, problem) for seg in segment_dirs(chroma) if (problem := segment_problem(seg))]
    if not damaged and _query_runs(chroma, service.settings.storage.collection):
        return ["vector index: files consistent and a test query ran; nothing to rebuild"]
    lines = [f"damaged vector segment {name}: {problem}" for name, problem in damaged]
    if not damaged:
        lines.append("vector index: a test query failed; rebuilding it")
    done = rebuild(service.settings, service.embedder, lines.append)
    return [*lines, *describe(done)]


def _query_runs(chroma: Path, prefix: str) -> bool:
    """A real query in a child process (a damaged index can kill the process reading it)."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "briefing.store.probe", str(chroma), prefix]
    try:
        return subprocess.run(command, capture_output=True, timeout=120, check=False).returncode == 0
    except subprocess.TimeoutExpired:
        return False
