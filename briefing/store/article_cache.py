"""Articles read from Chroma kept in memory for as long as the store's revision stands.

Why: every ask reads its ~10 head articles (text and metadata) from Chroma, ~8 ms at 4,000
articles, and a TUI or eval session asks about the same articles again and again. The store's
revision is read afresh at the start of every ask (the BM25 cache checks it), and every write
bumps it, so a kept article is never older than the revision the ask was answered under.
"""

from __future__ import annotations

from collections.abc import Callable

from briefing.core.models import Article


class ArticleCache:
    """Articles by id for one store revision; cleared when the revision moves, bounded in size."""

    def __init__(self, limit: int = 1024) -> None:
        self._limit = limit
        self._revision: str | None = None
        self._kept: dict[str, Article] = {}

    def get(
        self, ids: list[str], revision: str | None, fetch: Callable[[list[str]], dict[str, Article]]
    ) -> dict[str, Article]:
        """The articles of ``ids`` that exist, reading from the store only the ones not kept."""
        if revision is None or revision != self._revision:
            self._kept.clear()
            self._revision = revision
        missing = [i for i in dict.fromkeys(ids) if i not in self._kept]
        fetched = fetch(missing) if missing else {}
        if revision is not None:
            if len(self._kept) + len(fetched) > self._limit:
                self._kept.clear()
            self._kept.update(fetched)
        return {i: a for i in ids if (a := self._kept.get(i) or fetched.get(i)) is not None}
