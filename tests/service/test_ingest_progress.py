"""Progress inside one input of many articles: before its last batch is embedded (the slow step),
the label says how many articles it holds, so a file smaller than a batch is not a bare 0%."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from briefing.service import ingest as ingest_run
from briefing.service.facade import Service


def test_a_file_of_records_names_its_article_count_before_embedding(service: Service, tmp_path: Path) -> None:
    records = tmp_path / "wire.jsonl"
    towns = ["Arden", "Brill", "Corfe"]
    lines = [{"title": f"{t} ferry", "text": f"The ferry to {t} runs late on Monday."} for t in towns]
    records.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    reports: list[tuple[str, float, int]] = []
    report = service.ingest([str(records)], progress=lambda *r: reports.append(r))
    assert len(report.added) == 3
    before_done = [label for label, _, _ in reports if label != "done"]
    assert f"{records} (0 of 3 articles)" in before_done
    # the CLI shows a label's basename: a "/" inside the count cut it to "3 articles)"
    assert "wire.jsonl (0 of 3 articles)" in {os.path.basename(label) for label in before_done}
    assert reports[-1][0] == "done"


def test_a_file_larger_than_a_batch_names_its_count_before_the_first_batch(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count came only after the first batch was embedded: a large first file showed a still
    0% for tens of seconds. It is said as soon as the file is read (a batch of 2 stands for 128)."""
    monkeypatch.setattr(ingest_run, "_BATCH_ARTICLES", 2)
    records = tmp_path / "bigger.jsonl"
    towns = ["Dunmore", "Elgin", "Fowey"]
    lines = [{"title": f"{t} pier", "text": f"The pier at {t} reopened on Tuesday."} for t in towns]
    records.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    counted: list[str] = []
    service.ingest([str(records)], progress=lambda label, *_: counted.append(label))
    counts = [label.removeprefix(f"{records} ") for label in counted if "articles)" in label]
    assert counts[0] == "(0 of 3 articles)", counted
    assert "(2 of 3 articles)" in counts
