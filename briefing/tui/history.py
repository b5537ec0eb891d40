"""Conversation history: every question and its answer, kept beside the index.

An analyst closes the terminal UI at night and expects yesterday's answers in the morning, so
each completed exchange is appended to ``<index>/history.jsonl`` (one JSON record a line, the
answer exactly as :class:`~briefing.core.models.Answer` serialises it). Appending one line with one
``write`` call and ``fsync`` means a crash can at worst leave a torn *last* line: reading skips
lines that do not parse, and the next append starts on a fresh line, so earlier records are
never lost. Clearing replaces the file atomically.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ValidationError

from briefing.core.models import Answer
from briefing.core.own_files import open_own, write_own

FILE_NAME = "history.jsonl"
Clock = Callable[[], dt.datetime]


def local_now() -> dt.datetime:
    """The wall-clock time with its UTC offset, to the second."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


class HistoryRecord(BaseModel):
    """One question and the answer it got, with when it was asked."""

    at: dt.datetime
    question: str
    answer: Answer

    def matches(self, words: list[str]) -> bool:
        """True when every word occurs in the question, the answer or its cited titles."""
        haystack = " ".join(
            [self.question]
            + [part.text for part in self.answer.answer]
            + [src.title for src in self.answer.sources.values()]
        ).lower()
        return all(word in haystack for word in words)


class History:
    """Append-only JSONL file of :class:`HistoryRecord`; the clock is injectable for tests."""

    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.path = path
        self.clock = clock or local_now

    @classmethod
    def beside(cls, index_dir: Path, clock: Clock | None = None) -> History:
        """The history of the index in ``index_dir``."""
        return cls(index_dir / FILE_NAME, clock)

    def append(self, answer: Answer) -> HistoryRecord:
        """Record an answer now; one write and an fsync, so a crash never corrupts earlier lines."""
        from briefing.service.scrubbing import scrub_answer  # an echoed API key never lands on disk

        answer = scrub_answer(answer)
        record = HistoryRecord(at=self.clock(), question=answer.question, answer=answer)
        line = record.model_dump_json() + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = open_own(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if not _ends_with_newline(fd):
                line = "\n" + line  # a torn last line from a crash stays alone on its line
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        return record

    def load(self, limit: int | None = None) -> list[HistoryRecord]:
        """Records oldest first (the last ``limit`` of them); unreadable lines are skipped."""
        records = list(self._read())
        return records[-limit:] if limit else records

    def search(self, query: str, limit: int | None = None) -> list[HistoryRecord]:
        """Records whose question, answer or cited titles contain every word of ``query``."""
        words = query.lower().split()
        found = [r for r in self._read() if r.matches(words)]
        return found[-limit:] if limit else found

    def clear(self) -> None:
        """Forget every record: an empty file replaces the old one in one rename."""
        if not self.path.exists():
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.unlink(missing_ok=True)  # a stale one, or a link planted in its place
        write_own(tmp, b"", 0o600)
        os.replace(tmp, self.path)

    def _read(self) -> list[HistoryRecord]:
        try:
            raw = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        records = []
        for line in raw.splitlines():
            if not line.strip():
                continue
            try:
                records.append(HistoryRecord.model_validate(json.loads(line)))
            except (ValueError, ValidationError):
                continue  # a torn line from a crash, or a record from a future version
        return records


def _ends_with_newline(fd: int) -> bool:
    size = os.fstat(fd).st_size
    if size == 0:
        return True
    return os.pread(fd, 1, size - 1) == b"\n"
