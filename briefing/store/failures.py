"""What a failure deep in Chroma or the filesystem means for the user, as a :class:`StoreError`.

Chroma reports a full disk, a damaged SQLite file, a truncated vector index and a server that
went away as one of a dozen exception types (``InternalError`` with a Rust message, ``OSError``,
httpx's ``ConnectError``, ``sqlite3.DatabaseError``...). :func:`explain` reads the exception and
its causes and names the situation with its fix; anything it does not recognise is left alone
(the caller re-raises it). Matching is on errno and message text because the types differ
between Chroma versions and between the embedded and the server client.
"""

from __future__ import annotations

import errno
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from briefing.core.errors import DiskFull, IndexCorrupt, IndexUnwritable, ServerGone, StoreError

_LOW_SPACE = 16 * 1024 * 1024
_DISK_FULL = re.compile(r"no space left on device|os error 28|database or disk is full|disk quota", re.I)
_UNWRITABLE = re.compile(
    r"permission denied|read-only file system|readonly database|os error 13|os error 30", re.I
)
_CORRUPT = re.compile(
    r"malformed|file is not a database|not a database|corrupt|hnsw|index_metadata|pickle|"
    r"data_level0|link_lists|header\.bin|length\.bin|unpickl|truncated|unexpected end of file|"
    r"failed to fill whole buffer|panicked|no such table",
    re.I,
)
_CORRUPT_TYPES = {"DatabaseError", "PanicException", "UnicodeDecodeError"}  # stored text that is not text
_GONE_TYPES = {
    "ConnectError",
    "ConnectTimeout",
    "ReadError",
    "WriteError",
    "RemoteProtocolError",
    "ReadTimeout",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "ConnectionAbortedError",
    "BrokenPipeError",
}
_GONE = re.compile(r"could not connect to a chroma server|connection refused|server disconnected", re.I)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _detail(exc: BaseException) -> str:
    """The first line of the message, short: Rust panics and SQL errors can be long."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def _from_store(chain: list[BaseException]) -> bool:
    """Raised by Chroma or the OS (not by our own code or a parser)."""
    return any(type(e).__module__.startswith("chromadb") or isinstance(e, OSError) for e in chain)


def _nearly_full(where: str) -> bool:
    """Whether the filesystem holding ``where`` has less than 16 MB left (Chroma reports a full
    disk as "Error in compaction: Failed to apply logs to the metadata segment")."""
    path = Path(where)
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        return shutil.disk_usage(path).free < _LOW_SPACE
    except OSError:
        return False


def store_error(exc: BaseException, where: str, server: bool = False) -> StoreError | None:
    """:func:`explain`, and any other failure raised inside Chroma as a plain StoreError: after one,
    Chroma's state is unknown, so the run stops (what was committed stays; re-running resumes)."""
    found = explain(exc, where, server)
    if found is None and _from_store(list(_chain(exc))):
        return StoreError(
            f"the index at {where} failed while writing ({_detail(exc)})",
            "run the same command again: an ingest resumes where it stopped; if it fails again, "
            "run `briefing doctor`",
        )
    return found


def explain(exc: BaseException, where: str, server: bool = False) -> StoreError | None:
    """The StoreError that says what ``exc`` means for the index at ``where``, or None.

    ``server``: the index is a Chroma server, so a dropped connection means it went away.
    """
    chain = list(_chain(exc))
    for item in chain:
        if isinstance(item, StoreError):
            return item
    for item in chain:
        code = getattr(item, "errno", None)
        if code == errno.ENOSPC or _DISK_FULL.search(str(item)):
            return DiskFull(f"no space left on {where} ({_detail(item)})")
    if not server and _from_store(chain) and _nearly_full(where):  # Chroma may not say why it failed
        return DiskFull(f"no space left on {where} ({_detail(exc)})")
    for item in chain:
        if server and (type(item).__name__ in _GONE_TYPES or _GONE.search(str(item))):
            return ServerGone(f"the Chroma server at {where} went away ({_detail(item)})")
    for item in chain:
        code = getattr(item, "errno", None)
        if code in (errno.EACCES, errno.EROFS, errno.EPERM) or _UNWRITABLE.search(str(item)):
            return IndexUnwritable(f"cannot write the index at {where} ({_detail(item)})")
    for item in chain:
        if _DATABASE.search(str(item)) or type(item).__name__ in _CORRUPT_TYPES:
            return IndexCorrupt(f"the index database at {where} is damaged ({_detail(item)})", _RESTORE)
    for item in chain:
        if _CORRUPT.search(str(item)):
            return IndexCorrupt(f"the index at {where} is damaged ({_detail(item)})")
    return None


_RESTORE = "restore the index directory from a backup, or ingest the inputs again into a new --index DIR"
_DATABASE = re.compile(r"malformed|file is not a database|no such table", re.I)
