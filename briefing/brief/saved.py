"""Saved briefs: written atomically as JSON and Markdown, listed and reopened, newest first.

Briefs belong to the index they were written from. By default they are saved *inside* the index
directory (``<index>/briefs/``), so two sibling indexes never share a folder, a ``daily`` run of
one cannot overwrite the other's, and the TUI lists only this index's briefs. A brief also
records :func:`index_identity`, and listing filters on it, so a shared ``brief.dir``
(``BRIEFING_BRIEF__DIR``) or the pre-0.x ``briefs/`` folder beside the index (still read, never
written) show only this index's briefs too. "New since the last brief" compares with the previous
brief of the same index *and* the same window.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
import tempfile
from pathlib import Path

from briefing.brief import export as brief_export
from briefing.brief.budget import fit, from_settings
from briefing.core.brief_models import Brief, BriefFile, Window
from briefing.core.errors import BriefingError, ConfigError, NotFound
from briefing.core.settings import Settings


def briefs_dir(settings: Settings) -> Path:
    """Where briefs are saved: ``brief.dir``, else ``briefs/`` inside the index directory.

    A non-default collection or a Chroma server gets its own sub-folder (keyed by the identity),
    since one local directory can then stand for several indexes.
    """
    if settings.brief.dir:
        return settings.brief.dir
    storage = settings.storage
    base = storage.path.absolute() / "briefs"
    if storage.chroma_url or storage.collection != "briefing":
        return base / _key(index_identity(settings))
    return base


def legacy_briefs_dir(settings: Settings) -> Path:
    """The folder older versions saved to: ``briefs/`` beside the index, shared by sibling indexes."""
    return settings.storage.path.absolute().parent / "briefs"


def _key(identity: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", identity).strip("-")[-40:]
    return f"{slug}-{hashlib.sha256(identity.encode()).hexdigest()[:8]}"


def index_identity(settings: Settings) -> str:
    """Which index a brief was written from, so 'new since the last brief' compares like with like.

    The path is resolved: ``--index ../news/index``, a config file reached through ``..`` or a
    symbolic link name the same index as its plain path, so ``daily`` rewrites its brief instead
    of writing a second one beside it and "new since" finds the previous day's.
    """
    storage = settings.storage
    return storage.chroma_url or f"{storage.path.resolve()}#{storage.collection}"


def same_index(recorded: str, me: str) -> bool:
    """Was a brief recorded as written from ``recorded`` written from index ``me``? Briefs saved
    before identities were resolved hold the path as typed (``/a/b/../index``): resolved here."""
    if recorded == me:
        return True
    path, hashed, collection = recorded.rpartition("#")
    if not hashed or "://" in recorded:
        return False
    return f"{Path(path).resolve()}#{collection}" == me


def save_brief(brief: Brief, settings: Settings, stem: str | None = None) -> list[Path]:
    """Write ``<stem>.json`` (everything) and ``<stem>.md`` (within the word budget) to the briefs
    folder, each atomically (safe to re-run)."""
    directory = briefs_dir(settings)
    stem = stem or "brief-" + brief.generated_at.strftime("%Y-%m-%dT%H%M%S")
    paths = [directory / f"{stem}.json", directory / f"{stem}.md"]
    try:
        directory.mkdir(parents=True, exist_ok=True)
        write_atomic(paths[0], brief_export.to_json(brief))
        write_atomic(paths[1], brief_export.to_markdown(fit(brief, from_settings(settings.brief))))
    except OSError as exc:  # a file where the folder should be, no permission, a read-only index
        reason = (
            "a file is in the way" if isinstance(exc, FileExistsError | NotADirectoryError) else exc.strerror
        )
        raise ConfigError(
            f"cannot save the brief in {directory}: {reason or exc}",
            "set brief.dir (BRIEFING_BRIEF__DIR) to a writable folder (brief --no-save saves nothing)",
        ) from None
    return paths


def daily_path(settings: Settings, day: dt.date) -> Path:
    """``<briefs>/YYYY-MM-DD.json`` for ``daily``; in a folder shared with another index whose
    brief already holds that name (a common ``brief.dir``), a name keyed by this index instead."""
    path = briefs_dir(settings) / f"{day.isoformat()}.json"
    try:
        owner = load_brief(path).index if path.is_file() else ""
    except BriefingError:
        owner = ""
    me = index_identity(settings)
    if owner and not same_index(owner, me):
        return path.with_name(f"{day.isoformat()}-{_key(me)[-8:]}.json")
    return path


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a brief."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _file_mode(path))
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    """The mode a plain ``open()`` would give: the replaced file's, else 0o666 less the umask
    (mkstemp's 0o600 left an exported brief unreadable to a web server or a colleague)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0o077)  # read it; meanwhile a file made by another thread is only stricter
        os.umask(mask)
        return 0o666 & ~mask


def _folders(settings: Settings) -> list[Path]:
    folders = [briefs_dir(settings)]
    if not settings.brief.dir and legacy_briefs_dir(settings) not in folders:
        folders.append(legacy_briefs_dir(settings))
    return folders


def list_briefs(settings: Settings) -> list[BriefFile]:
    """This index's saved briefs, newest first (other indexes' and unreadable files are skipped).

    Reads the briefs folder and, unless ``brief.dir`` is set, the legacy shared folder beside the
    index, keeping only briefs whose recorded index is this one.
    """
    me = index_identity(settings)
    out = []
    for path in (p for folder in _folders(settings) for p in folder.glob("*.json")):
        try:
            brief = load_brief(path)
        except BriefingError:
            continue
        if brief.index and not same_index(brief.index, me):
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
    settings: Settings,
    exclude_after: dt.datetime | None = None,
    exclude: Path | None = None,
    window: Window | None = None,
    topic: str | None = None,
) -> Brief | None:
    """The newest saved brief of this index (and of ``window``'s label, if given) written before
    ``exclude_after``, other than ``exclude``; with ``window``, a :func:`comparable` window and
    the same ``topic``.

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
        if same_index(brief.index, me) and (
            window is None or (brief.topic == topic and comparable(brief.window, window))
        ):
            return brief
    return None


def comparable(before: Window, now: Window) -> bool:
    """Is ``before`` the brief to compare ``now`` with: the same window, or (daily briefs) an
    earlier single day when ``now`` is a single day too."""
    if (before.since, before.until) == (now.since, now.until):
        return True
    days = before.since == before.until and now.since == now.until
    return bool(days and before.since and now.since and before.since < now.since)
