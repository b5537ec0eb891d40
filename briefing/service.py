"""Orchestration: ingest inputs, answer questions, list and show articles. No UI code here.

``Service`` takes its collaborators lazily from the settings (the embedder and Chroma cost
~1 s to load), so commands that need neither start fast, and tests can pass a temporary index
directory or a Chroma server URL through the settings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing import extractive
from briefing.errors import BriefingError, IndexLocked, InputError, NotFound, StoreError
from briefing.models import (
    Answer,
    Article,
    ArticleInfo,
    Document,
    Filters,
    IngestFailure,
    IngestReport,
    SourceSentence,
    split_sentence_id,
    text_hash,
)
from briefing.settings import Settings
from briefing.text import sentences_of

if TYPE_CHECKING:
    from briefing.embedder import Embedder
    from briefing.index import ChromaIndex
    from briefing.lexical import LexicalIndex

Progress = Callable[[str, float, int], None]
"""Called as progress(label, done, total) while ingesting; done counts inputs, with fractions."""

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:_.\-]{0,95}$")
_BATCH_ARTICLES = 48


def article_id_for(doc: Document, digest: str) -> str:
    """The record's own id when it is a safe token, else the text hash."""
    ext = (doc.external_id or "").strip()
    if not ext:
        return digest
    return ext if _SAFE_ID.match(ext) else "x" + hashlib.sha256(ext.encode()).hexdigest()[:16]


class _Releasing:
    """Context manager that releases an already-acquired lock."""

    def __init__(self, lock: Any) -> None:
        self._lock = lock

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def _ticker(progress: Progress | None, item: str, position: int, total: int) -> Callable[[int, int], None]:
    """Progress inside one input: ``tick(done, of)`` articles of item ``position``."""

    def tick(done: int, of: int) -> None:
        if progress:
            label = f"{item} ({done}/{of} articles)" if of > 1 else item
            progress(label, position + done / max(of, 1), total)

    return tick


def origin_key(item: str) -> str:
    """How an input is remembered: URLs as given, files by absolute path (cwd-independent)."""
    return item if item.startswith(("http://", "https://")) else os.path.abspath(item)


