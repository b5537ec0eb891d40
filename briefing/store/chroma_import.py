"""chromadb imported without the ``overrides`` package checking every method signature it defines.

Why: chromadb marks ~40 modules' methods with ``@override`` / ``@overrides`` (the ``overrides``
package). At class creation each one disassembles the caller's frame to find the base classes
and compares the two signatures with ``inspect`` and ``typing`` — a development-time check of
chromadb's own code, run again by every process that imports it: ~0.4-1.2 s of a cold
``briefing ask`` (cProfile and A/B, bench/README.md). While chromadb imports and its client is
created (components are imported on first use), :func:`light_overrides` swaps in a decorator
that only sets the ``__override__`` mark ``EnforceOverrides`` classes read, as the real one does,
and restores the real decorators afterwards. Nothing chromadb computes changes.

If ``overrides`` is missing or no longer shaped this way, nothing is swapped (the plain import).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

_NAMES = ("override", "overrides")


def _marked(method: Any = None, *, check_signature: bool = True, check_at_runtime: bool = False) -> Any:
    """``@override`` without the checks: marks the method as ``overrides`` does, returns it unchanged."""
    if method is None:  # used as @override(...) with options
        return _marked
    method.__override__ = True
    return method


@contextlib.contextmanager
def light_overrides() -> Iterator[bool]:
    """In the block ``overrides.override`` and ``overrides.overrides`` only mark; yields whether swapped."""
    try:
        import overrides
    except ImportError:
        yield False
        return
    saved: dict[str, Any] = {name: getattr(overrides, name, None) for name in _NAMES}
    if not all(callable(found) for found in saved.values()) or any(f is _marked for f in saved.values()):
        yield False  # another shape, or already swapped by an enclosing block
        return
    for name in _NAMES:
        setattr(overrides, name, _marked)
    try:
        yield True
    finally:
        for name, found in saved.items():
            setattr(overrides, name, found)
