"""``briefing delete``: take articles out of an index, every trace a question could reach.

Why: an article ingested by mistake (the wrong file, a confidential one, a duplicate feed) could
only be dropped by deleting the whole index and ingesting everything again. Here its chunks and
their vectors, its record and its kept sentence vectors go; each input it came from forgets it
(so ingesting that input again adds it back, as new); the store's revision is bumped before and
after, so the BM25 cache masks it on its next sync, even if the run is killed part-way. Saved
briefs are snapshots and keep quoting it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from briefing.core.models import ArticleInfo
    from briefing.store.index import ChromaIndex
    from briefing.store.lexical import LexicalIndex


class Deletable(Protocol):
    """What a deletion writes through (``Service``, under its write lock)."""

    @property
    def index(self) -> ChromaIndex: ...

    def lexical(self) -> LexicalIndex: ...


def delete_articles(target: Deletable, article_ids: list[str]) -> list[ArticleInfo]:
    """Delete these (full, existing) article ids; the deleted articles' infos, in the order given."""
    index = target.index
    infos = index.article_infos(article_ids)
    gone = [infos[aid] for aid in dict.fromkeys(article_ids) if aid in infos]
    if not gone:
        return []
    index.bump_revision()  # first: a run killed from here on never leaves a cache that looks current
    for info in gone:
        for origin in info.origins:
            index.set_origin(origin, [aid for aid in index.origin_articles(origin) if aid != info.id])
        index.delete_article(info.id)
    index.bump_revision()
    target.lexical()  # the BM25 cache masks the deleted rows now, not at the next question
    return gone
