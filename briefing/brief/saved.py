"""Saved briefs: written atomically as JSON and Markdown, listed and reopened, newest first.

A brief records the index it was written from (:func:`index_identity`), so "new since the last
brief" compares like with like.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from briefing.brief import export as brief_export
from briefing.core.brief_models import Brief, BriefFile
from briefing.core.errors import BriefingError, NotFound
from briefing.core.settings import Settings


def briefs_dir(settings: Settings) -> Path:
    """Where briefs are saved: ``brief.dir``, else ``briefs/`` beside the index directory."""
    return settings.brief.dir or settings.storage.path.absolute().parent / "briefs"


def index_identity(settings: Settings) -> str:
    """Which index a brief was written from, so 'new since the last brief' compares like with like."""
    storage = settings.storage
    return storage.chroma_url or str(storage.path.absolute()) + f"#{storage.collection}"


def save_brief(brief: Brief, settings: Settings, stem: str | None = None) -> list[Path]:
    """Write ``<stem>.json`` and ``<stem>.md`` to the briefs folder, each atomically (safe to re-run)."""
    directory = briefs_dir(settings)
    directory.mkdir(parents=True, exist_ok=True)
    stem = stem or "brief-" + brief.generated_at.strftime("%Y-%m-%dT%H%M%S")
    paths = [directory / f"{stem}.json", directory / f"{stem}.md"]
    write_atomic(paths[0], brief_export.to_json(brief))
    write_atomic(paths[1], brief_export.to_markdown(brief))
    return paths


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a brief."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def list_briefs(settings: Settings) -> list[BriefFile]:
    """Saved briefs of the briefs folder, newest first (unreadable files are skipped)."""
    out = []
    for path in briefs_dir(settings).glob("*.json"):
        try:
            brief = load_brief(path)
        except BriefingError:
            continue
        out.append(
            BriefFile(
                path=str(path),
                generated_at=brief.generated_at,
                title=brief.title,
                window=brief.window.label,
                stories=len(brief.stories),
            )
        )
    return sorted(out, key=lambda f: f.generated_at, reverse=True)


def load_brief(path: str | Path) -> Brief:
    """A saved brief from its JSON file."""
    try:
        return Brief.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise NotFound(f"no brief at {path}") from None
    except (OSError, ValueError) as exc:
        raise BriefingError(f"cannot read the brief {path}: {str(exc).splitlines()[0][:120]}") from None


def latest_brief(
    settings: Settings, exclude_after: dt.datetime | None = None, exclude: Path | None = None
) -> Brief | None:
    """The newest saved brief from this index written before ``exclude_after``, other than ``exclude``.

    ``exclude`` is the file about to be rewritten (``daily`` run twice the same day): the second
    run compares with the brief before it, not with itself.
    """
    me = index_identity(settings)
    for info in list_briefs(settings):
        if exclude_after is not None and info.generated_at > exclude_after:
            continue
        if exclude is not None and Path(info.path).resolve() == exclude.resolve():
            continue
        brief = load_brief(info.path)
        if brief.index == me:
            return brief
    return None
