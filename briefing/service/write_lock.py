"""One writer per local index: the lock that ingest and repair hold while they write.

Why a lock at all: Chroma's embedded store is not safe for two writing processes. A Chroma server
serialises writes itself, so server mode takes no local lock. Taking the lock is also where a bad
``--index`` is found before any work is done: a file in its place, a read-only or foreign directory.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from briefing.core.errors import IndexLocked, IndexUnwritable

if TYPE_CHECKING:
    from briefing.core.settings import Settings


class ReleasingLock:
    """Context manager that releases an already-acquired lock."""

    def __init__(self, lock: Any) -> None:
        self._lock = lock

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def write_lock(settings: Settings) -> Any:
    """The index's write lock, acquired (a context manager that releases it), or one error line."""
    from filelock import FileLock, Timeout

    if settings.storage.chroma_url:
        return contextlib.nullcontext()
    path = settings.storage.path
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file at --index or in its path is not a permission problem
        fix = "pass --index a directory" if isinstance(exc, FileExistsError | NotADirectoryError) else None
        raise IndexUnwritable(f"cannot create the index directory {path}: {exc.strerror}", fix) from None
    lock = FileLock(str(path / ".write.lock"), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise IndexLocked(f"another briefing process is writing the index at {path}") from None
    except OSError as exc:  # a read-only or foreign directory: say so before any work is done
        raise IndexUnwritable(f"cannot write the index directory {path}: {exc.strerror}") from None
    return ReleasingLock(lock)
