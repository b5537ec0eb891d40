"""The one facade: ingest, ask, brief, list/show, doctor, evaluate. No UI code here.

The CLI and the TUI talk to :class:`Service` only. Below it, each job takes what it needs
through a small Protocol (:class:`~briefing.qa.retrieval.Stores`, :class:`~briefing.brief.build.Library`,
:class:`~briefing.service.ingest.IngestTarget`, :class:`~briefing.service.health.Checked`,
:class:`~briefing.service.evaluate.Asker`), which this class satisfies.

Collaborators are loaded lazily from the settings (the embedder and Chroma cost ~1 s), so commands
that need neither start fast; tests pass a temporary index directory or a Chroma URL in the settings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.core.cancel import CancelToken
from briefing.core.errors import (
    BriefingError,
    InputError,
    NotFound,
    StoreError,
)
from briefing.core.models import (
    Answer,
    Article,
    ArticleInfo,
    Filters,
    IngestFailure,
    IngestReport,
    SourceSentence,
    split_sentence_id,
)
from briefing.core.settings import Settings
from briefing.service.guard import store_trouble
from briefing.service.ingest import IngestRun
from briefing.service.ingest_inputs import Progress, origin_of, ticker
from briefing.service.write_lock import write_lock

if TYPE_CHECKING:
    from briefing.core.brief_models import Brief, BriefFile, Window
    from briefing.service.evaluate import Question, Report
    from briefing.service.health import Check
    from briefing.store.embedder import Embedder
    from briefing.store.index import ChromaIndex
    from briefing.store.lexical import LexicalIndex


class Service:
    """Ingest, ask and browse one index."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._embedder: Embedder | None = None
        self._index: ChromaIndex | None = None
        self._lexical: LexicalIndex | None = None
        self._articles_seen_at: str | None = None  # the index revision at which articles were counted

    # ----- collaborators, loaded on first use
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from briefing.store.embedder import load_embedder

            self._embedder = load_embedder(self.settings.embedder)
        return self._embedder

    @property
    def exists(self) -> bool:
        """Whether there is an index to read (a server always counts; a local one once written)."""
        storage = self.settings.storage
        if storage.chroma_url:
            return True
        if storage.path.exists() and not storage.path.is_dir():
            raise StoreError(
                f"cannot open the index at {storage.path}: it is a file", "pass --index a directory"
            )
        return (storage.path / "chroma").is_dir()

    def _require_articles(self) -> None:
        """Reading commands fail clearly on a missing or empty index instead of answering nothing."""
        where = self.settings.storage.chroma_url or self.settings.storage.path
        fix = "ingest articles first, e.g. briefing ingest seeds/, or pass --index DIR"
        if not self.exists:
            raise StoreError(f"there is no index at {where}", fix)
        seen = self.index.seen_revision
        if seen is not None and seen == self._articles_seen_at:
            return  # counted under this revision already: Chroma's count costs ~3 ms an ask
        if self.index.count() == 0:
            raise StoreError(f"the index at {where} holds no articles", fix)
        self._articles_seen_at = seen

    @property
    def index(self) -> ChromaIndex:
        if self._index is None:
            from briefing.store.index import ChromaIndex
            from briefing.store.integrity import check_store
            from briefing.store.sentence_vectors import SentenceVectors

            if not self.settings.storage.chroma_url:  # damaged files: one line, never a SIGSEGV
                check_store(self.settings.storage.path / "chroma")
            kept = SentenceVectors(self.cache_dir() / "sentences.sqlite3")
            self._index = ChromaIndex(self.settings, self.embedder, kept)
            self._remember_store()
        return self._index

    def lexical(self) -> LexicalIndex:
        """The BM25 cache, brought up to date with Chroma when the store changed since it was saved."""
        from briefing.store import lexical_cache

        revision = self.index.revision
        if self._lexical is not None and self._lexical.revision == revision:
            return self._lexical
        self._lexical = lexical_cache.open_index(self.cache_dir() / "bm25", revision, self.index)
        return self._lexical

    def cache_dir(self) -> Path:
        storage = self.settings.storage
        if not storage.chroma_url:
            return storage.path
        key = hashlib.sha256(f"{storage.chroma_url}|{storage.collection}".encode()).hexdigest()[:12]
        return storage.path / f"server-{key}"

    # ----- ingest
    @store_trouble
    def ingest(
        self,
        specs: list[str],
        published: dt.date | None = None,
        source: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        follow_symlinks: bool = False,
    ) -> IngestReport:
        """Parse, segment, chunk, embed and store every input; one failure never stops the rest.

        ``cancel`` is checked between inputs and batches; once cancelled the run ends cleanly
        (what is pending is written, the BM25 cache rebuilt) with ``report.stopped`` set.
        """
        from briefing.inputs.dates_read import Notice, Undated
        from briefing.inputs.sources import expand_inputs, read_input_with_problems

        skipped: list[str] = []
        items, failures = expand_inputs(specs, follow_symlinks, skipped)
        finished = 0
        with self._write_lock():
            run = IngestRun(self, published, source, cancel)
            run.report.failed.extend(failures)
            run.report.skipped.extend(sorted(skipped))
            for position, item in enumerate(items):
                finished = position
                if run.stop_requested():
                    break
                run.tick = ticker(progress, item, position, len(items))
                run.tick(0, 1)
                try:
                    reading = self.settings.inputs
                    docs, problems = read_input_with_problems(
                        item, self.settings.fetch, reading.day_first, reading.max_feed_items
                    )
                except InputError as exc:
                    run.report.failed.append(IngestFailure(origin=item, reason=exc.message))
                    continue
                for problem in problems:  # a Notice lost nothing: a warning, not a failure
                    told = run.report.warnings if isinstance(problem, Notice) else run.report.failed
                    problem = (
                        problem.filled(published) if isinstance(problem, Undated) and published else problem
                    )
                    told.append(IngestFailure(origin=item, reason=problem))
                run.add_origin(origin_of(item), docs)
                if run.report.stopped:  # part-way through this input
                    break
            else:
                finished = len(items)
            run.finish()
            self._remember_store()
        if progress:
            progress("done", finished, len(items))
        return run.report

    def _write_lock(self) -> Any:
        return write_lock(self.settings)

    def warm_up(self, once: bool = False, engine: str | None = None) -> None:
        """Start loading the NLP pipeline in the background and return at once: a long-lived process
        (the TUI) so its first question does not wait ~1-2 s for spaCy. ``once`` (the CLI's one
        extractive question): parse in the child ``briefing ask`` forked at start-up (``cli/start.py``,
        :mod:`briefing.text.parse_worker`), ended by the caller; one forked for a path that parses
        in-process (the LLM engine, the checks off) is ended here.
        """
        from briefing.qa.answering import choose_engine
        from briefing.text.nlp import parse_aside, preload, stop_parse_worker

        checks = self.settings.answer.answerability
        if not (checks and once and choose_engine(self.settings.llm, engine) == "extractive"):
            stop_parse_worker()  # forked by cli/start.py for a path that parses here, or not at all
        elif parse_aside():  # True at once when the CLI forked it already
            return
        if checks:
            preload()

    # ----- ask
    @store_trouble
    def ask(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        engine: str | None = None,
        strict: bool = False,
        on_text: Callable[[str], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Answer:
        """Answer with cited sentences or abstain; engines, streaming, strict: see briefing.qa.answering.

        Raises :class:`~briefing.core.errors.Cancelled` once ``cancel`` is cancelled (checked before
        retrieval, before answering and between streamed LLM pieces).
        """
        question = question.strip()
        if not question:
            raise BriefingError(
                "the question is empty", 'type a question, e.g. briefing ask "Who said what?"'
            )
        from briefing.qa import answering
        from briefing.service.asking import answer_question
        from briefing.service.scrubbing import scrub_answer

        chosen = answering.choose_engine(self.settings.llm, engine)
        if self.settings.answer.answerability:
            from briefing.text.nlp import preload

            preload()  # spaCy loads while the embedder and the index open
        self._require_articles()
        k = k or self.settings.retrieval.k
        result = answer_question(self, question, k, filters or Filters(), chosen, strict, on_text, cancel)
        self._remember_store()
        return scrub_answer(result)

    def _remember_store(self) -> None:
        """Chroma touched the store file while we used it; mark it as still verified."""
        if not self.settings.storage.chroma_url:
            from briefing.store.integrity import remember_contents

            remember_contents(self.settings.storage.path / "chroma")

    # ----- browse
    @store_trouble
    def list_articles(self) -> list[ArticleInfo]:
        """Every article, newest first (undated last); none when no index exists yet."""
        if not self.exists:
            return []
        infos = list(self.index.iter_article_infos())
        return sorted(infos, key=lambda a: (a.published or dt.date.min, a.ingested_at), reverse=True)

    @store_trouble
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

    # ----- briefs
    @store_trouble
    def brief(
        self,
        window: Window | None = None,
        topic: str | None = None,
        *,
        now: dt.datetime | None = None,
        replacing: Path | None = None,
        engine: str | None = None,
        strict: bool = False,
        cancel: CancelToken | None = None,
    ) -> Brief:
        """A situation brief of a window (see :func:`briefing.brief.build.make_brief`); nothing is
        saved here, and a cancelled ``cancel`` raises :class:`~briefing.core.errors.Cancelled`."""
        from briefing.brief.build import make_brief

        if not self.exists:  # a mistyped --index must not create an index to brief nothing in it
            self._require_articles()
        return make_brief(
            self, window, topic, now=now, replacing=replacing, engine=engine, strict=strict, cancel=cancel
        )

    def briefs_dir(self) -> Path:
        from briefing.brief.saved import briefs_dir

        return briefs_dir(self.settings)

    def save_brief(self, brief: Brief, stem: str | None = None) -> list[Path]:
        """Save as JSON and Markdown in the briefs folder: [json path, markdown path]."""
        from briefing.brief.saved import save_brief

        return save_brief(brief, self.settings, stem)

    def list_briefs(self) -> list[BriefFile]:
        from briefing.brief.saved import list_briefs

        return list_briefs(self.settings)

    def load_brief(self, path: str | Path) -> Brief:
        from briefing.brief.saved import load_brief

        return load_brief(path)

    @store_trouble
    def delete(self, article_ids: list[str]) -> list[ArticleInfo]:
        """Take articles (ids or unique prefixes) out of the index; the deleted ones' infos."""
        from briefing.service.delete import delete_articles

        full = [self.get_article(aid).id for aid in article_ids]  # every id checked before any delete
        with self._write_lock():
            return delete_articles(self, full)

    # ----- checks
    def doctor(self) -> list[Check]:
        """Embedder, index and LLM endpoint, each checked and reported, never raised."""
        from briefing.service import health

        return health.run(self)

    @store_trouble
    def repair(self) -> list[str]:
        """Rebuild what can be derived from the intact store (vector indexes, the BM25 cache),
        re-embedding what cannot; returns what was found and done, one line each."""
        from briefing.service.repair import repair

        with self._write_lock():
            lines = repair(self)
        self._index = self._lexical = None
        return lines

    def evaluate(
        self,
        questions: list[Question],
        k: int = 10,
        engine: str = "extractive",
        path: str = "",
        progress: Callable[[int, int], None] | None = None,
    ) -> Report:
        """Ask every question as ``ask`` does and score retrieval, answers and abstention."""
        from briefing.service import evaluate

        return evaluate.evaluate(self, questions, k=k, engine=engine, path=path, progress=progress)
