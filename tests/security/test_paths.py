"""Red team: symbolic links planted in an index directory (an index unpacked from someone else's
archive, a shared folder) must never make briefing write outside it.

The files briefing keeps beside the index are written under fixed names: the kept entities and
vectors, the sentence vectors' database, the TUI's history and last copied answer, the store's
integrity stamp. Each followed a link planted at its name: appending (vectors, entities, history),
truncating (the entities file, when full) or overwriting (the copied answer) the file it pointed
to. A link is now refused like an unwritable file: the data stays in memory, or the write fails
with its one-line reason.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from briefing.core.models import Answer
from briefing.service.facade import Service
from briefing.store.embedder import load_embedder
from briefing.store.integrity import remember_contents
from briefing.store.kept_entities import KeptEntities
from briefing.store.sentence_vectors import SentenceVectors
from briefing.store.vector_cache import VectorCache
from briefing.tui.backend import Backend
from briefing.tui.history import History

PRECIOUS = b"precious: must stay as it is\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "victim"
    path.parent.mkdir()
    path.write_bytes(PRECIOUS)
    return path


def _plant(link: Path, target: Path) -> Path:
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    return link


def test_kept_entities_never_append_to_or_empty_a_linked_file(tmp_path: Path, victim: Path) -> None:
    big = 9 * 2**20  # over the file's 8 MiB limit: it would be emptied, then written
    os.truncate(victim, big)  # sparse: cheap to make
    link = _plant(tmp_path / "index" / "vectors" / "entities-x.jsonl", victim)
    kept = KeptEntities(link)
    kept.put("The port reopened.", ((4, 8, "FAC"),))
    assert victim.stat().st_size == big and victim.read_bytes()[: len(PRECIOUS)] == PRECIOUS
    assert kept.get("The port reopened.") == ((4, 8, "FAC"),)  # kept in memory all the same


def test_kept_vectors_never_append_to_a_linked_file(tmp_path: Path, victim: Path, settings: object) -> None:
    embedder = load_embedder(settings.embedder)  # type: ignore[attr-defined]
    directory = tmp_path / "index" / "vectors"
    probe = VectorCache(embedder, directory)
    assert probe._path is not None
    whole = b"x" * probe._record  # whole records, as a cache file holds: appended to, not replaced
    victim.write_bytes(whole)
    _plant(probe._path, victim)
    vectors = VectorCache(embedder, directory).embed(["The port reopened on Monday."])
    assert vectors.shape == (1, embedder.dim) and victim.read_bytes() == whole


def test_the_sentence_vectors_database_is_never_opened_through_a_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "outside" / "someone.sqlite3"
    elsewhere.parent.mkdir()
    with sqlite3.connect(elsewhere) as db:
        db.execute("CREATE TABLE mine (x)")
    link = _plant(tmp_path / "index" / "sentences.sqlite3", elsewhere)
    SentenceVectors(link).put([("a1", "k", np.ones((2, 4), dtype=np.float32))])
    with sqlite3.connect(elsewhere) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert tables == ["mine"]


def test_history_never_appends_to_a_linked_file(tmp_path: Path, victim: Path) -> None:
    link = _plant(tmp_path / "index" / "history.jsonl", victim)
    with pytest.raises(OSError):  # the Ask tab says "History not saved: ..."
        History(link).append(Answer(question="What reopened?", answer=[]))
    assert victim.read_bytes() == PRECIOUS


def test_clearing_history_never_writes_through_a_linked_temporary(tmp_path: Path, victim: Path) -> None:
    history = History(tmp_path / "index" / "history.jsonl")
    history.append(Answer(question="What reopened?", answer=[]))
    _plant(tmp_path / "index" / "history.jsonl.tmp", victim)
    history.clear()  # a stale temporary (or a link in its place) is removed, not written through
    assert victim.read_bytes() == PRECIOUS and history.load() == []


def test_a_copied_answer_is_never_written_through_a_link(service: Service, victim: Path) -> None:
    backend = Backend(service)
    _plant(backend.index_dir / "last-answer.md.tmp", victim)
    _plant(backend.index_dir / "last-answer.md", victim.with_name("other"))
    path = backend.save_markdown("# answer\n")
    assert victim.read_bytes() == PRECIOUS and not victim.with_name("other").exists()
    assert path.read_text() == "# answer\n" and not path.is_symlink()


def test_the_integrity_stamp_is_never_written_through_a_link(
    copy_seeded: Callable[[str, list[str]], Service], victim: Path
) -> None:
    chroma = copy_seeded("stamp-link", []).settings.storage.path / "chroma"
    (chroma / ".verified").unlink(missing_ok=True)  # not yet recorded: the next write records it
    _plant(chroma / f".verified.{os.getpid()}", victim)
    remember_contents(chroma)
    assert victim.read_bytes() == PRECIOUS


def test_repair_never_builds_through_a_linked_scratch_folder(
    copy_seeded: Callable[[str, list[str]], Service], tmp_path: Path
) -> None:
    from briefing.store.integrity import segment_dirs
    from tests.index_probe import run

    index = copy_seeded("repair-link", []).settings.storage.path
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "chroma").mkdir(parents=True)
    (elsewhere / "chroma" / "theirs.txt").write_text("someone else's store")
    _plant(index / ".repair", elsewhere)
    for segment in segment_dirs(index / "chroma"):
        os.truncate(segment / "data_level0.bin", 1000)  # damaged: the store is rebuilt in .repair
    repaired = run(["repair", "--index", str(index)], cwd=tmp_path)
    assert repaired.returncode == 0, repaired.stderr
    assert sorted(p.name for p in elsewhere.rglob("*")) == ["chroma", "theirs.txt"]
    assert not (index / ".repair").exists()
    asked = run(
        ["ask", "How many Turkish soldiers were deployed in Idlib?", "--index", str(index)], cwd=tmp_path
    )
    assert asked.returncode == 0 and "7,400" in asked.stdout, asked.stderr
