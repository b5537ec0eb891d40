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

import struct
from pathlib import Path

import numpy as np

from briefing.core.errors import IndexCorrupt

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
    """What is wrong with one HNSW segment's files, or None when sizes and header agree."""
    sizes = {}
    for name in _SEGMENT_FILES:
        try:
            sizes[name] = (segment / name).stat().st_size
        except FileNotFoundError:
            return f"{name} is missing"
    header = (segment / "header.bin").read_bytes()
    if len(header) < _HEADER.size:
        return f"header.bin is {len(header)} bytes, shorter than a header ({_HEADER.size})"
    version, _, max_elements, count, per_element, *_ = _HEADER.unpack_from(header)
    if version != 1 or count > max_elements or per_element <= 0 or per_element > 1 << 20:
        return "header.bin does not hold a valid header"
    if sizes["data_level0.bin"] != max_elements * per_element:
        return (
            f"data_level0.bin is {sizes['data_level0.bin']:,} bytes, expected {max_elements * per_element:,}"
        )
    if sizes["length.bin"] != max_elements * 4:
        return f"length.bin is {sizes['length.bin']:,} bytes, expected {max_elements * 4:,}"
    links = int(np.fromfile(segment / "length.bin", dtype="<u4", count=count).sum(dtype=np.int64))
    if sizes["link_lists.bin"] != links:
        return f"link_lists.bin is {sizes['link_lists.bin']:,} bytes, expected {links:,}"
    pickle = segment / "index_metadata.pickle"
    if pickle.exists() and pickle.stat().st_size < 16:
        return "index_metadata.pickle is truncated"
    return None
