"""Red team: resource abuse. A 50 MB article, a deeply nested JSON or HTML file, a gzip bomb and
a page of 100k links are refused in one line each, in seconds (tests/inputs/test_bad_inputs.py
holds small copies of them). A feed of 100k items broke: ingest's lookup of which items were
already stored asked the store for all their ids at once, and Chroma's SQLite refused it ("too many
SQL variables"), an "unexpected InternalError" that stopped the whole ingest. Every lookup by a
list of ids is now made in pages."""

from __future__ import annotations

from tests.conftest import Seeded

MANY = 40_000  # over SQLite's 32,766 variables per statement


def test_lookups_by_tens_of_thousands_of_ids_are_paged(seeded_index: Seeded) -> None:
    index = seeded_index.service.index
    ids = [f"{n:016x}" for n in range(MANY)] + [seeded_index.article_id]
    assert list(index.article_infos(ids)) == [seeded_index.article_id]
    assert [row[0] for row in index.article_rows(ids)] == [seeded_index.article_id]
    assert list(index.article_vectors(ids)) == [seeded_index.article_id]
    assert {row[2]["article_id"] for row in index.chunk_rows(ids)} == {seeded_index.article_id}
    assert list(index.get_articles(ids)) == [seeded_index.article_id]
