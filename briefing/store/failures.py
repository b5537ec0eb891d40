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
from collections.abc import Iterator

from briefing.core.errors import DiskFull, IndexCorrupt, IndexUnwritable, ServerGone, StoreError

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
    for item in chain:
        if server and (type(item).__name__ in _GONE_TYPES or _GONE.search(str(item))):
            return ServerGone(f"the Chroma server at {where} went away ({_detail(item)})")
    for item in chain:
        code = getattr(item, "errno", None)
        if code in (errno.EACCES, errno.EROFS, errno.EPERM) or _UNWRITABLE.search(str(item)):
            return IndexUnwritable(f"cannot write the index at {where} ({_detail(item)})")
    for item in chain:
        if _CORRUPT.search(str(item)) or type(item).__name__ in ("DatabaseError", "PanicException"):
            return IndexCorrupt(f"the index at {where} is damaged ({_detail(item)})")
    return None
