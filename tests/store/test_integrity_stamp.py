"""The verified-contents stamp: written when the database file changed, left alone when it did not."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from briefing.store.integrity import remember_contents, verify_contents


def _database(chroma: Path) -> Path:
    chroma.mkdir()
    db = chroma / "chroma.sqlite3"
    with sqlite3.connect(db) as con:
        con.execute("create table t (x)")
    return db


def test_the_stamp_is_rewritten_only_when_the_file_changed(tmp_path: Path) -> None:
    chroma = tmp_path / "chroma"
    db = _database(chroma)
    remember_contents(chroma)
    stamp = chroma / ".verified"
    first = stamp.stat().st_mtime_ns
    os.utime(stamp, ns=(first - 10**9, first - 10**9))  # an old stamp: a rewrite would show
    remember_contents(chroma)
    assert stamp.stat().st_mtime_ns == first - 10**9
    with sqlite3.connect(db) as con:
        con.execute("insert into t values (1)")
    remember_contents(chroma)
    assert json.loads(stamp.read_text()) == [db.stat().st_size, db.stat().st_mtime_ns]
    verify_contents(chroma)  # the stamp matches: no full check needed, and none fails


def test_an_unreadable_stamp_is_replaced(tmp_path: Path) -> None:
    chroma = tmp_path / "chroma"
    db = _database(chroma)
    (chroma / ".verified").write_bytes(b"\xff\xfe not json")
    remember_contents(chroma)
    assert json.loads((chroma / ".verified").read_text()) == [db.stat().st_size, db.stat().st_mtime_ns]
