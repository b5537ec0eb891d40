"""What an ingest run says and names of its inputs: progress labels, origins, article ids.

Kept apart from :mod:`briefing.service.ingest` (the run's bookkeeping) to keep that module small.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable

from briefing.core.models import Document

Progress = Callable[[str, float, int], None]
"""Called as progress(label, done, total) while ingesting; done counts inputs, with fractions."""


_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:_.\-]{0,95}$")


def article_id_for(doc: Document, digest: str) -> str:
    """The record's own id when it is a safe token, else the text hash."""
    ext = (doc.external_id or "").strip()
    if not ext:
        return digest
    return ext if _SAFE_ID.match(ext) else "x" + hashlib.sha256(ext.encode()).hexdigest()[:16]


def ticker(progress: Progress | None, item: str, position: int, total: int) -> Callable[[int, int], None]:
    """Progress inside one input: ``tick(done, of)`` articles of item ``position``."""

    def tick(done: int, of: int) -> None:
        if progress:
            label = f"{item} ({done} of {of} articles)" if of > 1 else item  # no "/": shown by basename
            progress(label, position + done / max(of, 1), total)

    return tick


def origin_of(item: str) -> str:
    """The origin an input is remembered as: URLs as given, files by absolute path (cwd-independent);
    :func:`briefing.store.records.origin_key` makes its record id."""
    return item if item.startswith(("http://", "https://")) else os.path.abspath(item)
