"""Service.ingest(cancel=...): a stop between inputs or between batches ends the run cleanly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from briefing.core.cancel import CancelToken
from briefing.service.facade import Service
from briefing.service.ingest import _BATCH_ARTICLES as BATCH

Report = tuple[str, float, int]


def cancel_at(report: int) -> tuple[list[Report], Callable[[str, float, int], None], CancelToken]:
    """A progress callback that cancels the token at its ``report``-th call, as a reader pressing Esc
    on what the progress bar shows; the list of reports and the token."""
    reports: list[Report] = []
    token = CancelToken()

    def progress(label: str, done: float, total: int) -> None:
        reports.append((label, done, total))
        if len(reports) == report:
            token.cancel()

    return reports, progress, token


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
    progress, report_progress, token = cancel_at(1)  # Esc while the first input is read
    report = service.ingest([str(inbox)], progress=report_progress, cancel=token)
    assert report.stopped and len(report.added) == 1 and report.ok
    assert [p[0] for p in progress] == [str(inbox / "0.md"), "done"]  # the second input never started
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
    # reports: the input started, its count once read, then the first batch written: Esc there
    progress, report_progress, token = cancel_at(3)
    partial = service.ingest([str(records)], progress=report_progress, cancel=token)
    assert partial.stopped and len(partial.replaced) == BATCH and not partial.added
    assert progress[1][1] == 0 and progress[1][0].endswith(f"(0 of {BATCH + 2} articles)")
    assert progress[2][1] == BATCH / (BATCH + 2) and progress[-1] == ("done", 0, 1)
    assert len(service.list_articles()) == BATCH + 2  # the two records not read yet are not forgotten
    assert service.lexical().revision == service.index.revision

    rest = service.ingest([str(records)])
    assert not rest.stopped and len(rest.replaced) == 2 and len(rest.unchanged) == BATCH
    assert len(service.list_articles()) == BATCH + 2
