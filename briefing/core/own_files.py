"""Files briefing keeps beside an index are its own: a symbolic link at one of their names is
refused, never followed.

They have fixed names (``history.jsonl``, ``entities-….jsonl``, ``<model>.bin``,
``last-answer.md``...), so whoever can put a file in the index directory (an index unpacked from
someone else's archive, a shared folder) could plant a link there and have the next ask append
to, empty or overwrite any file the user can write. Opening with ``O_NOFOLLOW`` makes such a link
an ``OSError`` (ELOOP), which every caller already treats like an unwritable file.
"""

from __future__ import annotations

import os
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX; Windows has no such links to plant for us


def open_own(path: Path, flags: int, mode: int = 0o644) -> int:
    """``os.open`` of a file of ours: raises ``OSError`` when ``path`` is a symbolic link."""
    return os.open(path, flags | _NOFOLLOW, mode)


def write_own(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Create or overwrite ``path`` with ``data``, never through a symbolic link."""
    descriptor = open_own(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def is_link(path: Path) -> bool:
    """Whether ``path`` is a symbolic link (for files opened by a library, e.g. sqlite3)."""
    return path.is_symlink()


def remove_own_dir(path: Path) -> None:
    """Remove a scratch folder of ours before it is made afresh; a symbolic link in its place is
    removed itself (``shutil.rmtree`` refuses a link, and the folder was then made through it)."""
    import shutil

    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)
