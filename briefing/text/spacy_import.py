"""Import spaCy without its command line, and look its registries' entry points up once.

Why: a cold ``briefing ask`` waits for spaCy's import and model load, and two parts of that are
work briefing never needs (measured with ``-X importtime`` and cProfile, spaCy 3.8):

- ``import spacy`` runs ``from .cli.info import info``, which imports the whole ``spacy.cli``
  package: typer, weasel, requests, the model downloader (~0.3-0.7 s, a third of the import).
  While spaCy imports, :func:`import_spacy` puts two placeholder modules where ``spacy.cli`` and
  ``spacy.cli.info`` would be and takes them out again afterwards, so a later
  ``import spacy.cli`` (nobody in briefing does) imports the real package; ``spacy.info`` is
  replaced by a function that imports the real one when called.
- Every registry look-up during a model load (~250) filters *all* installed entry points for its
  group (catalogue's ``AVAILABLE_ENTRY_POINTS.select(group=...)``, ~0.15-0.35 s).
  :class:`EntryPointsByGroup` answers the same ``select`` from a dict built on first use: the
  same ``EntryPoint`` objects, in the same order.

- ``Language.__init__`` builds the English tokenizer with its ~2,700 special cases from the
  language defaults, then loading the package replaces all of it (rules, prefixes, suffixes,
  infixes, matches) with the tokenizer stored beside the model (``Tokenizer.from_bytes`` resets
  every property first). :data:`TOKENIZER_CONFIG` names a factory that starts blank instead, so
  the special cases are loaded once (~0.1-0.3 s).

All three are guarded: if spaCy or catalogue change shape (an ``ImportError`` from the placeholders,
an attribute missing), spaCy is imported the ordinary way. Nothing here changes what the model
computes; ``tests/text/test_spacy_import.py`` checks that parses are identical both ways.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class EntryPointsByGroup:
    """``importlib.metadata.EntryPoints`` with ``select(group=...)`` answered from a dict."""

    def __init__(self, points: Any) -> None:
        self._points = points
        self._groups: dict[str, tuple[Any, ...]] | None = None

    def select(self, **params: Any) -> Any:
        if set(params) != {"group"}:
            return self._points.select(**params)
        if self._groups is None:
            self._groups = _by_group(self._points)
        return self._groups.get(params["group"], ())

    def __iter__(self) -> Any:
        return iter(self._points)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._points, name)


def _by_group(points: Any) -> dict[str, tuple[Any, ...]]:
    """Entry points by group, in their order: Python 3.11 hands a dict of groups, 3.12+ a flat list."""
    if isinstance(points, dict):
        return {name: tuple(found) for name, found in points.items()}
    groups: dict[str, list[Any]] = {}
    for point in points:
        groups.setdefault(point.group, []).append(point)
    return {name: tuple(found) for name, found in groups.items()}


def _index_entry_points() -> None:
    """Swap catalogue's entry-point table for one indexed by group (before spaCy creates registries)."""
    try:
        import catalogue
    except ImportError:
        return
    points = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if points is not None and hasattr(points, "select") and not isinstance(points, EntryPointsByGroup):
        catalogue.AVAILABLE_ENTRY_POINTS = EntryPointsByGroup(points)


def _real_info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info`` as spaCy defines it, imported on first call (briefing never calls it)."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


_PLACEHOLDERS = ("spacy.cli", "spacy.cli.info")


def import_spacy() -> types.ModuleType:
    """``import spacy``, minus ``spacy.cli`` and with indexed entry points; the plain import if that fails."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    _index_entry_points()
    placeholders = {name: types.ModuleType(name) for name in _PLACEHOLDERS}
    placeholders["spacy.cli"].__path__ = []  # a package with no files: nothing else imports from it
    placeholders["spacy.cli.info"].info = _real_info  # type: ignore[attr-defined]
    if any(name in sys.modules for name in placeholders):
        return _plain_import()
    sys.modules.update(placeholders)
    try:
        import spacy
    except ImportError:
        for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")]:
            del sys.modules[name]
        return _plain_import()
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is placeholders["spacy.cli"]:
        del spacy.cli  # type: ignore[attr-defined]
    return spacy


def _plain_import() -> types.ModuleType:
    import spacy

    return spacy


_BLANK_TOKENIZER = "briefing.tokenizer_from_disk.v1"
# spaCy config overrides for loading a *packaged* pipeline (whose tokenizer is always read from disk).
TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": _BLANK_TOKENIZER}}}


def blank_tokenizer_config() -> dict[str, Any]:
    """:data:`TOKENIZER_CONFIG` once its factory is registered, or ``{}`` (spaCy's own) if it cannot be."""
    spacy = import_spacy()
    try:
        registry = spacy.util.registry.tokenizers
        if _BLANK_TOKENIZER not in registry.get_all():
            registry.register(_BLANK_TOKENIZER, func=_tokenizer_from_disk)
    except Exception:  # another spaCy: load as it would
        return {}
    return TOKENIZER_CONFIG


def _tokenizer_from_disk() -> Any:
    """A tokenizer factory for a packaged pipeline: empty, as ``from_disk`` resets and fills it anyway."""
    from spacy.tokenizer import Tokenizer

    def make(nlp: Any) -> Any:
        return Tokenizer(nlp.vocab)

    return make
