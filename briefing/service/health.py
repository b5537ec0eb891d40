"""``briefing doctor``: does the embedder run, is the index readable, does the LLM endpoint answer?

Each check is run on its own and reported, never raised, so one broken part does not hide the
state of the others. The LLM check asks the endpoint for its model list (``GET /models``, no
retries, a short timeout): it shows that the server answers and whether it serves the configured
model, without spending tokens. Nothing here prints or returns the API key; only whether one is
set.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from briefing.core.errors import BriefingError
from briefing.llm import client as llm

if TYPE_CHECKING:
    from briefing.core.settings import Settings
    from briefing.store.embedder import Embedder
    from briefing.store.index import ChromaIndex

Status = Literal["ok", "fail", "off"]


class Checked(Protocol):
    """What the doctor examines: the settings, the embedder and the store (each loaded on use)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def embedder(self) -> Embedder: ...

    @property
    def exists(self) -> bool: ...

    @property
    def index(self) -> ChromaIndex: ...


@dataclass
class Check:
    """One line of the doctor's report, with optional detail lines."""

    name: str
    status: Status
    summary: str
    details: list[str] = field(default_factory=list)


def run(service: Checked) -> list[Check]:
    return [_embedder(service), _index(service), _llm(service)]


def _embedder(service: Checked) -> Check:
    try:
        started = time.perf_counter()
        embedder = service.embedder
        vector = embedder.embed(["doctor probe"])[0]
        seconds = time.perf_counter() - started
    except BriefingError as exc:
        return Check("embedder", "fail", exc.one_line())
    except Exception as exc:  # a broken model file or runtime: report it, keep checking
        return Check("embedder", "fail", f"{type(exc).__name__}: {str(exc)[:160]}")
    return Check("embedder", "ok", f"{embedder.name}, {len(vector)} dimensions, loaded in {seconds:.1f} s")


def _index(service: Checked) -> Check:
    storage = service.settings.storage
    where = storage.chroma_url or str(storage.path)
    try:
        if not service.exists:
            return Check("index", "fail", f"no index at {where} — run briefing ingest PATH first")
        articles, chunks = service.index.count(), service.index.chunk_count()
    except BriefingError as exc:
        return Check("index", "fail", exc.one_line())
    except Exception as exc:  # Chroma raises many kinds; all mean "cannot read"
        return Check("index", "fail", f"cannot read the index at {where}: {type(exc).__name__}")
    status: Status = "ok" if articles else "fail"
    note = "" if articles else " — ingest articles first"
    plural = "" if articles == 1 else "s"
    return Check("index", status, f"{where}: {articles} article{plural}, {chunks} chunks{note}")


def _llm(service: Checked) -> Check:
    cfg = service.settings.llm
    key = "API key set (OPENAI_API_KEY)" if llm.api_key() else "no API key (OPENAI_API_KEY unset)"
    if not llm.configured(cfg):
        missing = "BRIEFING_MODEL (or --model)" if not cfg.model else "OPENAI_BASE_URL or OPENAI_API_KEY"
        engine = "none" if cfg.engine == "llm" else "the extractive engine answers"
        return Check(
            "llm", "fail" if cfg.engine == "llm" else "off", f"not configured: set {missing}; {engine}"
        )
    status = llm.check_endpoint(cfg)
    if not status.ok:
        return Check("llm", "fail", status.detail, [key])
    listed = cfg.model in status.models
    shown = ", ".join(status.models[:20]) + (
        f" (+{len(status.models) - 20} more)" if len(status.models) > 20 else ""
    )
    details = [f"models: {shown or 'none listed'}", key]
    if not listed and status.models:
        details.insert(0, f"model {cfg.model!r} is not in the list the endpoint gives")
    summary = f"{status.url} {status.detail}; model {cfg.model}" + (" is listed" if listed else "")
    return Check("llm", "ok" if listed or not status.models else "fail", summary, details)
