"""Service.ingest(should_stop=...): a stop between inputs or between batches ends the run cleanly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from briefing.service.facade import Service
from briefing.service.ingest import _BATCH_ARTICLES as BATCH


def stop_after(calls: int) -> tuple[list[int], Callable[[], bool]]:
    """A should_stop that says no ``calls`` times, then yes; and the list counting its calls."""
    asked: list[int] = []

    def should_stop() -> bool:
        asked.append(1)
        return len(asked) > calls

    return asked, should_stop


def test_a_stop_between_inputs_keeps_what_was_read_and_the_index_consistent(
    service: Service, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n, town in enumerate(["Arden", "Brill", "Corfe"]):
        (inbox / f"{n}.md").write_text(
            f"# {town} bridge\n\nThe {town} bridge reopened on Monday after three weeks of repairs.\n",
            encoding="utf-8",
        )
    progress: list[tuple[str, float, int]] = []
    asked, should_stop = stop_after(1)  # asked before the first input (no), then the second (yes)
    report = service.ingest([str(inbox)], progress=lambda *p: progress.append(p), should_stop=should_stop)
    assert report.stopped and len(report.added) == 1 and report.ok and len(asked) == 2
    assert progress[-1] == ("done", 1, 3)
    assert [a.title for a in service.list_articles()] == ["Arden bridge"]
    assert service.lexical().revision == service.index.revision  # the BM25 cache was rebuilt
    assert "Arden" in service.ask("When did the Arden bridge reopen?").answer[0].text

    again = service.ingest([str(inbox)])
    assert not again.stopped and len(again.added) == 2 and len(again.unchanged) == 1


def test_a_stop_between_batches_of_one_input_forgets_none_of_its_articles(
    service: Service, tmp_path: Path
) -> None:
    records = tmp_path / "feed.jsonl"
    lines = [
        {
            "id": f"r{n:02d}",
            "title": f"Notice {n}",
            "text": f"Notice {n}: the ferry to the island {n} runs late.",
        }
        for n in range(BATCH + 2)
    ]
    records.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    first = service.ingest([str(records)])  # the whole file once
    assert len(first.added) == BATCH + 2

    edited = [dict(r, text=r["text"] + " Tickets are refunded.") for r in lines]  # every record changes
    records.write_text("\n".join(json.dumps(r) for r in edited) + "\n", encoding="utf-8")
    asked, should_stop = stop_after(1)  # before the input (no), after the first batch (yes)
    partial = service.ingest([str(records)], should_stop=should_stop)
    assert partial.stopped and len(partial.replaced) == BATCH and not partial.added and len(asked) == 2
    assert len(service.list_articles()) == BATCH + 2  # the two records not read yet are not forgotten
    assert service.lexical().revision == service.index.revision

    rest = service.ingest([str(records)])
    assert not rest.stopped and len(rest.replaced) == 2 and len(rest.unchanged) == BATCH
    assert len(service.list_articles()) == BATCH + 2
