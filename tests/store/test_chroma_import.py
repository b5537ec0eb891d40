"""chromadb opened without the ``overrides`` signature checks: the swap is active, undone, and Chroma works.

In a fresh interpreter (what matters is what happens while chromadb imports): the real checker is
wrapped with a counter before anything imports chromadb.
"""

from __future__ import annotations

from pathlib import Path

import overrides

from briefing.store.chroma_import import _marked, _real_otlp_exporter, light_overrides
from tests.fresh import json_from_fresh_interpreter

OPEN = """
import json, sys
import overrides
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
                  "restored": overrides.override.__module__ == "overrides.overrides"}))
"""


def open_in_fresh_interpreter(how: str, path: Path) -> dict[str, object]:
    return json_from_fresh_interpreter(OPEN, how, str(path), timeout=300)


def test_the_index_opens_chroma_without_signature_checks_and_chroma_still_works(tmp_path: Path) -> None:
    ours = open_in_fresh_interpreter("briefing", tmp_path / "ours")
    plain = open_in_fresh_interpreter("plain", tmp_path / "plain")
    assert plain["checks"] > 100  # what the swap avoids: chromadb checks ~160 signatures
    assert ours["checks"] == 0
    assert ours["ids"] == plain["ids"] == ["a", "b"]
    assert ours["restored"] is True and plain["restored"] is True
    assert plain["grpc"] is True and ours["grpc"] is False  # the unused OTLP gRPC exporter stays out


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
