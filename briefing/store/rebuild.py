"""``briefing repair``: rebuild an embedded store's vector indexes from what its SQLite file holds.

The SQLite file is the store's record: every chunk's and article's metadata, every article's
text, and (until Chroma compacts them into the HNSW files) the recent vectors in its write log.
The HNSW files only index vectors, so when they are damaged everything is rebuilt from SQLite,
read directly with ``sqlite3`` (opening the damaged store through Chroma could crash the process):

- vectors still in the write log are reused as they are;
- the other chunks are re-embedded from their article's text (``c_start``/``c_end``) and title,
  exactly as ingest embedded them;
- each article's vector is the mean of its chunks' (as ingest computes it); origins need none.

The new store is written beside the old one and swapped in only when complete; the damaged
folder is kept as ``chroma.damaged-<time>`` for the user to delete. Nothing is ever written
into the damaged store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from briefing.core.errors import IndexCorrupt
from briefing.core.own_files import remove_own_dir
from briefing.core.settings import Settings
from briefing.store.embedder import Embedder
from briefing.store.integrity import check_sqlite

_BATCH = 512


@dataclass
class Rebuilt:
    """What a rebuild did, for the repair report."""

    collections: dict[str, int] = field(default_factory=dict)  # name -> rows copied
    reused_vectors: int = 0
    embedded_chunks: int = 0
    kept_damaged: Path | None = None


def sqlite_problem(chroma_dir: Path) -> str | None:
    """SQLite's own check of the store file (``PRAGMA quick_check``, read-only), or None if fine."""
    try:
        check_sqlite(chroma_dir)
        with contextlib.closing(_connect(chroma_dir)) as con:
            rows = con.execute("PRAGMA quick_check").fetchall()
    except IndexCorrupt as exc:
        return exc.message
    except sqlite3.Error as exc:
        return f"{chroma_dir / 'chroma.sqlite3'}: {exc}"
    found = [str(r[0]) for r in rows]
    return None if found == ["ok"] else f"{chroma_dir / 'chroma.sqlite3'}: {'; '.join(found)[:200]}"


