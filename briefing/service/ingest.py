"""One ingest run: parse results become articles, batched through chunking and embedding.

Kept apart from :mod:`briefing.service.facade` because it holds the run's bookkeeping: which texts are
new, which replace an earlier version of the same input, which are copies already stored (their
new origin and source are remembered instead), and which articles an input no longer produces.
Writes go in batches so the embedder sees many chunks at once; each batch's article records are
written last, so a crash never leaves a half-indexed article behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Protocol

from briefing.core.cancel import NEVER, WRITER_THREAD, CancelToken
from briefing.core.models import Article, ArticleInfo, Chunk, Document, IngestFailure, IngestReport, text_hash
from briefing.service.ingest_inputs import Progress as Progress
from briefing.service.ingest_inputs import article_id_for
from briefing.text.sentences import sentences_of

if TYPE_CHECKING:
    from briefing.store.embedder import Embedder
    from briefing.store.index import ChromaIndex
    from briefing.store.lexical import LexicalIndex


class IngestTarget(Protocol):
    """What a run writes through: the store, the embedder, and the BM25 cache it refreshes at the end."""

    @property
    def index(self) -> ChromaIndex: ...

    @property
    def embedder(self) -> Embedder: ...

    def lexical(self) -> LexicalIndex: ...


Chunked = list[tuple[Article, list[Chunk]]]
_BATCH_ARTICLES = 128  # one embedding call sorts its chunks by length: at 48 articles padding cost 2.4%


class IngestRun:
    """State of one ingest: pending new articles (embedded in batches) and the report.

    ``cancel`` (the TUI's Esc) is checked between articles, and by the writer between model
    calls: a stop ends the run within ~0.1 s of embedding, not after the batch in flight (a
    minute on a loaded machine). Articles embedded whole are written (each article's record last,
    so none is half-written); the others are not, and the report does not count them. A stopped
    run still runs :meth:`finish`, so the index and its BM25 cache agree.
    """

    def __init__(
        self,
        target: IngestTarget,
        published: dt.date | None,
        source: str | None,
        cancel: CancelToken | None = None,
    ) -> None:
        self.target = target
        self.index = target.index
        self.published, self.source = published, source
        self.report = IngestReport()
        self.pending: dict[str, Article] = {}
        self.changed = False
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.tick: Callable[[int, int], None] = lambda done, of: None
        self.cancel = cancel or NEVER
        self.known_by_hash: dict[str, ArticleInfo] = {}  # stored articles seen by this run
        self.known_by_id: dict[str, ArticleInfo] = {}
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix=WRITER_THREAD)
        self._in_flight: Future[Chunked] | None = None
        self._in_flight_ids: set[str] = set()
        self._in_flight_batch: list[tuple[Article, list[Chunk]]] = []
        self.unwritten: set[str] = set()  # ids a stop left unwritten: not stored, not counted

    def add_origin(self, origin: str, docs: list[Document]) -> None:
        added_before = len(self.report.added)
        texts = [doc.text.replace("\r\n", "\n").strip() for doc in docs]
        digests = [text_hash(text) for text in texts]
        self._prefetch(docs, digests)
        if len(docs) > 1:  # read: say how many articles are coming before the first batch embeds
            self.tick(0, len(docs))
        ids, written = [], 0
        for done, (doc, text, digest) in enumerate(zip(docs, texts, digests, strict=True), start=1):
            if self.stop_requested():
                break
            ids.append(self._add_document(origin, doc, text, digest))
            if not self.pending:  # a batch was just written
                written = done
                self.tick(done, len(docs))
        if self.pending and len(docs) > 1:  # the last batch embeds now: say how many articles
            self.tick(written, len(docs))  # (a 98-record file sat at a bare "0%" for 40 s)
        self.flush()
        kept = [aid for aid in ids if aid and aid not in self.unwritten]
        if self.report.stopped and (len(ids) < len(docs) or len(kept) < len([i for i in ids if i])):
            self._keep_partial_origin(origin, kept)
            return
        deleted = sum(
            self._forget_origin(stale, origin)
            for stale in set(self.index.origin_articles(origin)) - set(kept)
        )
        for _ in range(min(deleted, len(self.report.added) - added_before)):  # new versions of a changed file
            self.report.replaced.append(self.report.added.pop())
        self.index.set_origin(origin, kept)

    def stop_requested(self) -> bool:
        """Whether to stop now (asked between inputs and between articles); sticky once true."""
        if not self.report.stopped and self.cancel.cancelled:
            self.report.stopped = True
        return self.report.stopped

    def _keep_partial_origin(self, origin: str, kept: list[str]) -> None:
        """An input stopped part-way: its unread records may still produce its older articles,
        so none is forgotten; the origin lists old and new ones until a full run sorts them out."""
        self.index.set_origin(origin, sorted(set(self.index.origin_articles(origin)) | set(kept)))

    def _prefetch(self, docs: list[Document], digests: list[str]) -> None:
        """One store lookup per input instead of two per record: which texts and ids exist already."""
        missing = [d for d in dict.fromkeys(digests) if d not in self.known_by_hash]
        for info in self.index.find_by_hashes(missing).values():
            self._register(info)
        ids = [article_id_for(doc, digest) for doc, digest in zip(docs, digests, strict=True)]
        for info in self.index.article_infos([i for i in ids if i not in self.known_by_id]).values():
            self._register(info)

    def _register(self, info: ArticleInfo) -> None:
        """Remember a stored article under its id and text hash, as one shared object."""
        info = self.known_by_id.setdefault(info.id, info)
        self.known_by_hash[info.text_hash] = info

    def _add_document(self, origin: str, doc: Document, text: str, digest: str) -> str | None:
        if not text:
            self.report.failed.append(IngestFailure(origin=origin, reason="no text"))
            return None
        source = doc.source or self.source or ""
        known = self.known_by_hash.get(digest) or self._pending_by_hash(digest)
        if known is not None:
            self._remember(known, origin, source, doc)
            return known.id
        article_id = self._claim_id(article_id_for(doc, digest), digest, origin)
        self.pending[article_id] = self._article(article_id, doc, text, digest, origin, source)
        if len(self.pending) >= _BATCH_ARTICLES:
            self.flush(wait=False)
        return article_id

    def _claim_id(self, article_id: str, digest: str, origin: str) -> str:
        """The id for a new text: its own, unless another article already holds it.

        A record whose id exists only from this same input is a changed version (it replaces the
        old one); the same id on a different text from elsewhere, or while another input still
        holds the old text, or twice in one file, is another article, kept apart by a suffix
        from its text hash.
        """
        held = self.pending.get(article_id) or self.known_by_id.get(article_id)
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
            title=self.index.fit_title(doc.title.strip() or (sentences[0].text[:120] if sentences else aid)),
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

    def _remember(self, known: ArticleInfo, origin: str, source: str, doc: Document) -> None:
        """The same text again: store nothing twice; remember the new origin and source, and take
        the input's new title, date, source or URL when it is the article's only input read again
        (else only what the stored article lacks: two inputs holding one text would otherwise
        take turns rewriting it): its metadata is rewritten, its vectors are kept."""
        same_input = known.origins == [origin]
        origins = sorted(set(known.origins) | {origin})
        if same_input and source:
            sources = [source]  # only this input ever named a source: its new one replaces it
        else:
            sources = sorted(set(known.sources) | ({source} if source else set()))
        changed = origins != sorted(known.origins) or sources != sorted(known.sources)
        known.origins, known.sources = origins, sources
        if known.id in self.report.added or known.id in self.report.replaced:
            self.report.duplicates.append(known.id)  # a second copy within this run
        elif self._refresh(known, doc, source, same_input):
            self.report.updated.append(known.id)
            changed = True
        else:
            self.report.unchanged.append(known.id)
        if changed and known.id not in self.pending:
            if known.id in self._in_flight_ids:
                self._drain()  # its record must exist before it is updated
            self._will_change()  # its sources are BM25 filter flags
            self.index.update_article_info(known)

    def _refresh(self, known: ArticleInfo, doc: Document, source: str, same_input: bool) -> bool:
        """Take what this input says of a stored text; whether anything changed. An input that is
        not the article's only one (a syndicated copy) only fills in what the stored article lacks."""
        title = self.index.fit_title(doc.title.strip()) if doc.title.strip() else ""
        fresh = {
            "title": title if same_input else "",
            "published": doc.published or self.published,
            "source": source,
            "url": doc.url,
        }
        changed = False
        for field, value in fresh.items():
            if value and value != getattr(known, field) and (same_input or not getattr(known, field)):
                setattr(known, field, value)
                changed = True
        return changed

    def _forget_origin(self, article_id: str, origin: str) -> bool:
        """Drop an origin from an article it no longer produces; delete the article if orphaned."""
        info = self.known_by_id.get(article_id) or self.index.article_infos([article_id]).get(article_id)
        if info is None:
            return False
        info.origins = [o for o in info.origins if o != origin]
        self._will_change()
        if info.origins:
            self.index.update_article_info(info)
            return False
        self.index.delete_article(article_id)
        self.known_by_id.pop(article_id, None)
        if self.known_by_hash.get(info.text_hash) is info:
            del self.known_by_hash[info.text_hash]
        return True

    def flush(self, wait: bool = True) -> None:
        """Chunk the pending articles and hand them to the writer thread to embed and store.

        One batch is in flight at a time: while the model embeds it (onnxruntime releases the
        GIL), this thread parses, segments and chunks the next one. ``wait`` also waits for the
        batch to be written, as the end of an input must before it rewrites the input's origin.
        Once the run is stopped, what is pending is left out (never embedded), not written.
        """
        if self.report.stopped:
            for article in list(self.pending.values()):
                self._forget(article)
        if self.pending:
            chunked = self._chunked(list(self.pending.values()))
            self._drain()
            self._will_change()
            for article, chunks in chunked:
                self.report.sentences += len(article.sentences)
                self.report.chunks += len(chunks)
                replaced = self.known_by_id.get(article.id)
                if replaced is not None and self.known_by_hash.get(replaced.text_hash) is replaced:
                    del self.known_by_hash[replaced.text_hash]  # that text is gone from the store
                self.known_by_id[article.id] = article
                self.known_by_hash[article.text_hash] = article
            self._in_flight = self._writer.submit(self._embed_and_write, chunked)
            self._in_flight_ids = set(self.pending)
            self._in_flight_batch = chunked
            self.pending.clear()
        if wait:
            self._drain()

    def _embed_and_write(self, chunked: Chunked) -> Chunked:
        """Runs on the writer thread: embed every chunk of the batch, then write the batch; a stop
        ends the embedding early and only the articles embedded whole are written. Returns the
        articles left unwritten."""
        from briefing.store.sentence_vectors import embed_chunked

        texts = [self.index.embed_texts(a, chunks) for a, chunks in chunked]
        stop = lambda: self.cancel.cancelled  # noqa: E731
        vectors, sentences, whole = embed_chunked(self.target.embedder, chunked, texts, stop)
        batch, matrices, left, offset = [], [], [], 0
        for (article, chunks), matrix, done in zip(chunked, sentences, whole, strict=True):
            if done:
                batch.append((article, chunks, vectors[offset : offset + len(chunks)]))
                matrices.append(matrix)
            else:
                left.append((article, chunks))
            offset += len(chunks)
        self.index.write_articles(batch, matrices)
        return left

    def _chunked(self, articles: list[Article]) -> list[tuple[Article, list[Chunk]]]:
        """Each article with its chunks; one that cannot be chunked fails alone."""
        chunked = []
        for article in articles:
            try:
                chunked.append((article, self.index.make_chunks(article)))
            except Exception as exc:  # odd text the chunker chokes on: that article only
                self._fail_article(article, exc)
        return chunked

    def _drain(self) -> None:
        """Wait for the batch in flight. If it failed, the store's trouble (disk full, server
        gone, damaged files: :func:`briefing.store.failures.explain`) ends the run, since every
        later write would fail too; any other error is one article's, so the batch is written
        again one article at a time and only the articles that fail again are reported."""
        future, self._in_flight, self._in_flight_ids = self._in_flight, None, set()
        batch, self._in_flight_batch = self._in_flight_batch, []
        if future is None:
            return
        try:
            for article, chunks in future.result():  # embedded in part: the run was stopped
                self.report.stopped = True
                self._forget(article, len(chunks))
        except Exception as exc:
            self._raise_if_store_trouble(exc)
            for article, chunks in batch:
                try:
                    for left, parts in self._embed_and_write([(article, chunks)]):  # a stop came
                        self._forget(left, len(parts))
                except Exception as one:
                    self._raise_if_store_trouble(one)
                    self._fail_article(article, one, len(chunks))

    def _raise_if_store_trouble(self, exc: Exception) -> None:
        from briefing.core.errors import BriefingError, InputError
        from briefing.store.failures import store_error

        if isinstance(exc, BriefingError) and not isinstance(exc, InputError):
            raise exc
        storage = self.index.settings.storage
        where = storage.chroma_url or str(storage.path)
        trouble = store_error(exc, where, server=bool(storage.chroma_url))
        if trouble is not None:
            raise trouble from exc

    def _fail_article(self, article: Article, exc: Exception, chunks: int = 0) -> None:
        """Report one article that could not be indexed and forget it; the run goes on."""
        from briefing.core.errors import BriefingError

        detail = exc.message if isinstance(exc, BriefingError) else f"{type(exc).__name__}: {exc}"
        detail = (detail.splitlines() or [""])[0][:200]
        title = article.title if len(article.title) <= 60 else article.title[:57] + "..."
        reason = f"article {title!r} could not be indexed: {detail}"
        self.report.failed.append(IngestFailure(origin=article.origins[0], reason=reason))
        self._forget(article, chunks)
        self.unwritten.discard(article.id)  # reported as failed, as before: not a stop's leftover

    def _forget(self, article: Article, chunks: int = 0) -> None:
        """An article this run will not write (it failed, or a stop came first): out of the report's
        counts and of the run's look-ups, its stored version (if any) untouched."""
        self.unwritten.add(article.id)
        for ids in (self.report.added, self.report.replaced, self.report.duplicates):
            if article.id in ids:
                ids.remove(article.id)
        if self.known_by_id.get(article.id) is article:
            del self.known_by_id[article.id]
        if self.known_by_hash.get(article.text_hash) is article:
            del self.known_by_hash[article.text_hash]
        if chunks:
            self.report.sentences -= len(article.sentences)
            self.report.chunks -= chunks
        self.pending.pop(article.id, None)

    def _will_change(self) -> None:
        """Bump the store's revision before a run's first change, and again in :meth:`finish`: a
        run killed part-way then never leaves a BM25 cache that still looks current."""
        if not self.changed:
            self.index.bump_revision()
            self.changed = True

    def finish(self) -> None:
        try:
            self.flush()
        finally:
            self._writer.shutdown(wait=True)
        if self.changed:
            self.index.bump_revision()
            self.target.lexical()
