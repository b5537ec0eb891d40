"""Re-ingesting a stored text with a new date, source or title: the metadata is rewritten (and said
so), the chunks kept; a copy of the text from another input only fills in what is missing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import in_process

BODY = (
    "Flood waters rose in Dhaka on Monday after three days of rain.\n"
    "Thousands of families were evacuated from the low-lying districts of the city.\n"
)


def briefing(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return in_process(*args, "--index", str(root / "index"), cwd=root)


def listed(root: Path) -> dict[str, dict[str, object]]:
    result = briefing(root, "sources", "--json")
    assert result.returncode == 0, result.stderr
    return {item["id"]: item for item in json.loads(result.stdout)}


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "dhaka.txt"
    path.parent.mkdir()
    path.write_text(BODY, encoding="utf-8")
    first = briefing(tmp_path, "ingest", str(path), "--source", "Wire A", "--json")
    assert first.returncode == 0, first.stderr
    assert len(json.loads(first.stdout)["added"]) == 1
    return path


def test_new_published_and_source_update_the_metadata_and_say_so(story: Path) -> None:
    root = story.parent.parent
    [(article_id, before)] = listed(root).items()
    assert (before["source"], before["published"]) == ("Wire A", None)
    again = briefing(root, "ingest", str(story), "--published", "2024-03-04", "--source", "Wire B")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == (
        "0 added, 0 replaced, 0 unchanged, 1 updated (metadata), 0 failed (0 sentences, 0 chunks indexed)"
    )
    after = listed(root)[article_id]
    assert (after["source"], after["sources"], after["published"]) == ("Wire B", ["Wire B"], "2024-03-04")
    assert after["ingested_at"] == before["ingested_at"]  # the same record, not re-indexed
    # the filters see the new metadata, in the vector store and the BM25 cache alike
    question = "How many families were evacuated in Dhaka?"
    hit = briefing(root, "ask", question, "--source", "wire b", "--since", "2024-03-01", "--json")
    assert json.loads(hit.stdout)["answer"], hit.stdout
    old = briefing(root, "ask", question, "--source", "Wire A", "--json")
    assert json.loads(old.stdout)["answer"] == []
    # the same flags again: nothing to change
    same = briefing(root, "ingest", str(story), "--published", "2024-03-04", "--source", "Wire B", "--json")
    report = json.loads(same.stdout)
    assert (report["unchanged"], report["updated"]) == ([article_id], [])


def test_a_changed_title_is_an_update_in_json(tmp_path: Path) -> None:
    titled = tmp_path / "dhaka.md"
    titled.write_text("---\ntitle: Dhaka floods worsen\n---\n" + BODY, encoding="utf-8")
    [article_id] = json.loads(briefing(tmp_path, "ingest", str(titled), "--json").stdout)["added"]
    titled.write_text('---\ntitle: "Dhaka floods: 5,000 evacuated"\n---\n' + BODY, encoding="utf-8")
    again = briefing(tmp_path, "ingest", str(titled), "--json")
    assert again.returncode == 0, again.stdout
    report = json.loads(again.stdout)
    assert (report["updated"], report["unchanged"], report["added"]) == ([article_id], [], [])
    assert report["chunks"] == 0  # nothing re-chunked (tests/store/test_retitle.py: re-embedded)
    assert listed(tmp_path)[article_id]["title"] == "Dhaka floods: 5,000 evacuated"
    shown = briefing(tmp_path, "show", article_id)
    assert shown.stdout.startswith("Dhaka floods: 5,000 evacuated")


def test_two_inputs_of_one_text_do_not_take_turns_rewriting_it(story: Path) -> None:
    root = story.parent.parent
    [article_id] = listed(root)
    copy = story.with_name("copy.md")
    copy.write_text("---\ntitle: Mirror copy\nsource: Mirror\n---\n" + BODY, encoding="utf-8")
    for _ in range(2):  # each input read again, in turn: nothing changes any more
        for path in (story, copy):
            report = json.loads(briefing(root, "ingest", str(path), "--json").stdout)
            assert (report["unchanged"], report["updated"]) == ([article_id], [])
    info = listed(root)[article_id]
    assert (info["source"], info["sources"]) == ("Wire A", ["Mirror", "Wire A"])
    assert info["title"] != "Mirror copy"


def test_the_summary_counts_one_sentence_and_one_chunk_in_the_singular(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("The harbour of Volos reopened on Thursday.\n", encoding="utf-8")
    result = briefing(tmp_path, "ingest", str(path))
    assert result.stdout == "1 added, 0 replaced, 0 unchanged, 0 failed (1 sentence, 1 chunk indexed)\n"


def test_a_copy_from_another_input_keeps_the_stored_date(story: Path) -> None:
    root = story.parent.parent
    briefing(root, "ingest", str(story), "--published", "2024-03-04")
    copy = story.with_name("copy.txt")
    copy.write_text(BODY, encoding="utf-8")
    report = json.loads(briefing(root, "ingest", str(copy), "--published", "2024-05-01", "--json").stdout)
    [info] = listed(root).values()
    assert report["unchanged"] == [info["id"]]
    assert info["published"] == "2024-03-04"
