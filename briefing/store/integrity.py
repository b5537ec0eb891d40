"""Cheap checks of an embedded Chroma store's files, before Chroma opens them.

Chroma's HNSW reader trusts its files: a ``data_level0.bin`` cut short makes the process die with
SIGSEGV on the first query, a damaged ``index_metadata.pickle`` raises deep inside Chroma, and a
0-byte ``chroma.sqlite3`` is silently re-created empty. :func:`check_store` reads only headers and
sizes (well under a millisecond per segment: ``header.bin``, ``length.bin`` and a ``stat`` of each
file) and raises :class:`IndexCorrupt` naming the damaged file, so ``ask`` fails with one line
instead of a signal. Layout of a persisted segment (Chroma's hnswlib fork, ``header.bin`` v1):
``data_level0.bin`` = max_elements × size_per_element, ``length.bin`` = max_elements × 4 bytes,
``link_lists.bin`` = the sum of the lengths it lists.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import struct
from pathlib import Path

from briefing.core.errors import IndexCorrupt
from briefing.core.own_files import write_own

SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER = struct.Struct("<iQQQQQQiIQQQdQ")  # version, offsetLevel0, max, count, size/elem, label, data...
_SEGMENT_FILES = ("header.bin", "data_level0.bin", "length.bin", "link_lists.bin")


def segment_dirs(chroma_dir: Path) -> list[Path]:
    """The vector segment folders (one per collection that holds persisted vectors)."""
    if not chroma_dir.is_dir():
        return []
    return sorted(p for p in chroma_dir.iterdir() if p.is_dir() and (p / "header.bin").exists())


def check_store(chroma_dir: Path) -> None:
    """Raise IndexCorrupt when the SQLite file or a vector segment is visibly damaged."""
    check_sqlite(chroma_dir)
    verify_contents(chroma_dir)
    for segment in segment_dirs(chroma_dir):
        problem = segment_problem(segment)
        if problem:
            raise IndexCorrupt(f"the vector index in {segment} is damaged: {problem}")


def check_sqlite(chroma_dir: Path) -> None:
    """A missing, empty or overwritten ``chroma.sqlite3`` beside vector segments is damage, not a
    fresh store: Chroma would create an empty one over it and report "no articles"."""
    db = chroma_dir / "chroma.sqlite3"
    try:
        with db.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        head = None
    except OSError as exc:
        raise IndexCorrupt(f"cannot read {db}: {exc.strerror}") from None
    if head == SQLITE_MAGIC:
        return
    if head is None and not segment_dirs(chroma_dir):
        return  # nothing was ever written here
    if head == b"" and not segment_dirs(chroma_dir):
        return  # created and left before its first write (a run killed at start-up)
    state = "missing" if head is None else "empty (0 bytes)" if head == b"" else "not an SQLite file"
    raise IndexCorrupt(f"the index database {db} is {state}")


def segment_problem(segment: Path) -> str | None:
    """What is wrong with one HNSW segment's files, or None when their sizes fit the header.

    Measured on Chroma 1.5's files: ``data_level0.bin`` holds between ``count`` and ``max``
    elements of ``size_per_element`` bytes (``max`` while nothing was persisted yet), ``length.bin``
    one float32 per element likewise, and ``link_lists.bin`` a 4-byte size per element plus whole
    link blocks of ``maxM * 4 + 4`` bytes; ``index_metadata.pickle`` is a complete pickle.
    """
    sizes = {}
    for name in _SEGMENT_FILES:
        try:
            sizes[name] = (segment / name).stat().st_size
        except FileNotFoundError:
            return f"{name} is missing"
    header = (segment / "header.bin").read_bytes()
    if len(header) < _HEADER.size:
        return f"header.bin is {len(header)} bytes, shorter than a header ({_HEADER.size})"
    version, _, most, count, per_element, _, _, _, _, max_m, *_ = _HEADER.unpack_from(header)
    if version != 1 or count > most or not 0 < per_element < 1 << 20 or not 0 < max_m < 1 << 16:
        return "header.bin does not hold a valid header"
    for name, size in (("data_level0.bin", per_element), ("length.bin", 4)):
        got = sizes[name]
        if got % size or not count * size <= got <= most * size:
            return f"{name} is {got:,} bytes; the header says {count:,} elements of {size:,} bytes"
    links, block = sizes["link_lists.bin"], max_m * 4 + 4
    if links < count * 4 or (links - count * 4) % block:
        return f"link_lists.bin is {links:,} bytes, which cannot hold the links of {count:,} elements"
    return _pickle_problem(segment / "index_metadata.pickle")


def _pickle_problem(path: Path) -> str | None:
    """A pickle starts with its protocol marker and ends with STOP: a cut one does not."""
    try:
        with path.open("rb") as handle:
            first = handle.read(1)
            handle.seek(-1, 2)
            last = handle.read(1)
    except FileNotFoundError:
        return None  # written only once vectors are persisted
    except OSError:
        return f"{path.name} is truncated or unreadable"
    return None if first == b"\x80" and last == b"." else f"{path.name} is truncated"


_STAMP = ".verified"  # beside chroma.sqlite3: size and mtime of the file as last verified or written by us


def _stat(db: Path) -> list[int] | None:
    try:
        st = db.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def verify_contents(chroma_dir: Path) -> None:
    """SQLite's ``PRAGMA quick_check`` of ``chroma.sqlite3``, run only when the file changed since
    it was last verified or written by briefing (a stamp of its size and mtime).

    Chroma's Rust reader aborts the process (SIGABRT) on some damaged pages, so damage must be
    found before Chroma reads them; a full check costs ~0.25 s per 20 MB, hence the stamp: an
    ``ask`` on an index only briefing has touched pays one ``stat``.
    """
    db = chroma_dir / "chroma.sqlite3"
    seen = _stat(db)
    if seen is None or seen[0] == 0:
        return
    with contextlib.suppress(OSError, ValueError):
        if json.loads((chroma_dir / _STAMP).read_text()) == seen:
            return
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
            found = [str(row[0]) for row in con.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.Error as exc:
        found = [str(exc)]
    if found != ["ok"]:
        raise IndexCorrupt(f"the index database {db} is damaged: {'; '.join(found)[:160]}")
    remember_contents(chroma_dir)


def remember_contents(chroma_dir: Path) -> None:
    """Record the file as it is now as verified: called after briefing's own reads and writes
    (Chroma touches the file even when only reading). Best effort: a read-only index is fine."""
    seen = _stat(chroma_dir / "chroma.sqlite3")
    if seen is None or seen[0] == 0:
        return
    stamp = json.dumps(seen)
    with contextlib.suppress(OSError, ValueError):
        if (chroma_dir / _STAMP).read_text() == stamp:
            return  # already recorded: reading is cheaper than writing and renaming at every ask
    tmp = chroma_dir / f"{_STAMP}.{os.getpid()}"
    with contextlib.suppress(OSError):
        write_own(tmp, stamp.encode())
        tmp.replace(chroma_dir / _STAMP)
