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

Chroma's telemetry module imports the OpenTelemetry OTLP *gRPC* span exporter (grpc, protobuf:
~0.1-0.2 s) to export traces when ``chroma_otel_collection_endpoint`` is set, which briefing never
sets. :func:`lazy_otlp_exporter` lets chromadb import a stand-in whose ``OTLPSpanExporter``
imports the real one when called, so the exporter still works if a collector is ever configured.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from briefing.core.errors import StoreError

if TYPE_CHECKING:
    from briefing.core.settings import Settings

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


_OTLP = "opentelemetry.exporter.otlp.proto.grpc.trace_exporter"


def _real_otlp_exporter(*args: Any, **kwargs: Any) -> Any:
    """The OTLP gRPC span exporter, imported when one is made (only with a trace collector set)."""
    import importlib

    return importlib.import_module(_OTLP).OTLPSpanExporter(*args, **kwargs)


@contextlib.contextmanager
def lazy_otlp_exporter() -> Iterator[bool]:
    """In the block, importing the OTLP gRPC trace exporter module gives a stand-in; yields whether it did."""
    import sys
    import types

    if _OTLP in sys.modules or "chromadb" in sys.modules:
        yield False
        return
    stand_in = types.ModuleType(_OTLP)
    stand_in.OTLPSpanExporter = _real_otlp_exporter  # type: ignore[attr-defined]
    sys.modules[_OTLP] = stand_in
    try:
        yield True
    finally:
        if sys.modules.get(_OTLP) is stand_in:
            del sys.modules[_OTLP]


@contextlib.contextmanager
def light_chromadb() -> Iterator[None]:
    """Both of the above, for chromadb's import and its client set-up."""
    with light_overrides(), lazy_otlp_exporter():
        yield


def open_client(settings: Settings) -> Any:
    """A Chroma client for the configured store (a server, or the embedded one on disk)."""
    with light_chromadb():  # chromadb's import and set-up without what briefing never uses
        return _open_client(settings)


def _open_client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    url = settings.storage.chroma_url
    try:
        if url:
            from urllib.parse import urlparse

            parts = urlparse(url)
            return chromadb.HttpClient(
                host=parts.hostname or "localhost",
                port=parts.port or (443 if parts.scheme == "https" else 8000),
                ssl=parts.scheme == "https",
                settings=chroma_settings,
            )
        settings.storage.path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.storage.path / "chroma"), settings=chroma_settings)
    except Exception as exc:  # connection refused, bad path, incompatible files...
        where = url or str(settings.storage.path)
        raise StoreError(f"cannot open the index at {where}: {str(exc).splitlines()[0][:160]}") from None
