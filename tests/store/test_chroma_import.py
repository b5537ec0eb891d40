"""chromadb opened without the ``overrides`` signature checks: the swap is active, undone, and Chroma works.

In a fresh interpreter (what matters is what happens while chromadb imports): the real checker is
wrapped with a counter before anything imports chromadb.
"""

from __future__ import annotations

from pathlib import Path

import overrides

from briefing.store.chroma_import import _marked, _real, _real_httpx_cli, _real_otlp_exporter, light_overrides
from tests.fresh import json_from_fresh_interpreter

OPEN = """
import json, sys
import overrides
EMBEDDERS = "chromadb.utils.embedding_functions"
checker = sys.modules["overrides.overrides"]
real = checker.ensure_signature_is_compatible
checks = []
checker.ensure_signature_is_compatible = lambda *a, **k: (checks.append(1), real(*a, **k))[1]
from briefing.core.settings import Settings
from briefing.core.models import Article
from briefing.store.embedder import load_embedder
settings = Settings(storage={"path": sys.argv[2]})
if sys.argv[1] == "briefing":
    from briefing.store.index import ChromaIndex
    index = ChromaIndex(settings, load_embedder(settings.embedder))
    collection = index.chunks
else:
    import chromadb
    client = chromadb.PersistentClient(path=sys.argv[2] + "/chroma")
    collection = client.get_or_create_collection("plain", embedding_function=None)
collection.add(ids=["a", "b"], embeddings=[[1.0] + [0.0] * 383, [0.0, 1.0] + [0.0] * 382],
               metadatas=[{"article_id": "x"}, {"article_id": "y"}])
found = collection.query(query_embeddings=[[0.9, 0.1] + [0.0] * 382], n_results=2)
print(json.dumps({"checks": len(checks), "ids": found["ids"][0], "grpc": "grpc" in sys.modules,
                  "unused": sorted({"jsonschema", "pygments", EMBEDDERS}.intersection(sys.modules)),
                  "restored": overrides.override.__module__ == "overrides.overrides"}))
"""


def open_in_fresh_interpreter(how: str, path: Path) -> dict[str, object]:
    return json_from_fresh_interpreter(OPEN, how, str(path), timeout=300)


def test_the_index_opens_chroma_without_signature_checks_and_chroma_still_works(tmp_path: Path) -> None:
    made = open_in_fresh_interpreter("briefing", tmp_path / "ours")
    ours = open_in_fresh_interpreter("briefing", tmp_path / "ours")  # an index that exists, as asks open it
    assert made["checks"] == 0 and made["ids"] == ["a", "b"]
    plain = open_in_fresh_interpreter("plain", tmp_path / "plain")
    assert plain["checks"] > 100  # what the swap avoids: chromadb checks ~160 signatures
    assert ours["checks"] == 0
    assert ours["ids"] == plain["ids"] == ["a", "b"]
    assert ours["restored"] is True and plain["restored"] is True
    assert plain["grpc"] is True and ours["grpc"] is False  # the unused OTLP gRPC exporter stays out
    # chromadb's ~25 embedding functions (httpx's CLI, jsonschema...) stay out too
    assert plain["unused"] == ["chromadb.utils.embedding_functions", "jsonschema", "pygments"]
    assert ours["unused"] == []  # (creating the collections reads the registry: ingest may pay)


NAMED = """
import json, sys
EMBEDDERS = "chromadb.utils.embedding_functions"
path = sys.argv[1]
if sys.argv[2] == "make":
    import chromadb
    from chromadb.utils.embedding_functions import DefaultEmbeddingFunction
    client = chromadb.PersistentClient(path=path)
    client.create_collection("named", embedding_function=DefaultEmbeddingFunction())
    print(json.dumps({}))
else:
    from briefing.store.chroma_import import light_chromadb
    with light_chromadb():
        import chromadb
        client = chromadb.PersistentClient(path=path)
        collection = client.get_collection("named")
    from chromadb.utils.embedding_functions import DefaultEmbeddingFunction, known_embedding_functions
    print(json.dumps({"function": type(collection._embedding_function).__name__,
                      "registry": "default" in known_embedding_functions,
                      "real": not hasattr(sys.modules[EMBEDDERS], "_briefing_stand_in")}))
"""


def test_a_collection_naming_an_embedding_function_still_gets_it_through_the_stand_in(tmp_path: Path) -> None:
    json_from_fresh_interpreter(NAMED, str(tmp_path), "make", timeout=300)
    opened = json_from_fresh_interpreter(NAMED, str(tmp_path), "open", timeout=300)
    assert opened == {"function": "DefaultEmbeddingFunction", "registry": True, "real": True}


def test_the_httpx_cli_stand_in_runs_the_real_one() -> None:
    import httpx._main

    assert _real_httpx_cli.__doc__ and _real("httpx._main") is httpx._main


def test_the_swap_marks_like_the_real_decorator_and_is_undone() -> None:
    real = overrides.override
    with light_overrides() as swapped:
        assert swapped and overrides.override is _marked and overrides.overrides is _marked

        class Base:
            def run(self) -> int:
                return 1

        class Child(Base, overrides.EnforceOverrides):
            @overrides.override
            def run(self) -> int:
                return 2

        with light_overrides() as again:  # nested: the outer block's swap stands
            assert again is False
        assert Child().run() == 2 and Child.run.__override__ is True  # type: ignore[attr-defined]
    assert overrides.override is real


def test_the_exporter_stand_in_makes_the_real_exporter_when_called() -> None:
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

    exporter = _real_otlp_exporter(endpoint="http://127.0.0.1:9", insecure=True)
    assert isinstance(exporter, OTLPSpanExporter)
    exporter.shutdown()
