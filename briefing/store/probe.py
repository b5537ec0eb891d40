"""A real query against every collection of a store, run in a child process by ``briefing doctor``.

A damaged vector index can kill the process that reads it (SIGSEGV in Chroma's HNSW reader), so
the doctor asks a child: ``python -m briefing.store.probe DIR|URL [COLLECTION_PREFIX]`` prints one
line per collection and exits 0, or exits non-zero (or dies by a signal) on damage; the doctor
reports either way and keeps going.
"""

from __future__ import annotations

import sys

import numpy as np


def main(argv: list[str]) -> int:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    where, prefix = argv[0], (argv[1] if len(argv) > 1 else "briefing")
    settings = ChromaSettings(anonymized_telemetry=False)
    if where.startswith(("http://", "https://")):
        from urllib.parse import urlparse

        parts = urlparse(where)
        client = chromadb.HttpClient(
            host=parts.hostname or "localhost", port=parts.port or 8000, settings=settings
        )
    else:
        client = chromadb.PersistentClient(path=where, settings=settings)
    for kind in ("chunks", "articles", "origins"):
        collection = client.get_collection(f"{prefix}_{kind}")
        count = collection.count()
        dim = int((collection.metadata or {}).get("dim", 384)) if kind != "origins" else 1
        vector = np.ones(dim, dtype=np.float32) / np.sqrt(dim)
        got = collection.query(query_embeddings=[vector.tolist()], n_results=min(max(count, 1), 3))
        print(f"{kind}: {count} records, query returned {len(got['ids'][0])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
