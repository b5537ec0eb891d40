"""Chroma searches the chunk graph widely (``retrieval.search_ef``): at its default ef_search of 100,
a query for 100 hits missed 5% of the true nearest chunks at 4k articles, and an index still
replaying its log answered the same question with a different set in each process (the eval's
dev-104 flipped between runs). Real Chroma on disk."""

from __future__ import annotations

from collections.abc import Callable

from chromadb.api.shared_system_client import SharedSystemClient

from briefing.core.settings import load_settings
from briefing.service.facade import Service
from briefing.store.chroma_import import open_client


def _ef_search(service: Service) -> dict[str, int]:
    client = open_client(service.settings)
    return {c.name: int(c.configuration["hnsw"]["ef_search"]) for c in client.list_collections()}


def test_an_index_is_searched_widely_and_an_old_one_is_raised(
    copy_seeded: Callable[[str, list[str]], Service],
) -> None:
    service = copy_seeded("ef", [])
    wanted = service.settings.retrieval.search_ef
    assert wanted > 100 and set(_ef_search(service).values()) == {wanted}
    client = open_client(service.settings)
    for collection in client.list_collections():  # as an index built by an older version
        collection.modify(configuration={"hnsw": {"ef_search": 100}})
    del client
    SharedSystemClient.clear_system_cache()  # ... opened by a new process: nothing of this one kept
    reopened = Service(service.settings)
    assert reopened.ask("How many Turkish soldiers were deployed?").answer
    assert set(_ef_search(reopened).values()) == {wanted}

    Service(reopened.settings.with_overrides(**{"retrieval.search_ef": 200})).index.count()
    assert set(_ef_search(reopened).values()) == {wanted}  # a narrower setting never lowers it
    assert load_settings().retrieval.search_ef == wanted