class Service:
    """Ingest, ask and browse one index."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._embedder: Embedder | None = None
        self._index: ChromaIndex | None = None
        self._lexical: LexicalIndex | None = None

    # ----- collaborators, loaded on first use
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from briefing.embedder import load_embedder

            self._embedder = load_embedder(self.settings.embedder)
        return self._embedder

    @property
    def exists(self) -> bool:
        """Whether there is an index to read (a server always counts; a local one once written)."""
        storage = self.settings.storage
        if storage.chroma_url:
            return True
        if storage.path.exists() and not storage.path.is_dir():
            raise StoreError(f"cannot open the index at {storage.path}: it is a file", "pass --index a directory")
        return (storage.path / "chroma").is_dir()

    def _require_articles(self) -> None:
        """Reading commands fail clearly on a missing or empty index instead of answering nothing."""
        where = self.settings.storage.chroma_url or self.settings.storage.path
        fix = "ingest articles first, e.g. briefing ingest seeds/, or pass --index DIR"
        if not self.exists:
            raise StoreError(f"there is no index at {where}", fix)
        if self.index.count() == 0:
            raise StoreError(f"the index at {where} holds no articles", fix)

    @property
    def index(self) -> ChromaIndex:
        if self._index is None:
            from briefing.index import ChromaIndex

            self._index = ChromaIndex(self.settings, self.embedder)
        return self._index

    def lexical(self) -> LexicalIndex:
        """The BM25 cache, rebuilt from Chroma when the store changed since it was saved."""
        from briefing import lexical

        revision = self.index.revision
        if self._lexical is not None and self._lexical.revision == revision:
            return self._lexical
        directory = self._cache_dir() / "bm25"
        self._lexical = lexical.load(directory, revision) or lexical.build(
            directory, revision, self.index.iter_chunks(), self.index.iter_article_rows()
        )
        return self._lexical

    def _cache_dir(self) -> Path:
        storage = self.settings.storage
        if not storage.chroma_url:
            return storage.path
        key = hashlib.sha256(f"{storage.chroma_url}|{storage.collection}".encode()).hexdigest()[:12]
        return storage.path / f"server-{key}"

    # ----- ingest
    def ingest(
        self,
        specs: list[str],
        published: dt.date | None = None,
        source: str | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Parse, segment, chunk, embed and store every input; one failure never stops the rest."""
        from briefing.sources import expand_inputs, read_input_with_problems

        items, failures = expand_inputs(specs)
        with self._write_lock():
            run = _IngestRun(self, published, source)
            run.report.failed.extend(failures)
            for position, item in enumerate(items):
                run.tick = _ticker(progress, item, position, len(items))
                run.tick(0, 1)
                try:
                    docs, problems = read_input_with_problems(item, self.settings.fetch)
                except InputError as exc:
                    run.report.failed.append(IngestFailure(origin=item, reason=exc.message))
                    continue
                run.report.failed.extend(IngestFailure(origin=item, reason=p) for p in problems)
                run.add_origin(origin_key(item), docs)
            run.finish()
        if progress:
            progress("done", len(items), len(items))
        return run.report

    def _write_lock(self) -> Any:
        """One writer per local index: Chroma's embedded store is not safe for two writing processes.

        A Chroma server serialises writes itself, so server mode takes no local lock.
        """
        import contextlib

        from filelock import FileLock, Timeout

        if self.settings.storage.chroma_url:
            return contextlib.nullcontext()
        path = self.settings.storage.path
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the index directory {path}: {exc.strerror}", "pass --index a directory path"
            ) from None
        lock = FileLock(str(path / ".write.lock"), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise IndexLocked(f"another briefing process is writing the index at {path}") from None
        return _Releasing(lock)

    # ----- ask
    def ask(self, question: str, k: int | None = None, filters: Filters | None = None) -> Answer:
        """Answer from verbatim, cited sentences, or abstain with the closest ones as related."""
        question = question.strip()
        if not question:
            raise BriefingError(
                "the question is empty", 'type a question, e.g. briefing ask "Who said what?"'
            )
        from briefing.retrieval import retrieve

        self._require_articles()
        found = retrieve(self, question, k or self.settings.retrieval.k, filters or Filters())
        scored = extractive.score_candidates(
            question, found.candidates, found.idf, self.embedder.embed, rerank=self.settings.answer.rerank
        )
        composition = extractive.compose(scored, self.settings.answer)
        cited = [sid for part in composition.parts for sid in part.citations] + composition.related
        return Answer(
            question=question,
            answer=composition.parts,
            sources={sid: found.source_sentence(sid) for sid in dict.fromkeys(cited)},
            abstained=composition.abstained,
            related=composition.related,
            retrieved=found.retrieved,
        )

    # ----- browse
    def list_articles(self) -> list[ArticleInfo]:
        """Every article, newest first (undated last); none when no index exists yet."""
        if not self.exists:
            return []
        infos = list(self.index.iter_article_infos())
        return sorted(infos, key=lambda a: (a.published or dt.date.min, a.ingested_at), reverse=True)

    def get_article(self, article_id: str) -> Article:
        """An article by id or unique id prefix."""
        self._require_articles()
        article_id = article_id.strip()
        if not article_id:
            raise NotFound("no article id given", "pass an id from `briefing sources`")
        article = self.index.get_article(article_id)
        if article is not None:
            return article
        matches = [a.id for a in self.index.iter_article_infos() if a.id.startswith(article_id)]
        if len(matches) == 1:
            found = self.index.get_article(matches[0])
            if found is not None:
                return found
        if len(matches) > 1:
            raise NotFound(f"{article_id!r} matches {len(matches)} articles", "give more of the id")
        raise NotFound(f"no article {article_id!r} in the index")

    def sentence(self, sid: str) -> SourceSentence:
        """One sentence with its article's metadata: what a citation points at."""
        try:
            article_id, n = split_sentence_id(sid)
        except ValueError:
            raise NotFound(f"{sid!r} is not a sentence id", "sentence ids look like ARTICLE:N") from None
        article = self.get_article(article_id)
        if n >= len(article.sentences):
            raise NotFound(f"article {article_id} has no sentence {n}")
        return article.cite(n)


class _IngestRun:
    """State of one ingest: pending new articles (embedded in batches) and the report."""

    def __init__(self, service: Service, published: dt.date | None, source: str | None) -> None:
        self.service = service
        self.index = service.index
        self.published, self.source = published, source
        self.report = IngestReport()
        self.pending: dict[str, Article] = {}
        self.changed = False
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.tick: Callable[[int, int], None] = lambda done, of: None

    def add_origin(self, origin: str, docs: list[Document]) -> None:
        added_before = len(self.report.added)
        ids = []
        for done, doc in enumerate(docs, start=1):
            ids.append(self._add_document(origin, doc))
            if not self.pending:  # a batch was just written
                self.tick(done, len(docs))
        self.flush()
        kept = [aid for aid in ids if aid]
        deleted = sum(
            self._forget_origin(stale, origin)
            for stale in set(self.index.origin_articles(origin)) - set(kept)
        )
        for _ in range(min(deleted, len(self.report.added) - added_before)):  # new versions of a changed file
            self.report.replaced.append(self.report.added.pop())
        self.index.set_origin(origin, kept)

    def _add_document(self, origin: str, doc: Document) -> str | None:
        text = doc.text.replace("\r\n", "\n").strip()
        if not text:
            self.report.failed.append(IngestFailure(origin=origin, reason="no text"))
            return None
        digest = text_hash(text)
        source = doc.source or self.source or ""
        known = self.index.find_by_hash(digest) or self._pending_by_hash(digest)
        if known is not None:
            self._remember(known, origin, source)
            return known.id
        article_id = self._claim_id(article_id_for(doc, digest), digest, origin)
        self.pending[article_id] = self._article(article_id, doc, text, digest, origin, source)
        if len(self.pending) >= _BATCH_ARTICLES:
            self.flush()
        return article_id

    def _claim_id(self, article_id: str, digest: str, origin: str) -> str:
        """The id for a new text: its own, unless another article already holds it.

        A record whose id exists only from this same input is a changed version (it replaces the
        old one); the same id on a different text from elsewhere, or while another input still
        holds the old text, or twice in one file, is another article, kept apart by a suffix
        from its text hash.
        """
        held = self.pending.get(article_id) or self.index.article_infos([article_id]).get(article_id)
        if held is None:
            self.report.added.append(article_id)
            return article_id
        if article_id not in self.pending and held.origins == [origin]:
            self.report.replaced.append(article_id)
            return article_id
        article_id = f"{article_id}~{digest[:8]}"
        self.report.added.append(article_id)
        return article_id

    def _article(self, aid: str, doc: Document, text: str, digest: str, origin: str, source: str) -> Article:
        sentences = sentences_of(aid, text)
        return Article(
            id=aid,
            title=doc.title.strip() or (sentences[0].text[:120] if sentences else aid),
            source=source,
            url=doc.url,
            published=doc.published or self.published,
            ingested_at=self.now,
            origins=[origin],
            sources=[source] if source else [],
            text_hash=digest,
            sentence_count=len(sentences),
            text=text,
            sentences=sentences,
        )

    def _pending_by_hash(self, digest: str) -> Article | None:
        return next((a for a in self.pending.values() if a.text_hash == digest), None)

    def _remember(self, known: ArticleInfo, origin: str, source: str) -> None:
        """The same text again: remember the new origin and source, store nothing twice."""
        new_origin = origin not in known.origins
        new_source = bool(source) and source not in known.sources
        if known.id in self.pending or not (new_origin or new_source):
            if known.id in self.pending:
                known.origins = sorted(set(known.origins) | {origin})
                known.sources = sorted(set(known.sources) | ({source} if source else set()))
            if known.id not in self.report.added:
                self.report.unchanged.append(known.id)
            return
        known.origins = sorted(set(known.origins) | {origin})
        known.sources = sorted(set(known.sources) | ({source} if source else set()))
        self.index.update_article_info(known)
        self.report.unchanged.append(known.id)

    def _forget_origin(self, article_id: str, origin: str) -> bool:
        """Drop an origin from an article it no longer produces; delete the article if orphaned."""
        info = self.index.article_infos([article_id]).get(article_id)
        if info is None:
            return False
        info.origins = [o for o in info.origins if o != origin]
        self.changed = True
        if info.origins:
            self.index.update_article_info(info)
            return False
        self.index.delete_article(article_id)
        return True

    def flush(self) -> None:
        """Chunk and embed all pending articles in one batch, then write each one."""
        from briefing.index import embed_text

        if not self.pending:
            return
        articles = list(self.pending.values())
        chunked = [(a, self.index.make_chunks(a)) for a in articles]
        texts = [embed_text(c, a.title) for a, chunks in chunked for c in chunks]
        vectors = self.service.embedder.embed(texts)
        batch, offset = [], 0
        for article, chunks in chunked:
            batch.append((article, chunks, vectors[offset : offset + len(chunks)]))
            offset += len(chunks)
            self.report.sentences += len(article.sentences)
            self.report.chunks += len(chunks)
        self.index.write_articles(batch)
        self.pending.clear()
        self.changed = True

    def finish(self) -> None:
        self.flush()
        if self.changed:
            self.index.bump_revision()
            self.service.lexical()
