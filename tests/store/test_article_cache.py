"""Articles kept in memory per store revision (briefing.store.article_cache): a kept article is
never served under another revision, and an ingest in the same process is seen at once."""

from __future__ import annotations

from pathlib import Path

from briefing.core.models import Article
from briefing.store.article_cache import ArticleCache
from tests.conftest import Seeded


def _fetcher(store: dict[str, Article], calls: list[list[str]]):  # type: ignore[no-untyped-def]
    def fetch(ids: list[str]) -> dict[str, Article]:
        calls.append(ids)
        return {i: store[i] for i in ids if i in store}

    return fetch


def test_kept_under_one_revision_only(seeded_index: Seeded) -> None:
    article = seeded_index.service.index.get_article(seeded_index.article_id)
    assert article is not None
    store, calls = {article.id: article}, []
    cache, fetch = ArticleCache(limit=4), _fetcher(store, calls)
    assert cache.get([article.id, "gone"], "r1", fetch) == {article.id: article}
    assert cache.get([article.id], "r1", fetch) == {article.id: article}
    assert calls == [[article.id, "gone"]]  # the second read was served from memory
    cache.get([article.id], "r2", fetch)
    assert calls[-1] == [article.id]  # a new revision reads again
    cache.get([article.id], None, fetch)
    cache.get([article.id], None, fetch)
    assert len(calls) == 4  # no revision known: nothing is kept


def test_a_change_in_the_same_process_is_seen(copy_seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A re-titled article is read afresh after the ingest that changed it (the write bumps the
    store's revision)."""
    service = copy_seeded("cache", [])
    story = tmp_path / "bridge.md"
    story.write_text(
        "---\ntitle: Bridge shut\n---\nThe Westmark bridge reopened on Monday.\n", encoding="utf-8"
    )
    article_id = service.ingest([str(story)]).added[0]
    service.index.revision  # noqa: B018  (read first by every ask)
    assert service.index.get_articles([article_id])[article_id].title == "Bridge shut"
    story.write_text(
        "---\ntitle: Bridge reopens\n---\nThe Westmark bridge reopened on Monday.\n", encoding="utf-8"
    )
    assert service.ingest([str(story)]).updated == [article_id]
    assert service.index.get_articles([article_id])[article_id].title == "Bridge reopens"
