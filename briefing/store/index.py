"""The store: Chroma collections for chunks and articles, and the LlamaIndex chunker.

This is the only module that imports chromadb and llama_index (both lazily: ~1.7 s of imports).
Three collections share a name prefix:

- ``<name>_chunks``: one vector per chunk, written straight to Chroma without a document (the
  text is the article's ``[c_start:c_end]``: storing it again made Chroma's full-text index cost
  60% of the write); metadata ``article_id``, ``s_from``/``s_to`` (sentence numbers covered),
  ``published_ord`` (days since 0001-01-01, -1 when unknown) and one ``src:<name>`` flag per
  source the text was seen from, for filtering (a syndicated text answers to every outlet that
  ran it).
- ``<name>_articles``: the article text (document), its metadata and sentence offsets; its vector
  is the mean of its chunks. Written *after* the chunks, so it is the commit point of an ingest:
  an article without a record is not indexed, and its stray chunks are ignored and replaced.
- ``<name>_origins``: which article ids each file/URL produced (to replace a changed file).

The chunks collection records the embedder that made it; opening it with another one fails.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from briefing.core.errors import EmbedderMismatch, StoreError
from briefing.core.models import Article, ArticleInfo, Chunk, Filters
from briefing.core.settings import Settings
from briefing.store.article_cache import ArticleCache
from briefing.store.chroma_import import open_client
from briefing.store.chunking import chunk_article, chunk_limit, embed_text, embedded_title
from briefing.store.collection_io import IDS_PER_GET, get_many, merge_page, search_widely
from briefing.store.embedder import Embedder
from briefing.store.records import (
    article_info,
    article_meta,
    article_record,
    chroma_where,
    date_ord,
    origin_key,
    source_flags,
)
from briefing.store.sentence_vectors import SentenceVectors, content_key

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

_PAGE = 2000
_NONE = np.zeros((0, 0), dtype=np.float32)


class ChromaIndex:
    """Chunks, articles and origins in Chroma (embedded on disk, or a server)."""

    def __init__(self, settings: Settings, embedder: Embedder, sentences: SentenceVectors | None = None):
        self.settings = settings
        self.embedder = embedder
        self.sentences = sentences or SentenceVectors(None)  # the sentences' vectors made at ingest
        self._client = open_client(settings)
        name = settings.storage.collection
        self.chunks = self._collection(f"{name}_chunks", check_embedder=True)
        self.articles = self._collection(f"{name}_articles")
        self.origins = self._collection(f"{name}_origins", space="l2")
        self._kept = ArticleCache()  # articles kept under the revision last read
        self._seen_revision: str | None = None

    def _collection(self, name: str, check_embedder: bool = False, space: str = "cosine") -> Collection:
        meta = {"hnsw:space": space, "embedder": self.embedder.name, "dim": self.embedder.dim}
        try:
            collection = self._client.get_or_create_collection(name, metadata=meta, embedding_function=None)
        except Exception as exc:  # chromadb raises many types; all mean "cannot open"
            raise StoreError(f"cannot open collection {name}: {exc}") from None
        found = (collection.metadata or {}).get("embedder")
        if check_embedder and found and found != self.embedder.name:
            raise EmbedderMismatch(f"the index was built with embedder {found!r}, not {self.embedder.name!r}")
        search_widely(collection, self.settings.retrieval.search_ef)
        return collection

    # ----- revision: bumped by every change, so derived caches (BM25) know they are stale
    @property
    def revision(self) -> str:
        """Read afresh (0.4 ms): another process may have ingested since this one opened the store."""
        try:
            meta = self._client.get_collection(self.chunks.name).metadata or {}
        except Exception:  # deleted under us, or the server went away: the next call reports it
            meta = self.chunks.metadata or {}
        self._seen_revision = str(meta.get("revision", "0"))
        return self._seen_revision

    @property
    def seen_revision(self) -> str | None:
        """The revision last read or ``None`` after a change here; no read (another process's change
        shows at the next :attr:`revision`)."""
        return self._seen_revision

    def bump_revision(self) -> None:
        meta = {k: v for k, v in (self.chunks.metadata or {}).items() if not k.startswith("hnsw:")}
        meta["revision"] = dt.datetime.now(dt.UTC).isoformat()
        self.chunks.modify(metadata=meta)
        self._seen_revision = None  # nothing kept until the new revision is read

    # ----- writing
    def make_chunks(self, article: Article) -> list[Chunk]:
        """Cut an article into chunks with LlamaIndex's SentenceSplitter and our segmenter."""
        return chunk_article(article, self.embedder, self.settings)

    def fit_title(self, title: str) -> str:
        """The title as stored: whole, or cut at a word where the embedder would cut it, ending in
        "…" — a 5,000-word "title" is a pasted lead, and would crowd every list it appears in."""
        cut = embedded_title(title, self.embedder, chunk_limit(self.embedder, self.settings))
        return title if cut == title else f"{cut} …"

    def embed_texts(self, article: Article, chunks: list[Chunk]) -> list[str]:
        """What the embedder reads for each chunk: the (possibly shortened) title, then the chunk."""
        title = embedded_title(article.title, self.embedder, chunk_limit(self.embedder, self.settings))
        return [embed_text(chunk, title) for chunk in chunks]

    def write_articles(
        self,
        batch: list[tuple[Article, list[Chunk], np.ndarray]],
        sentences: list[np.ndarray | None] | None = None,
    ) -> None:
        """Keep the sentences' vectors, replace the batch's chunks, then write the article records:
        the commit point.

        A crash before the records are written leaves chunks without an article; they are
        never returned (retrieval keeps committed articles only) and are replaced on re-run.
        """
        if not batch:
            return
        ids = [article.id for article, _, _ in batch]
        self.sentences.put(
            (article.id, content_key(article, self.embedder.name), matrix)
            for (article, _, _), matrix in zip(batch, sentences or [None] * len(batch), strict=True)
            if matrix is not None
        )
        self.chunks.delete(where={"article_id": {"$in": ids}})  # type: ignore[dict-item]
        rows = [(a, c, v) for a, chunks, vectors in batch for c, v in zip(chunks, vectors, strict=True)]
        if rows:  # no document: the text is the article's [c_start:c_end] (Chroma's text index cost 60%)
            self.chunks.add(
                ids=[chunk.id for _, chunk, _ in rows],
                embeddings=np.stack([vector for _, _, vector in rows]),
                metadatas=[self._chunk_meta(article, chunk) for article, chunk, _ in rows],  # type: ignore[misc]
            )
        self.articles.upsert(
            ids=ids,
            documents=[article.text for article, _, _ in batch],
            embeddings=[self._mean(vectors).tolist() for _, _, vectors in batch],
            metadatas=[{**article_meta(article), "changed_us": _now_us()} for article, _, _ in batch],
        )

    def _mean(self, vectors: np.ndarray) -> np.ndarray:
        """An article's vector: the normalised mean of its chunks' vectors."""
        mean = vectors.mean(axis=0) if len(vectors) else np.ones(self.embedder.dim, dtype=np.float32)
        return mean / max(float(np.linalg.norm(mean)), 1e-12)

    @staticmethod
    def _chunk_meta(article: Article, chunk: Chunk) -> dict[str, Any]:
        numbers = [int(sid.rsplit(":", 1)[1]) for sid in chunk.sentence_ids]
        return {
            "article_id": article.id,
            "title": article.title,
            "s_from": min(numbers),
            "s_to": max(numbers),
            "c_start": chunk.start,
            "c_end": chunk.start + len(chunk.text),
            "published_ord": date_ord(article.published),
            "source": article.source,
            **source_flags(article.sources),
        }

    def update_article_info(self, info: ArticleInfo) -> None:
        """Rewrite an article's metadata (origins, sources, title, date, URL) without touching its
        text or offsets; flags of sources it no longer has are removed. A new title re-embeds the
        chunks, since each chunk's vector is of its title and text: stale vectors would keep
        answering to the old title. Chunks are written first and the article record last (the
        commit point), so a run killed in between redoes the update when run again."""
        existing = self.articles.get(ids=[info.id], include=["metadatas"])
        if not existing["ids"]:
            raise StoreError(f"article {info.id} is not indexed")
        old = existing["metadatas"][0]  # type: ignore[index]
        stale = {key: None for key in old if key.startswith("src:")}
        shared: dict[str, Any] = {
            "title": info.title,
            "source": info.source,
            "published_ord": date_ord(info.published),
            **stale,  # None deletes a key in Chroma's update
            **source_flags(info.sources),
        }
        meta = {
            **shared,
            "url": info.url or "",
            "origins": json.dumps(info.origins),
            "sources": json.dumps(info.sources),
            "changed_us": _now_us(),  # the BM25 cache's date and source filters must see the change
        }
        retitled = str(old.get("title", "")) != info.title
        chunks = self.chunks.get(where={"article_id": info.id}, include=["metadatas"] if retitled else [])
        if retitled and chunks["ids"]:
            self.sentences.delete([info.id])  # read under the old title: asks embed them meanwhile
            vectors = self._retitled_vectors(info, chunks["metadatas"] or [])
            self.chunks.update(ids=chunks["ids"], embeddings=vectors, metadatas=[shared] * len(vectors))
            self.articles.update(ids=[info.id], embeddings=[self._mean(vectors).tolist()], metadatas=[meta])
            return
        if chunks["ids"]:
            self.chunks.update(ids=chunks["ids"], metadatas=[shared] * len(chunks["ids"]))
        self.articles.update(ids=[info.id], metadatas=[meta])

    def _retitled_vectors(self, info: ArticleInfo, chunk_metas: list[Any]) -> np.ndarray:
        """The chunks' vectors embedded afresh under the article's new title (their text is the
        article's ``[c_start:c_end]``), as an ingest of the retitled article would embed them."""
        got = self.articles.get(ids=[info.id], include=["documents"])
        text = (got["documents"] or [""])[0] or ""
        title = embedded_title(info.title, self.embedder, chunk_limit(self.embedder, self.settings))
        texts = [embed_text(text[int(m["c_start"]) : int(m["c_end"])], title) for m in chunk_metas]
        return self.embedder.embed(texts)

    def delete_article(self, article_id: str) -> None:
        self.articles.delete(ids=[article_id])
        self.chunks.delete(where={"article_id": article_id})
        self.sentences.delete([article_id])

    def sentence_vectors(self, articles: list[Article]) -> dict[str, np.ndarray]:
        """Sentence id -> the vector ingest kept for it, for these articles as stored now."""
        wanted = {a.id: content_key(a, self.embedder.name) for a in articles}
        kept = self.sentences.get(wanted, self.embedder.dim)
        return {
            s.id: matrix[s.n]
            for a in articles
            if len(matrix := kept.get(a.id, _NONE)) == len(a.sentences)
            for s in a.sentences
            if matrix[s.n].any()
        }

    def set_origin(self, origin: str, article_ids: list[str]) -> None:
        key = origin_key(origin)
        if not article_ids:
            self.origins.delete(ids=[key])
            return
        meta = {"origin": origin, "article_ids": json.dumps(sorted(set(article_ids)))}
        self.origins.upsert(ids=[key], embeddings=[[0.0]], metadatas=[meta])  # type: ignore[arg-type]

    # ----- reading
    def origin_articles(self, origin: str) -> list[str]:
        got = self.origins.get(ids=[origin_key(origin)], include=["metadatas"])
        return json.loads(str(got["metadatas"][0]["article_ids"])) if got["ids"] else []  # type: ignore[index]

    def find_by_hashes(self, digests: list[str]) -> dict[str, ArticleInfo]:
        """Stored articles by text hash, for many texts in a few calls (ingest checks every record)."""
        found: dict[str, ArticleInfo] = {}
        unique = list(dict.fromkeys(digests))
        for start in range(0, len(unique), 500):
            where = {"text_hash": {"$in": unique[start : start + 500]}}
            got = self.articles.get(where=where, include=["metadatas"])  # type: ignore[arg-type]
            for aid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
                info = article_info(aid, meta)
                found[info.text_hash] = info
        return found

    def find_by_hash(self, digest: str) -> ArticleInfo | None:
        got = self.articles.get(where={"text_hash": digest}, include=["metadatas"], limit=1)
        return article_info(got["ids"][0], got["metadatas"][0]) if got["ids"] else None  # type: ignore[index]

    def article_infos(self, ids: list[str]) -> dict[str, ArticleInfo]:
        if not ids:
            return {}
        got = get_many(self.articles, list(dict.fromkeys(ids)), ["metadatas"])
        return {
            aid: article_info(aid, meta) for aid, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
        }

    def get_article(self, article_id: str) -> Article | None:
        got = self.articles.get(ids=[article_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        return article_record(article_id, got["metadatas"][0], got["documents"][0])  # type: ignore[index]

    def get_articles(self, ids: list[str]) -> dict[str, Article]:
        """Kept in memory under the revision last read (:mod:`briefing.store.article_cache`)."""
        return self._kept.get(ids, self._seen_revision, self._read_articles)

    def _read_articles(self, ids: list[str]) -> dict[str, Article]:
        if not ids:
            return {}
        got = get_many(self.articles, list(dict.fromkeys(ids)), ["metadatas", "documents"])
        rows = zip(got["ids"], got["metadatas"] or [], got["documents"] or [], strict=True)
        return {aid: article_record(aid, meta, doc) for aid, meta, doc in rows}

    def iter_article_infos(self) -> Iterator[ArticleInfo]:
        for ids, metas, _ in self._pages(self.articles, ["metadatas"]):
            yield from (article_info(aid, meta) for aid, meta in zip(ids, metas, strict=True))

    # ----- what the BM25 cache syncs from
    def article_ids(self) -> list[str]:
        """Every committed article's id (ids only: cheap even at 100k articles)."""
        return [aid for ids, _, _ in self._pages(self.articles, []) for aid in ids]

    def changed_articles(self, since_us: int) -> dict[str, int]:
        """Articles written or re-labelled after ``since_us``, with their change stamps."""
        recent = {"changed_us": {"$gt": since_us}}  # paged: Chroma fails on ~32k rows at once
        return {
            aid: int(meta.get("changed_us", 0))
            for ids, metas, _ in self._pages(self.articles, ["metadatas"], where=recent)
            for aid, meta in zip(ids, metas, strict=True)
        }

    def article_rows(self, ids: list[str]) -> list[tuple[str, str, dict[str, Any]]]:
        """(article id, text, metadata) of these committed articles."""
        got = get_many(self.articles, ids, ["metadatas", "documents"])
        return list(zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True))  # type: ignore[arg-type]

    def chunk_rows(self, article_ids: list[str]) -> list[tuple[str, str | None, dict[str, Any]]]:
        """(chunk id, text, metadata) of these articles' chunks; the text is None when only the
        character span in the article is stored (``c_start``/``c_end``), as ingest does since 0.1."""
        got: dict[str, list[Any]] = {"ids": [], "metadatas": [], "documents": []}
        for start in range(0, len(article_ids), IDS_PER_GET):
            where = {"article_id": {"$in": article_ids[start : start + IDS_PER_GET]}}
            merge_page(got, self.chunks.get(where=where, include=["metadatas", "documents"]))  # type: ignore[arg-type]
        return list(zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True))  # type: ignore[arg-type]

    @staticmethod
    def _pages(
        collection: Collection, include: list[str], where: dict[str, Any] | None = None
    ) -> Iterator[tuple[list[str], list[Any], list[Any]]]:
        offset = 0
        while True:
            got = collection.get(include=include, where=where, limit=_PAGE, offset=offset)  # type: ignore[arg-type]
            if not got["ids"]:
                return
            yield got["ids"], got.get("metadatas") or [], got.get("documents") or [None] * len(got["ids"])
            offset += len(got["ids"])

    def count(self) -> int:
        return self.articles.count()

    def chunk_count(self) -> int:
        return self.chunks.count()

    def article_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Each article's stored vector (the mean of its chunks' embeddings), by id."""
        got = get_many(self.articles, ids, ["embeddings"])
        vectors = got["embeddings"]
        return {aid: np.asarray(v, dtype=np.float32) for aid, v in zip(got["ids"], vectors, strict=True)}

    def dense_search(self, vector: np.ndarray, n: int, filters: Filters) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the nearest chunks, filters applied inside Chroma.

        Ids only: where a chunk sits comes from the BM25 cache, which saves Chroma's metadata read.
        """
        got = self.chunks.query(  # asks for n even if fewer exist: counting costs 30 ms at 270k chunks
            query_embeddings=[vector.tolist()],
            n_results=n,
            where=chroma_where(filters),  # type: ignore[arg-type]
            include=["distances"],
        )
        return [(cid, 1.0 - float(d)) for cid, d in zip(got["ids"][0], got["distances"][0], strict=True)]  # type: ignore[index]

    def dense_search_articles(self, vector: np.ndarray, n: int, filters: Filters) -> list[str]:
        """Ids of the articles whose vector (the mean of their chunks') is nearest, filters applied.

        The whole-article view: a question about a story's gist matches the article as a whole even
        when no single chunk states it (the peers' winning recipe fuses such a ranking).
        """
        got = self.articles.query(
            query_embeddings=[vector.tolist()],
            n_results=n,
            where=chroma_where(filters),  # type: ignore[arg-type]
            include=[],
        )
        return list(got["ids"][0])


def _now_us() -> int:
    return time.time_ns() // 1000
