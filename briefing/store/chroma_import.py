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
import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
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
_HTTPX_CLI = "httpx._main"
_EMBEDDERS = "chromadb.utils.embedding_functions"


def _real(name: str) -> Any:
    """The module ``name`` itself, imported now; a stand-in of ours still in its place leaves first."""
    import importlib
    import sys

    if getattr(sys.modules.get(name), "_briefing_stand_in", False):
        del sys.modules[name]
    return importlib.import_module(name)


def _real_otlp_exporter(*args: Any, **kwargs: Any) -> Any:
    """The OTLP gRPC span exporter, imported when one is made (only with a trace collector set)."""
    return _real(_OTLP).OTLPSpanExporter(*args, **kwargs)


def _real_httpx_cli(*args: Any, **kwargs: Any) -> Any:
    """httpx's command-line client, imported when run (never by briefing)."""
    return _real(_HTTPX_CLI).main(*args, **kwargs)


class _LazyRegistry(Mapping[str, Any]):
    """chromadb's ``known_embedding_functions``, read from the real package on first use."""

    def __getitem__(self, name: str) -> Any:
        return _real(_EMBEDDERS).known_embedding_functions[name]

    def __iter__(self) -> Iterator[str]:
        return iter(_real(_EMBEDDERS).known_embedding_functions)

    def __len__(self) -> int:
        return len(_real(_EMBEDDERS).known_embedding_functions)


def _register_embedder(*args: Any, **kwargs: Any) -> Any:
    """chromadb's ``register_embedding_function``, from the real package (imported then)."""
    return _real(_EMBEDDERS).register_embedding_function(*args, **kwargs)


def _embedders_path() -> list[str] | None:
    """Where chromadb's embedding-function package lies, so the stand-in's submodules still import."""
    import importlib.util

    spec = importlib.util.find_spec("chromadb")
    if spec is None or not spec.submodule_search_locations:
        return None
    return [str(Path(spec.submodule_search_locations[0]) / "utils" / "embedding_functions")]


def _from_real(name: str, attr: str) -> Any:
    """A stand-in's missing attribute, from the real module; dunders (``__path__``, which the import
    system probes) stay missing, or every probe would import the real module."""
    if attr.startswith("__"):
        raise AttributeError(attr)
    return getattr(_real(name), attr)


@contextlib.contextmanager
def _standing_in(name: str, names: dict[str, Any], path: list[str] | None = None) -> Iterator[bool]:
    """In the block, importing ``name`` gives a stand-in holding ``names``; any other attribute
    imports the real module. Yields whether it stands in (never once chromadb is imported).

    Names bound from it during the block keep working after it: each imports the real module when
    used. After the block the next plain import gets the real module.
    """
    import sys
    import types

    if name in sys.modules or "chromadb" in sys.modules:
        yield False
        return
    stand_in = types.ModuleType(name)
    stand_in.__dict__.update(names, _briefing_stand_in=True, __getattr__=functools.partial(_from_real, name))
    if path is not None:
        stand_in.__path__ = path
    sys.modules[name] = stand_in
    try:
        yield True
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        parent = sys.modules.get(name.rpartition(".")[0])
        if parent is not None and getattr(parent, name.rpartition(".")[2], None) is stand_in:
            delattr(parent, name.rpartition(".")[2])


def lazy_otlp_exporter() -> contextlib.AbstractContextManager[bool]:
    """Importing the OTLP gRPC trace exporter module gives a stand-in (grpc, protobuf: never needed)."""
    return _standing_in(_OTLP, {"OTLPSpanExporter": _real_otlp_exporter})


def lazy_httpx_cli() -> contextlib.AbstractContextManager[bool]:
    """httpx's package imports its command-line client (pygments, Rich's progress and syntax)."""
    return _standing_in(_HTTPX_CLI, {"main": _real_httpx_cli})


def lazy_embedders() -> contextlib.AbstractContextManager[bool]:
    """chromadb's ~25 embedding-function modules (httpx, jsonschema...) for collections that name none."""
    path = _embedders_path()
    if path is None:
        return contextlib.nullcontext(False)
    names = {"known_embedding_functions": _LazyRegistry(), "register_embedding_function": _register_embedder}
    return _standing_in(_EMBEDDERS, names, path)


@contextlib.contextmanager
def light_chromadb() -> Iterator[None]:
    """All of the above, for chromadb's import and its client set-up."""
    with light_overrides(), lazy_otlp_exporter(), lazy_httpx_cli(), lazy_embedders():
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
        fix = _SERVER_FIX if url else None  # the default fix names --index, which a server URL ignores
        raise StoreError(f"cannot open the index at {where}: {str(exc).splitlines()[0][:160]}", fix) from None


_SERVER_FIX = (
    "start the Chroma server (chroma run --path DIR --port N) or check --chroma-url / BRIEFING_CHROMA_URL"
)
