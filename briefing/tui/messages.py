"""Messages that carry worker results back to the UI thread.

Workers never touch widgets: they post these, and handlers on the UI thread update the
screen. Each answer message carries the sequence number of the question it answers, so the
result of a cancelled question is recognised and dropped.
"""

from __future__ import annotations

from textual.message import Message

from briefing.core.brief_models import Brief, BriefFile
from briefing.core.models import Answer, Article, ArticleInfo, IngestReport
from briefing.tui.history import HistoryRecord


class CitationChosen(Message):
    """The user chose a citation marker: open sentence ``sid`` in its article."""

    def __init__(self, sid: str) -> None:
        super().__init__()
        self.sid = sid


class OpenArticle(Message):
    """Open an article by id, without a highlighted sentence."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id


class AnswerStarted(Message):
    """The service answered question ``seq``; its parts follow one message each."""

    def __init__(self, seq: int, answer: Answer) -> None:
        super().__init__()
        self.seq, self.answer = seq, answer


class AnswerPart(Message):
    """Part ``index`` of answer ``seq`` may be shown."""

    def __init__(self, seq: int, index: int) -> None:
        super().__init__()
        self.seq, self.index = seq, index


class AnswerDone(Message):
    """Every part of answer ``seq`` has been posted."""

    def __init__(self, seq: int) -> None:
        super().__init__()
        self.seq = seq


class AnswerFailed(Message):
    """Question ``seq`` failed; ``error`` is one line: what went wrong — how to fix it."""

    def __init__(self, seq: int, error: str) -> None:
        super().__init__()
        self.seq, self.error = seq, error


class HistoryLoaded(Message):
    """Past exchanges to show; ``query`` is the search that found them ('' for the latest)."""

    def __init__(self, records: list[HistoryRecord], query: str) -> None:
        super().__init__()
        self.records, self.query = records, query


class LibraryLoaded(Message):
    """Every indexed article, newest first."""

    def __init__(self, infos: list[ArticleInfo]) -> None:
        super().__init__()
        self.infos = infos


class LibraryChanged(Message):
    """The index changed (an ingest ended): the library should reload."""


class ArticleLoaded(Message):
    """The article an article screen asked for."""

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article


class IngestProgress(Message):
    """Ingest reached input ``label``: ``done`` (with fractions) of ``total`` inputs finished."""

    def __init__(self, label: str, done: float, total: int) -> None:
        super().__init__()
        self.label, self.done, self.total = label, done, total


class IngestFinished(Message):
    """Ingest ended with a report, or with ``error`` (one line) when it could not run."""

    def __init__(self, report: IngestReport | None, error: str | None = None) -> None:
        super().__init__()
        self.report, self.error = report, error


class BriefsListed(Message):
    """The saved briefs, newest first; ``select`` is the path to highlight (a brief just made)."""

    def __init__(self, files: list[BriefFile], select: str | None = None) -> None:
        super().__init__()
        self.files, self.select = files, select


class BriefOpened(Message):
    """A brief to show: one read from ``path``, or one just made and saved there."""

    def __init__(self, brief: Brief, path: str, made: bool = False) -> None:
        super().__init__()
        self.brief, self.path, self.made = brief, path, made


class BriefFailed(Message):
    """Making, saving or reading a brief failed; ``error`` is one line."""

    def __init__(self, error: str, making: bool) -> None:
        super().__init__()
        self.error, self.making = error, making
