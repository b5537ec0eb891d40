"""Service.ingest(cancel=...): a stop between inputs, between articles or inside the batch being
embedded ends the run cleanly: what was written stays, nothing is half-written, and the batch in
flight is not waited for (it kept the TUI's Stop waiting ~1 minute on 300 articles)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

from briefing.core.cancel import WRITER_THREAD, CancelToken
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


class StopDuringEmbedding(CancelToken):
    """Stop pressed while the writer embeds: cancelled when the writer asks before its
    ``model_calls + 1``-th model call (it asks before each), so the moment is the same every run."""

    def __init__(self, model_calls: int) -> None:
        super().__init__()
        self.left = model_calls

    @property
    def cancelled(self) -> bool:
        if threading.current_thread().name.startswith(WRITER_THREAD):
            self.left -= 1
            if self.left < 0:
                self.cancel()
        return super().cancelled


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
    progress, report_progress, token = cancel_at(2)  # Esc while the second input is read
    report = service.ingest([str(inbox)], progress=report_progress, cancel=token)
    assert report.stopped and len(report.added) == 1 and report.ok
    assert [p[0] for p in progress] == [str(inbox / "0.md"), str(inbox / "1.md"), "done"]
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
    # Esc while the writer embeds the first batch, after its third model call (8 texts each)
    progress, report_progress, _ = cancel_at(0)
    token = StopDuringEmbedding(model_calls=3)
    partial = service.ingest([str(records)], progress=report_progress, cancel=token)
    written = len(partial.replaced)
    assert partial.stopped and not partial.added
    assert written == 3 * service.settings.embedder.batch_size  # the batch in flight was not waited for
    assert progress[1][1] == 0 and progress[1][0].endswith(f"(0 of {BATCH + 2} articles)")
    assert progress[2][1] == BATCH / (BATCH + 2) and progress[-1] == ("done", 0, 1)
    stored = {a.id: service.get_article(a.id).text for a in service.list_articles()}
    assert len(stored) == BATCH + 2  # the records not written are not forgotten: their old text stays
    new = {aid for aid, text in stored.items() if "Tickets are refunded." in text}
    assert new == set(partial.replaced)  # each article whole, old or new: none half-written
    assert partial.sentences == sum(len(service.get_article(aid).sentences) for aid in new)
    assert service.lexical().revision == service.index.revision
    assert all(check.status != "fail" for check in service.doctor()), service.doctor()

    rest = service.ingest([str(records)])
    assert not rest.stopped and len(rest.replaced) == BATCH + 2 - written and len(rest.unchanged) == written
    assert len(service.list_articles()) == BATCH + 2
