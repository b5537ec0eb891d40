"""The service as the UI's worker threads use it: one call at a time.

``Service`` loads its embedder and Chroma on first use and rebuilds the BM25 cache after an
ingest; doing either from two threads at once (say a library refresh while a question is
being answered) could load twice or write the cache twice. Every call therefore takes one
lock: a question asked during an ingest waits for it, while the screen stays responsive.
"""

from __future__ import annotations

import threading
from pathlib import Path

from briefing.history import Clock, History
from briefing.models import Answer, Article, ArticleInfo, IngestReport
from briefing.service import Progress, Service


class Backend:
    """Serialised access to a :class:`Service`, plus where the UI keeps its files."""

    def __init__(self, service: Service, history: History | None = None, clock: Clock | None = None) -> None:
        self.service = service
        self.history = history or History.beside(self.index_dir, clock)
        self._lock = threading.Lock()

    @property
    def index_dir(self) -> Path:
        return Path(self.service.settings.storage.path)

    def ask(self, question: str) -> Answer:
        with self._lock:
            return self.service.ask(question)

    def ingest(self, specs: list[str], progress: Progress | None = None) -> IngestReport:
        with self._lock:
            return self.service.ingest(specs, progress=progress)

    def list_articles(self) -> list[ArticleInfo]:
        with self._lock:
            return self.service.list_articles()

    def get_article(self, article_id: str) -> Article:
        with self._lock:
            return self.service.get_article(article_id)

    def save_markdown(self, markdown: str) -> Path:
        """Keep the last copied answer in the index directory, in case the clipboard is absent."""
        path = self.index_dir / "last-answer.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(markdown, encoding="utf-8")
        tmp.replace(path)
        return path