def _connect(chroma_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{chroma_dir / 'chroma.sqlite3'}?mode=ro", uri=True)


def rebuild(settings: Settings, embedder: Embedder, say: Callable[[str], None]) -> Rebuilt:
    """Rebuild ``<index>/chroma`` from its SQLite file into a new folder and swap it in."""
    from briefing.store.index import ChromaIndex

    root = settings.storage.path
    old, staging = root / "chroma", root / ".repair"
    problem = sqlite_problem(old)
    if problem:
        raise IndexCorrupt(
            f"the index database is damaged ({problem}); it holds the articles themselves, so "
            "nothing can be rebuilt from it",
            "restore the index directory from a backup, or ingest the inputs again into a new --index DIR",
        )
    remove_own_dir(staging)  # a link planted there would take the rebuilt store (and its rename) elsewhere
    done = Rebuilt()
    prefix = settings.storage.collection
    with contextlib.closing(_connect(old)) as con:
        target = ChromaIndex(settings.with_overrides(**{"storage.path": str(staging)}), embedder)
        revision = dt.datetime.now(dt.UTC).isoformat()
        target.chunks.modify(metadata={**_meta(con, f"{prefix}_chunks"), "revision": revision})
        articles = dict(_rows(con, f"{prefix}_articles"))
        chunk_rows = list(_rows(con, f"{prefix}_chunks"))
        logged = _logged_vectors(con, f"{prefix}_chunks")
        say(f"read {len(articles)} articles and {len(chunk_rows)} chunks from {old / 'chroma.sqlite3'}")
        vectors = _chunk_vectors(chunk_rows, articles, logged, embedder, done)
        _copy_chunks(target, chunk_rows, vectors)
        _copy_articles(target, articles, chunk_rows, vectors, embedder.dim)
        origins = list(_rows(con, f"{prefix}_origins"))
        for start in range(0, len(origins), _BATCH):
            part = origins[start : start + _BATCH]
            target.origins.add(
                ids=[i for i, _ in part],
                embeddings=np.zeros((len(part), 1), dtype=np.float32),
                metadatas=[m for _, m in part],
            )
        done.collections = {"chunks": len(chunk_rows), "articles": len(articles), "origins": len(origins)}
    _close_clients()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    done.kept_damaged = root / f"chroma.damaged-{stamp}"
    old.rename(done.kept_damaged)
    (staging / "chroma").rename(old)
    shutil.rmtree(staging, ignore_errors=True)
    return done


def _close_clients() -> None:
    """Let go of the staging store's files before its folder is moved (Chroma caches a client
    per path for the life of the process)."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def _meta(con: sqlite3.Connection, collection: str) -> dict[str, Any]:
    """A collection's metadata (embedder, dim, revision...), without Chroma's ``hnsw:`` keys."""
    rows = con.execute(
        "SELECT m.key, m.str_value, m.int_value, m.float_value, m.bool_value FROM collection_metadata m "
        "JOIN collections c ON c.id = m.collection_id WHERE c.name = ?",
        (collection,),
    ).fetchall()
    return {key: _value(rest) for key, *rest in rows if not key.startswith("hnsw:")}


def _value(columns: list[Any]) -> Any:
    text, integer, real, boolean = columns
    if text is not None:
        return text
    if integer is not None:
        return int(integer)
    if real is not None:
        return float(real)
    return bool(boolean)


def _rows(con: sqlite3.Connection, collection: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(id, metadata with the document under ``chroma:document``) of every record, from SQLite."""
    records = con.execute(
        "SELECT e.id, e.embedding_id FROM embeddings e JOIN segments s ON s.id = e.segment_id "
        "JOIN collections c ON c.id = s.collection WHERE c.name = ? AND s.scope = 'METADATA' ORDER BY e.id",
        (collection,),
    ).fetchall()
    for start in range(0, len(records), _BATCH):
        part = dict(records[start : start + _BATCH])
        metas: dict[int, dict[str, Any]] = {key: {} for key in part}
        marks = ",".join("?" * len(part))
        query = (
            "SELECT id, key, string_value, int_value, float_value, bool_value "
            f"FROM embedding_metadata WHERE id IN ({marks})"
        )
        for row_id, key, *rest in con.execute(query, list(part)):
            metas[row_id][key] = _value(rest)
        yield from ((part[key], metas[key]) for key in part)


def _logged_vectors(con: sqlite3.Connection, collection: str) -> dict[str, np.ndarray]:
    """The newest vector of each id still in Chroma's write log (not yet compacted into HNSW)."""
    found = con.execute("SELECT id FROM collections WHERE name = ?", (collection,)).fetchone()
    if found is None:
        return {}
    vectors: dict[str, np.ndarray] = {}
    rows = con.execute(
        "SELECT id, operation, vector, encoding FROM embeddings_queue WHERE topic LIKE ? ORDER BY seq_id",
        (f"%{found[0]}",),
    )
    for record_id, operation, blob, encoding in rows:
        if operation == 3:  # delete
            vectors.pop(record_id, None)
        elif blob is not None and str(encoding).upper() == "FLOAT32":
            vectors[record_id] = np.frombuffer(blob, dtype="<f4").copy()
    return vectors


def _chunk_vectors(
    chunks: list[tuple[str, dict[str, Any]]],
    articles: dict[str, dict[str, Any]],
    logged: dict[str, np.ndarray],
    embedder: Embedder,
    done: Rebuilt,
) -> dict[str, np.ndarray]:
    """Every chunk's vector: from the write log when it is there, else embedded again."""
    vectors = {cid: logged[cid] for cid, _ in chunks if cid in logged and len(logged[cid]) == embedder.dim}
    done.reused_vectors = len(vectors)
    missing = [(cid, meta) for cid, meta in chunks if cid not in vectors]
    texts = [_chunk_text(meta, articles) for _, meta in missing]
    for start in range(0, len(missing), _BATCH):
        batch = embedder.embed(texts[start : start + _BATCH])
        for (cid, _), vector in zip(missing[start : start + _BATCH], batch, strict=True):
            vectors[cid] = vector
    done.embedded_chunks = len(missing)
    return vectors


def _chunk_text(meta: dict[str, Any], articles: dict[str, dict[str, Any]]) -> str:
    """What ingest embedded for a chunk: its span of the article, after the article's title."""
    text = meta.get("chroma:document")
    if not isinstance(text, str):
        article = articles.get(str(meta.get("article_id")), {})
        body = str(article.get("chroma:document", ""))
        text = body[int(meta.get("c_start", 0)) : int(meta.get("c_end", len(body)))]
    title = str(meta.get("title") or "")
    return f"title: {title}\n\n{text}" if title else text


def _copy_chunks(
    target: Any, chunks: list[tuple[str, dict[str, Any]]], vectors: dict[str, np.ndarray]
) -> None:
    for start in range(0, len(chunks), _BATCH):
        part = chunks[start : start + _BATCH]
        target.chunks.add(
            ids=[cid for cid, _ in part],
            embeddings=np.stack([vectors[cid] for cid, _ in part]),
            metadatas=[{k: v for k, v in meta.items() if k != "chroma:document"} for _, meta in part],
            documents=_documents([meta for _, meta in part]),
        )


def _documents(metas: list[dict[str, Any]]) -> list[str] | None:
    """Chunk texts when stored (indexes before 0.1 stored them; now only the span is)."""
    texts = [meta.get("chroma:document") for meta in metas]
    return [str(t) for t in texts] if all(isinstance(t, str) for t in texts) else None


def _copy_articles(
    target: Any,
    articles: dict[str, dict[str, Any]],
    chunks: list[tuple[str, dict[str, Any]]],
    vectors: dict[str, np.ndarray],
    dim: int,
) -> None:
    """Articles with their text and metadata; each vector the normalised mean of its chunks'."""
    by_article: dict[str, list[np.ndarray]] = {}
    for cid, meta in chunks:
        by_article.setdefault(str(meta.get("article_id")), []).append(vectors[cid])
    ids = list(articles)
    for start in range(0, len(ids), _BATCH):
        part = ids[start : start + _BATCH]
        means = []
        for aid in part:
            found = by_article.get(aid)
            mean = np.mean(found, axis=0) if found else np.ones(dim, dtype=np.float32)
            means.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
        target.articles.add(
            ids=part,
            embeddings=np.stack(means),
            documents=[str(articles[aid].get("chroma:document", "")) for aid in part],
            metadatas=[{k: v for k, v in articles[aid].items() if k != "chroma:document"} for aid in part],
        )


def describe(done: Rebuilt) -> list[str]:
    """The rebuild as report lines."""
    counts = ", ".join(f"{n} {name}" for name, n in done.collections.items())
    return [
        f"vector index rebuilt: {counts}",
        f"{done.reused_vectors} chunk vectors taken from the store's log, {done.embedded_chunks} re-embedded",
        f"the damaged files were kept in {done.kept_damaged} (delete it when satisfied)",
    ]
