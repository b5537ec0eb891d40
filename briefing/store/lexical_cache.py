"""The BM25 cache on disk: a manifest naming live segments, kept in step with the Chroma store.

``<index>/bm25`` holds immutable segments (:mod:`briefing.store.bm25`) plus ``manifest.json``, which
names the live segments, the rows deleted from them and the store revision they match. When the
store's revision moves on, :func:`open_index` brings the cache up to date by diffing it against
the store (article ids, plus the change stamps of articles rewritten in place): new and changed
articles are tokenised into a new segment, deleted ones are masked. An ingest of ten articles
into a 100k-article index therefore costs ten articles' work, and a crashed run leaves nothing
to repair by hand: the next reader or writer finds and applies the difference.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from briefing.store import bm25
from briefing.store.bm25 import ArticleRow, ChunkRow, Segment, SegmentBuilder
from briefing.store.lexical import LexicalIndex

_FORMAT = 4  # bump when the saved layout changes: older caches are rebuilt, not misread
_MANIFEST = "manifest.json"
_FLUSH_POSTINGS = 3_000_000  # a new segment is cut when the one being built holds this many postings
_MERGE_CAP = 6_000_000  # small segments are merged up to this size; bigger ones stay as they are
_MAX_SMALL = 4  # more small segments than this are merged
_FETCH = 500  # articles fetched from the store per request while syncing
_STAMP_SLACK_US = 120_000_000  # a write may commit this long after its stamp (2 minutes)


class Store(Protocol):
    """What syncing needs from the store (``ChromaIndex``)."""

    def article_ids(self) -> list[str]: ...

    def changed_articles(self, since_us: int) -> dict[str, int]: ...

    def article_rows(self, ids: list[str]) -> list[ArticleRow]: ...

    def chunk_rows(self, article_ids: list[str]) -> list[ChunkRow]: ...


def open_index(directory: Path, revision: str, store: Store) -> LexicalIndex:
    """The cache for the store at ``revision``: loaded if current, else synced (and saved) first.

    One process syncs at a time (a lock file); others wait and then load its result. If the
    index directory cannot be written, the cache is built in memory for this process only.
    """
    current = _load(directory)
    if current is not None and current.revision == revision:
        return current  # the usual case: no lock, and filelock is not even imported (cold ask)
    from filelock import FileLock

    try:
        directory.mkdir(parents=True, exist_ok=True)
        with FileLock(str(directory / ".sync.lock")):
            current = _load(directory)
            if current is not None and current.revision == revision:
                return current
            return _sync(directory, revision, store, current, persist=True)
    except OSError:
        return _sync(directory, revision, store, current, persist=False)


def _load(directory: Path) -> LexicalIndex | None:
    """The saved cache, or None when there is none (or it has an older layout).

    A concurrent merge may delete a segment between reading the manifest and the segment; the
    manifest is then read again.
    """
    for _ in range(3):
        try:
            manifest = json.loads((directory / _MANIFEST).read_text())
        except (OSError, ValueError):
            return None
        if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT:
            return None
        try:
            segments = [bm25.load(directory, entry["name"]) for entry in manifest["segments"]]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        try:
            return _validated(manifest, segments)
        except (ValueError, TypeError, KeyError, IndexError):  # damaged: rebuilt, never misread
            return None
    return None


def cache_problem(directory: Path) -> str | None:
    """Why the saved cache cannot be used as it is (``briefing doctor``), or None when it can (or
    there is none yet: it is built on first use)."""
    if not (directory / _MANIFEST).exists():
        return None
    return None if _load(directory) is not None else f"the BM25 cache in {directory} is damaged or outdated"


def _validated(manifest: dict[str, Any], segments: list[Segment]) -> LexicalIndex:
    """The cache a manifest describes, after checking that every row it names exists: a hand-edited
    or torn manifest (a ``dead`` row past a segment's end) must not crash ``ask`` later."""
    entries = manifest["segments"]
    if len(entries) != len(segments) or len({entry["name"] for entry in entries}) != len(entries):
        raise ValueError("segments listed twice")
    dead = [_dead_mask(s, entry["dead"]) for s, entry in zip(segments, entries, strict=True)]
    for segment in segments:
        rows = len(segment.article_ids)
        places = np.asarray(segment.chunk_place)
        sizes = (len(segment.published), len(segment.changed), len(segment.source_of))
        if any(size != rows for size in sizes) or len(places) != len(segment.chunk_ids):
            raise ValueError(f"segment {segment.name}: arrays of different lengths")
        if len(places) and (places[:, 0].min() < 0 or places[:, 0].max() >= rows):
            raise ValueError(f"segment {segment.name}: a chunk points past the articles")
    return LexicalIndex(str(manifest["revision"]), segments, dead, int(manifest.get("stamp", 0)))


def _dead_mask(segment: Segment, rows: Iterable[int]) -> np.ndarray:
    """The deleted rows as a mask; a row that is not an index into the segment is an error."""
    mask = np.zeros(len(segment.article_ids), dtype=bool)
    listed = list(rows)
    if any(not isinstance(r, int) or isinstance(r, bool) or not 0 <= r < len(mask) for r in listed):
        raise ValueError(f"segment {segment.name}: a deleted row out of range")
    mask[listed] = True
    return mask


def _sync(
    directory: Path, revision: str, store: Store, current: LexicalIndex | None, persist: bool
) -> LexicalIndex:
    """Apply the store's changes since ``current`` (everything if None) and save the result."""
    started_us = time.time_ns() // 1000
    segments = list(current.segments) if current else []
    dead = [mask.copy() for mask in current.dead] if current else []
    where = dict(current.places("articles")) if current else {}
    live = set(store.article_ids())
    changed = store.changed_articles(current.stamp - _STAMP_SLACK_US) if current else {}
    rewritten = {
        aid for aid, stamp in changed.items() if aid in where and _stamp_of(segments, where[aid]) != stamp
    }
    for aid in (set(where) - live) | rewritten:
        n, row = where.pop(aid)
        dead[n][row] = True
    added = sorted(live - set(where))
    for segment in _build(store, added):
        if persist:
            bm25.save(segment, directory)
        segments.append(segment)
        dead.append(np.zeros(len(segment.article_ids), dtype=bool))
    segments, dead = _merge_small(directory, segments, dead, persist)
    if persist:
        _write_manifest(directory, revision, started_us, segments, dead)
        _remove_unlisted(directory, {s.name for s in segments})
    return LexicalIndex(revision, segments, dead, started_us)


def _stamp_of(segments: list[Segment], place: tuple[int, int]) -> int:
    return int(segments[place[0]].changed[place[1]])


def _build(store: Store, article_ids: list[str]) -> Iterable[Segment]:
    """New segments for these articles, fetched in pages and cut when one grows big."""
    builder = SegmentBuilder()
    for start in range(0, len(article_ids), _FETCH):
        page = article_ids[start : start + _FETCH]
        chunks: dict[str, list[ChunkRow]] = {aid: [] for aid in page}
        for chunk in store.chunk_rows(page):
            chunks[str(chunk[2]["article_id"])].append(chunk)
        for article in store.article_rows(page):
            builder.add(article, chunks[article[0]])
        if builder.postings >= _FLUSH_POSTINGS:
            yield builder.finish()
            builder = SegmentBuilder()
    if builder.article_ids:
        yield builder.finish()


def _merge_small(
    directory: Path, segments: list[Segment], dead: list[np.ndarray], persist: bool
) -> tuple[list[Segment], list[np.ndarray]]:
    """Merge the smallest segments once more than a few have piled up, and purge mostly-dead ones."""
    small = sorted(
        (n for n, s in enumerate(segments) if s.postings < _MERGE_CAP // 2 or _mostly_dead(dead[n])),
        key=lambda n: segments[n].postings,
    )
    group: list[int] = []
    for n in small:
        if sum(segments[m].postings for m in group) + segments[n].postings > _MERGE_CAP and group:
            break
        group.append(n)
    purge = any(_mostly_dead(dead[n]) for n in group)
    if len(group) <= _MAX_SMALL and not purge:
        return segments, dead
    group.sort()
    merged = bm25.merge([segments[n] for n in group], [dead[n] for n in group])
    if persist:
        bm25.save(merged, directory)
    keep = [n for n in range(len(segments)) if n not in group]
    return [*(segments[n] for n in keep), merged], [
        *(dead[n] for n in keep),
        np.zeros(len(merged.article_ids), dtype=bool),
    ]


def _mostly_dead(mask: np.ndarray) -> bool:
    return bool(len(mask)) and float(mask.mean()) > 0.5


def _write_manifest(
    directory: Path, revision: str, stamp: int, segments: list[Segment], dead: list[np.ndarray]
) -> None:
    manifest: dict[str, Any] = {
        "format": _FORMAT,
        "revision": revision,
        "stamp": stamp,
        "segments": [
            {"name": s.name, "dead": np.flatnonzero(mask).tolist()}
            for s, mask in zip(segments, dead, strict=True)
        ],
    }
    tmp = directory / f"{_MANIFEST}.tmp"
    with tmp.open("w") as handle:
        json.dump(manifest, handle)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(directory / _MANIFEST)


def _remove_unlisted(directory: Path, names: set[str]) -> None:
    """Delete segments no manifest lists (merged away, or left by a crash) and older layouts' files.

    Also removes the ``bm25.tmp-*`` / ``bm25.old-*`` folders that caches before format 4 could
    leave beside this directory when killed mid-save.
    """
    keep = {*names, _MANIFEST, ".sync.lock"}
    for path in directory.iterdir():
        if path.name not in keep:
            with contextlib.suppress(OSError):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    for pattern in (f"{directory.name}.tmp-*", f"{directory.name}.old-*"):
        for path in directory.parent.glob(pattern):
            shutil.rmtree(path, ignore_errors=True)
