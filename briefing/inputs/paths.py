"""CLI arguments (files, directories, globs, http(s) URLs) -> the list of inputs to read.

Kept apart from :mod:`briefing.inputs.sources`, which parses one input; this only decides which inputs
there are, and reports those that cannot be inputs at all (missing, a broken or looping link,
a FIFO or device, an empty directory).
"""

from __future__ import annotations

import errno
import glob
import os
import re
from pathlib import Path

from briefing.core.models import IngestFailure

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".rss", ".atom", ".xml", ".json", ".jsonl", ".ndjson"}
)
_GLOB_MAGIC = re.compile(r"[*?\[]")


def is_url(item: str) -> bool:
    """http(s) inputs are fetched; everything else is a local path."""
    return item.lower().startswith(("http://", "https://"))


def expand_inputs(
    specs: list[str], follow_symlinks: bool = False, skipped: list[str] | None = None
) -> tuple[list[str], list[IngestFailure]]:
    """CLI arguments -> sorted, de-duplicated items (paths as str, or URLs), plus specs that failed.

    Directories are walked (hidden entries skipped, symlink loops cut, only supported suffixes
    taken; the files of another suffix are added to ``skipped``, so the user learns that a
    folder's ``.csv`` or ``.pdf`` was not read); a file named explicitly or matched by a glob is
    taken whatever its suffix. A path that
    exists literally wins over reading it as a glob (``a[1].txt``). Duplicates are found by real
    path, so ``./a.txt``, ``a.txt`` and a directory holding it give one item. A symbolic link
    inside a walked directory that leads out of it is skipped with a failure line unless
    ``follow_symlinks`` (a shared folder must not pull in ``~/.ssh`` or ``/etc``).
    """
    items: dict[str, str] = {}  # identity (real path or URL) -> item as shown
    failures: list[IngestFailure] = []
    for spec in specs:
        if is_url(spec):
            items.setdefault(spec, spec)
            continue
        path = os.path.expanduser(spec)
        matches = [path] if os.path.lexists(path) else []
        if not matches and _GLOB_MAGIC.search(path):
            matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            reason = "glob matched no files" if _GLOB_MAGIC.search(path) else _missing_reason(path)
            failures.append(IngestFailure(origin=spec, reason=reason))
            continue
        found: list[str] = []
        for match in matches:
            if os.path.isdir(match):
                found.extend(_walk(match, failures, follow_symlinks, skipped))
            elif os.path.isfile(match):
                found.append(os.path.normpath(match))
            else:
                failures.append(IngestFailure(origin=match, reason=_not_a_file_reason(match)))
        if not found and all(os.path.isdir(m) for m in matches):
            failures.append(IngestFailure(origin=spec, reason="no supported files in directory"))
        for item in found:
            items.setdefault(os.path.realpath(item), item)
    return sorted(set(items.values())), failures


_OTHER_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def _missing_reason(path: str) -> str:
    """Why a path does not exist: usually ENOENT, but also "not a directory" (a file used as a
    folder: ``a.txt/b.txt``) or "file name too long"; an ``ftp://`` address is not a missing file."""
    other = _OTHER_URL.match(path)
    if other:
        return f"unsupported URL scheme {other.group(1)!r}: only http and https URLs are fetched"
    try:
        os.lstat(path)
    except OSError as exc:
        return os.strerror(exc.errno).lower() if exc.errno else "no such file or directory"
    return "no such file or directory"  # appeared meanwhile; say what was seen


def _not_a_file_reason(path: str) -> str:
    """Why an existing path that is neither a file nor a directory cannot be read."""
    try:
        os.stat(path)
    except OSError as exc:
        return "symbolic link loop" if exc.errno == errno.ELOOP else "broken symbolic link"
    return "not a regular file"  # a FIFO, socket or device: reading it could block or never end


def _walk(
    root: str, failures: list[IngestFailure], follow_symlinks: bool = False, skipped: list[str] | None = None
) -> list[str]:
    """Supported, non-hidden regular files under ``root`` (the others' paths go to ``skipped``);
    each real directory is visited once."""
    seen: set[tuple[int, int]] = set()
    found: list[str] = []
    inside = os.path.realpath(root)

    def leaves(path: str) -> bool:
        """A link out of the walked folder, to be skipped (and said so) unless following links."""
        if follow_symlinks or not os.path.islink(path):
            return False
        target = os.path.realpath(path)
        if target == inside or target.startswith(inside.rstrip(os.sep) + os.sep):
            return False
        reason = "symbolic link to outside the folder; skipped (--follow-symlinks to read it)"
        failures.append(IngestFailure(origin=path, reason=reason))
        return True

    def onerror(err: OSError) -> None:
        failures.append(
            IngestFailure(origin=str(err.filename or root), reason=f"cannot read: {err.strerror}")
        )

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=onerror):
        try:
            st = os.stat(dirpath)
        except OSError:  # vanished while walking
            continue
        if (st.st_dev, st.st_ino) in seen:  # a symlink back up the tree, or a second link to it
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and not leaves(os.path.join(dirpath, d))]
        for name in filenames:
            path = os.path.normpath(os.path.join(dirpath, name))
            if name.startswith(".") or not os.path.isfile(path):  # not broken links, FIFOs, sockets
                continue
            if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                if skipped is not None:
                    skipped.append(path)
            elif not leaves(path):
                found.append(path)
    return found
