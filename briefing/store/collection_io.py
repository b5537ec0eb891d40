"""Chroma collection calls the index needs done one careful way: how widely its graph is searched,
and reads by many ids in pages.

Why a module of its own: both work around Chroma's defaults and limits (an approximate search that
missed 5% of the nearest chunks; SQLite's 32,766 variables per statement), apart from what
:mod:`briefing.store.index` stores and reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

IDS_PER_GET = 5000  # ids (or $in values) per Chroma read: its SQLite takes at most 32,766 variables


def search_widely(collection: Collection, ef: int) -> None:
    """Have Chroma search the collection's HNSW graph with ``ef`` candidates (kept in the collection's
    configuration, so written once per index and raised for indexes built before).

    Why: at Chroma's default (100) a query for 100 hits missed 5% of the true nearest chunks, and an
    index whose last writes Chroma replays into its graph on opening answered the same question
    with a different set in each process. A read-only index or an old server keeps its setting.
    """
    try:
        current = int(((collection.configuration or {}).get("hnsw") or {}).get("ef_search") or 0)
        if current < ef:
            collection.modify(configuration={"hnsw": {"ef_search": ef}})
    except Exception:  # a setting we cannot raise leaves Chroma's own: still correct
        return


def get_many(collection: Collection, ids: list[str], include: list[str]) -> dict[str, list[Any]]:
    """``collection.get(ids=...)`` in pages, merged: Chroma's SQLite refuses a statement of over
    32,766 variables, and a feed of 100k items made ingest ask for 100k ids at once."""
    got: dict[str, list[Any]] = {"ids": [], **{key: [] for key in include}}
    for start in range(0, len(ids), IDS_PER_GET):
        merge_page(got, collection.get(ids=ids[start : start + IDS_PER_GET], include=include))  # type: ignore[arg-type]
    return got


def merge_page(got: dict[str, list[Any]], part: Any) -> None:
    """One page of a ``get`` added to ``got``, key by key (embeddings come as an array)."""
    for key, values in got.items():
        more = part.get(key)
        values += list(more) if more is not None else []
