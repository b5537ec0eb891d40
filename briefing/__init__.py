"""briefing: a source-grounded briefing and Q&A assistant for news, in the terminal.

The public surface is what ``__all__`` lists: the settings, the one service facade, the answer and
brief models, the cancel token and the error tree. Everything else is internal and may move.

Layers are folders and imports point down only (``tests/test_layers.py`` enforces it)::

    core -> text -> inputs -> store -> llm -> qa -> brief -> service -> tui -> cli

Names are imported on first use (PEP 562), so ``import briefing`` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Settings": "briefing.core.settings",
    "load_settings": "briefing.core.settings",
    "Service": "briefing.service.facade",
    "Answer": "briefing.core.models",
    "AnswerPart": "briefing.core.models",
    "Article": "briefing.core.models",
    "Filters": "briefing.core.models",
    "IngestReport": "briefing.core.models",
    "Brief": "briefing.core.brief_models",
    "Window": "briefing.core.brief_models",
    "CancelToken": "briefing.core.cancel",
    "BriefingError": "briefing.core.errors",
    "ConfigError": "briefing.core.errors",
    "InputError": "briefing.core.errors",
    "FetchError": "briefing.core.errors",
    "StoreError": "briefing.core.errors",
    "EmbedderMismatch": "briefing.core.errors",
    "IndexLocked": "briefing.core.errors",
    "IndexCorrupt": "briefing.core.errors",
    "IndexUnwritable": "briefing.core.errors",
    "DiskFull": "briefing.core.errors",
    "ServerGone": "briefing.core.errors",
    "EmbedderError": "briefing.core.errors",
    "LLMError": "briefing.core.errors",
    "NotFound": "briefing.core.errors",
    "Cancelled": "briefing.core.errors",
}
__all__ = [
    "Answer",
    "AnswerPart",
    "Article",
    "Brief",
    "BriefingError",
    "CancelToken",
    "Cancelled",
    "ConfigError",
    "DiskFull",
    "EmbedderError",
    "EmbedderMismatch",
    "FetchError",
    "Filters",
    "IndexCorrupt",
    "IndexLocked",
    "IndexUnwritable",
    "IngestReport",
    "InputError",
    "LLMError",
    "NotFound",
    "ServerGone",
    "Service",
    "Settings",
    "StoreError",
    "Window",
    "load_settings",
]

if TYPE_CHECKING:
    from briefing.core.brief_models import Brief, Window
    from briefing.core.cancel import CancelToken
    from briefing.core.errors import (
        BriefingError,
        Cancelled,
        ConfigError,
        DiskFull,
        EmbedderError,
        EmbedderMismatch,
        FetchError,
        IndexCorrupt,
        IndexLocked,
        IndexUnwritable,
        InputError,
        LLMError,
        NotFound,
        ServerGone,
        StoreError,
    )
    from briefing.core.models import Answer, AnswerPart, Article, Filters, IngestReport
    from briefing.core.settings import Settings, load_settings
    from briefing.service.facade import Service


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
