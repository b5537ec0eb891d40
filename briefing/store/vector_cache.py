"""The vectors an ask embeds from the index's own text, kept in memory and in the index directory.

Why: after retrieval, an ask embeds the openings of its best candidate sentences (the extractive
engine's *meaning* score) and single words (answerability's similarity of a relation or a measure
to the sentence's words). On this 2-core machine those model calls were most of a warm ask
(bench/README.md), and the same sentences and words come back question after question, and
session after session on the same index. A text's vector is a pure function of the text and the
model: the bundled MiniLM gives a text the same bits alone or in any batch (a test checks it), so
a kept vector is the one the model would give, and no answer changes.

Only the index's text goes to disk (sentence openings, single words): the question's own vector
is never kept here (:mod:`briefing.qa.retrieval` embeds it directly), so the file holds nothing a
reader asked. Layout of ``<index>/vectors/<model tag>.bin``: fixed-size records, each the text's
16-byte BLAKE2b, an 8-byte BLAKE2b of key and vector, and the float32 vector. Appends are one
``write`` (``O_APPEND``), a torn tail record is ignored, a record whose checksum fails is
re-embedded, and a full file is started afresh by an atomic rename — a cache never fails an ask.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from briefing.core.own_files import open_own, write_own

if TYPE_CHECKING:
    from briefing.store.embedder import Embedder

_KEY = 16
_SUM = 8
_MEMORY_LIMIT = 20_000  # vectors kept in memory (~30 MB at 384 dimensions)
_DISK_LIMIT = 20_000  # records on disk before the file starts afresh (~31 MB at 384 dimensions)


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=_KEY).digest()


def _checksum(key: bytes, vector: bytes) -> bytes:
    return hashlib.blake2b(key + vector, digest_size=_SUM).digest()


class VectorCache:
    """An embedder whose vectors are looked up before the model is asked (see the module docstring).

    Satisfies the ``Embedder`` protocol, so the extractive engine and answerability take it where
    they took the model. ``directory`` is where the file lives; ``None`` keeps vectors in memory only
    (the model is not the bundled one, whose batch-independence is checked).
    """

    def __init__(self, inner: Embedder, directory: Path | None) -> None:
        self._inner = inner
        self.name, self.dim, self.max_tokens = inner.name, inner.dim, inner.max_tokens
        self._memory: dict[bytes, np.ndarray] = {}
        self._path = directory / f"{_tag(inner.name)}.bin" if directory is not None else None
        self._record = _KEY + _SUM + 4 * inner.dim
        self._disk: tuple[bytes | mmap.mmap, dict[bytes, int]] | None = None

    def count_tokens(self, text: str) -> int:
        return self._inner.count_tokens(text)

    def embed(self, texts: list[str]) -> np.ndarray:
        """The texts' vectors: from memory, then the file, then one model call for the rest."""
        if not texts:
            return self._inner.embed(texts)
        keys = [text_key(t) for t in texts]
        found: dict[bytes, np.ndarray] = {}
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key in found or key in missing:
                continue
            vector = self._memory.get(key)
            if vector is None:
                vector = self._read(key)
            if vector is None:
                missing[key] = text
            else:
                found[key] = vector
        if missing:
            fresh = dict(zip(missing, self._inner.embed(list(missing.values())), strict=True))
            found.update(fresh)
            self._append(fresh)
        self._remember(found)
        return np.stack([found[key] for key in keys])

    def _remember(self, vectors: dict[bytes, np.ndarray]) -> None:
        if len(self._memory) + len(vectors) > _MEMORY_LIMIT:
            self._memory.clear()
        self._memory.update(vectors)

    def _read(self, key: bytes) -> np.ndarray | None:
        """The key's vector from the file, when it is there and intact."""
        blob, rows = self._load()
        row = rows.get(key)
        if row is None:
            return None
        start = row * self._record + _KEY
        stored, raw = blob[start : start + _SUM], blob[start + _SUM : (row + 1) * self._record]
        if _checksum(key, raw) != stored:
            return None  # damaged on disk: the model embeds it again
        return np.frombuffer(raw, dtype=np.float32)

    def _load(self) -> tuple[bytes | mmap.mmap, dict[bytes, int]]:
        """The file, mapped, and each key's record number, read once (a missing file is empty).

        Mapped rather than read: a one-shot ``briefing ask`` touches a few records of it. Writers
        only append or rename a new file over it, so the mapping never changes under a reader.
        """
        if self._disk is None:
            blob: bytes | mmap.mmap = b""
            if self._path is not None:
                with contextlib.suppress(OSError, ValueError), self._path.open("rb") as handle:
                    blob = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)  # ValueError: empty
            whole = len(blob) - len(blob) % self._record  # a torn last record is not read
            rows = {blob[s : s + _KEY]: n for n, s in enumerate(range(0, whole, self._record))}
            self._disk = (blob, rows)
        return self._disk

    def _append(self, vectors: dict[bytes, np.ndarray]) -> None:
        """Add the new vectors to the file in one write; when full, start a new file with them."""
        if self._path is None:
            return
        payload = b"".join(
            key + _checksum(key, raw) + raw
            for key, vector in vectors.items()
            for raw in [np.ascontiguousarray(vector, dtype=np.float32).tobytes()]
        )
        with contextlib.suppress(OSError):  # read-only or full disk: the vectors stay in memory
            self._path.parent.mkdir(parents=True, exist_ok=True)
            size = self._path.stat().st_size if self._path.exists() else 0
            if size % self._record or size + len(payload) > _DISK_LIMIT * self._record:
                self._replace(payload)  # torn by a crash, or full: start afresh
                return
            descriptor = open_own(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            try:
                os.write(descriptor, payload)
            finally:
                os.close(descriptor)

    def _replace(self, payload: bytes) -> None:
        assert self._path is not None
        temporary = self._path.with_name(f"{self._path.name}.{os.getpid()}.tmp")
        try:
            write_own(temporary, payload)
            os.replace(temporary, self._path)
        finally:
            with contextlib.suppress(OSError):
                temporary.unlink()


_OPEN: dict[tuple[int, Path | None], VectorCache] = {}


def for_index(embedder: Embedder, directory: Path | None) -> VectorCache:
    """The process's cache for this model and index directory (``None``: in memory only)."""
    key = (id(embedder), directory)  # the cache holds the embedder, so its id is not reused
    if key not in _OPEN:
        if len(_OPEN) >= 4:  # a process that opens many indexes (the tests) keeps the last few
            _OPEN.clear()
        _OPEN[key] = VectorCache(embedder, directory)
    return _OPEN[key]


def _tag(model_name: str) -> str:
    """A file name for the model (its name may hold ``:`` and ``/``)."""
    return hashlib.blake2b(model_name.encode(), digest_size=6).hexdigest()
