"""Kept entities of the index's sentences: spaCy's own result, or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.store import kept_entities
from briefing.store.kept_entities import KeptEntities, active, current
from briefing.text.nlp import recognise

TEXT = "Russia warned Ankara last week, the Kremlin said in Moscow."


def test_kept_entities_are_read_back_and_bad_lines_are_not(tmp_path: Path) -> None:
    path = tmp_path / "vectors" / "entities.jsonl"
    found = recognise(TEXT)
    assert found  # Russia, Ankara, ...
    KeptEntities(path).put(TEXT, found)
    assert KeptEntities(path).get(TEXT) == found
    with path.open("a") as handle:
        handle.write('{"k": "torn", "e": [[0, \n')  # a torn line, then a line whose offsets do not fit
        handle.write(json.dumps({"k": kept_entities._key("short"), "e": [[0, 99, "GPE"]]}) + "\n")
    reader = KeptEntities(path)
    assert reader.get(TEXT) == found
    assert reader.get("short") is None
    assert reader.get("never seen") is None


def test_an_unwritable_directory_keeps_entities_in_memory(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    kept = KeptEntities(blocked / "entities.jsonl")
    kept.put(TEXT, ((0, 6, "GPE"),))
    assert kept.get(TEXT) == ((0, 6, "GPE"),)


def test_only_an_answer_in_progress_keeps_entities(tmp_path: Path) -> None:
    assert current() is None
    with active(tmp_path):
        assert current() is not None
    assert current() is None


def test_an_ask_keeps_its_candidates_entities_and_answers_the_same_from_them(copy_seeded) -> None:  # type: ignore[no-untyped-def]
    service = copy_seeded("kept-entities", [])
    question = "Who did Russia warn?"
    first = service.ask(question)
    (path,) = (service.cache_dir() / "vectors").glob("entities-*.jsonl")
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert rows
    article = service.get_article(service.list_articles()[0].id)
    by_key = {kept_entities._key(s.text): s.text for s in article.sentences}
    for row in rows:  # each kept result is spaCy's for its sentence
        assert tuple(tuple(e) for e in row["e"]) == recognise(by_key[row["k"]])
    kept_entities._OPEN.clear()  # as a new process: entities come from the file
    again = service.ask(question)
    assert again.model_dump(exclude={"retrieved"}) == first.model_dump(exclude={"retrieved"})
