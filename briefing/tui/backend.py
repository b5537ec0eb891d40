"""The service as the UI's worker threads use it: one call at a time.

``Service`` loads its embedder and Chroma on first use and rebuilds the BM25 cache after an
ingest; doing either from two threads at once (say a library refresh while a question is
being answered) could load twice or write the cache twice. Every call therefore takes one
lock: a question asked during an ingest waits for it, while the screen stays responsive.
Saved briefs are plain files, so listing and opening them takes no lock.

Ask, brief and ingest take the job's :class:`~briefing.core.cancel.CancelToken`: Esc cancels it,
the service stops at its next seam (a streamed LLM piece, a story, a batch) and the lock is
released at once, so the next question never waits for work nobody wants. A job cancelled while
it still waits for the lock leaves without taking it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing.core.brief_models import Brief, BriefFile, Window
from briefing.core.cancel import NEVER, CancelToken
from briefing.core.models import Answer, Article, ArticleInfo, Filters, IngestReport
from briefing.core.own_files import write_own
from briefing.service.facade import Service
from briefing.service.ingest import Progress
from briefing.tui.history import Clock, History, local_now


class Backend:
    """Serialised access to a :class:`Service`, plus where the UI keeps its files."""

    def __init__(self, service: Service, history: History | None = None, clock: Clock | None = None) -> None:
        self.service = service
        self.clock: Clock = clock or local_now
        self.history = history or History.beside(self.index_dir, clock)
        self._lock = threading.Lock()
        self.as_of: dt.date | None = None  # None: today (the default of `briefing ask` too)

    @property
    def index_dir(self) -> Path:
        return Path(self.service.settings.storage.path)

    def warm_up(self) -> None:
        """Start loading what the first question needs (no lock: it returns at once)."""
        self.service.warm_up()

    @contextmanager
    def _turn(self, cancel: CancelToken | None) -> Iterator[None]:
        """Hold the lock; raises :class:`Cancelled` if ``cancel`` is cancelled while waiting for it."""
        token = cancel or NEVER
        while not self._lock.acquire(timeout=0.05):
            token.check()
        try:
            yield
        finally:
            self._lock.release()

    def ask(
        self,
        question: str,
        on_text: Callable[[str], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Answer:
        """The answer; an LLM's text goes to ``on_text`` (on the calling thread) as it is written."""
        with self._turn(cancel):
            return self.service.ask(
                question, filters=Filters(as_of=self.as_of), on_text=on_text, cancel=cancel
            )

    def ingest(
        self,
        specs: list[str],
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> IngestReport:
        """A cancelled ingest still returns its report (``stopped``): what it read is kept."""
        with self._turn(cancel):
            return self.service.ingest(specs, progress=progress, cancel=cancel)

    def list_articles(self) -> list[ArticleInfo]:
        with self._lock:
            return self.service.list_articles()

    def get_article(self, article_id: str) -> Article:
        with self._lock:
            return self.service.get_article(article_id)

    # ----- briefs
    def list_briefs(self) -> list[BriefFile]:
        return self.service.list_briefs()

    def load_brief(self, path: str) -> Brief:
        return self.service.load_brief(path)

    def make_brief(self, window: Window, topic: str | None, cancel: CancelToken | None = None) -> Brief:
        """A new brief at the app's clock time, compared with the last saved one (not saved yet)."""
        with self._turn(cancel):
            return self.service.brief(window, topic, now=self.clock(), cancel=cancel)

    def save_brief(self, brief: Brief) -> Path:
        """Save as JSON and Markdown in the briefs folder; the JSON path is what the list shows."""
        return self.service.save_brief(brief)[0]

    def save_markdown(self, markdown: str) -> Path:
        """Keep the last copied answer in the index directory, in case the clipboard is absent."""
        path = self.index_dir / "last-answer.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.unlink(missing_ok=True)  # a stale one, or a link planted in its place
        write_own(tmp, markdown.encode("utf-8"))
        tmp.replace(path)
        return path
