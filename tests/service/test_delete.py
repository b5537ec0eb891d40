"""`briefing delete`: an article ingested by mistake leaves the index (its sentences are not
searched or answered from, the BM25 cache masks it), its input forgets it, nothing else changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.core.errors import StoreError
from briefing.core.models import Filters
from briefing.service.facade import Service
from briefing.text.terms import terms
from tests.cli.helpers import in_process

QUESTION = "How many sheep were rescued from the flooded island farm?"


def test_delete_takes_an_article_out_and_reingest_brings_it_back(
    copy_seeded: Callable[[str, list[str]], Service], tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong.md"
    wrong.write_text("---\ntitle: Sheep rescued\n---\nRescuers saved 140 sheep from a flooded island farm.\n")
    kept = tmp_path / "kept.md"
    kept.write_text("---\ntitle: Bridge opens\n---\nThe new bridge to the island opened on Friday.\n")
    service = copy_seeded("deleting", [str(wrong), str(kept)])
    index = str(service.settings.storage.path)
    by_title = {info.title: info.id for info in service.list_articles()}
    sheep = by_title["Sheep rescued"]
    assert not service.ask(QUESTION).abstained  # answered before

    refused = in_process("delete", sheep[:4], "--index", index, cwd=tmp_path)
    assert refused.returncode == 2 and "at least 8 characters" in refused.stderr
    unknown = in_process("delete", sheep[:8], "ffffffffffff", "--index", index, cwd=tmp_path)
    assert unknown.returncode == 1 and "no article 'ffffffffffff'" in unknown.stderr
    assert len(Service(service.settings).list_articles()) == 3  # nothing deleted

    done = in_process("delete", sheep[:8], "--index", index, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"deleted {sheep} “Sheep rescued” (from {wrong})")
    after = Service(service.settings)
    assert sheep not in {info.id for info in after.list_articles()} and by_title["Bridge opens"] in {
        info.id for info in after.list_articles()
    }
    found = after.lexical().search_articles(terms("sheep flooded island farm"), 5, Filters())
    assert found and sheep not in {aid for aid, _ in found}  # the BM25 cache masks it
    answer = after.ask(QUESTION)
    assert answer.abstained and all(r.article_id != sheep for r in answer.retrieved)
    assert after.index.origin_articles(str(wrong)) == []

    again = after.ingest([str(wrong)])
    assert len(again.added) == 1 and not again.unchanged  # its input forgot it: added back, as new
    assert not Service(service.settings).ask(QUESTION).abstained


def test_a_service_that_deleted_every_article_says_the_index_is_empty_at_the_next_ask(
    copy_seeded: Callable[[str, list[str]], Service], tmp_path: Path
) -> None:
    """A long-lived service (the TUI) counts articles once per revision: a deletion here is a new one."""
    only = tmp_path / "only.md"
    only.write_text("---\ntitle: Sheep rescued\n---\nRescuers saved 140 sheep from a flooded island farm.\n")
    service = copy_seeded("emptied", [str(only)])
    assert not service.ask(QUESTION).abstained  # the revision is read, the articles counted
    assert not service.ask(QUESTION).abstained  # (and not again under the same revision)
    service.delete([info.id for info in service.list_articles()])
    with pytest.raises(StoreError, match="holds no articles"):
        service.ask(QUESTION)
