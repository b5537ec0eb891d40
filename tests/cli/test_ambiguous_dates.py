"""A date such as 05/03/2024 (3 May or 5 March) is never read one way in silence: a flag is
refused with both ISO spellings; an article's published date is read as inputs.day_first says and,
while that is unset, each input holding one is named on a warning line (not a failure)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import in_process

RECORDS = [
    {"id": "a", "title": "Port closes", "published": "05/03/2024", "text": "The port of Piraeus closed."},
    {"id": "b", "title": "Port reopens", "published": "13/03/2024", "text": "The port of Piraeus reopened."},
    {"id": "c", "title": "Strike called", "published": "2024-03-01", "text": "Dockers called a strike."},
]


@pytest.fixture
def wire(tmp_path: Path) -> Path:
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in RECORDS) + "\n")
    return path


def _published(root: Path, index: Path) -> dict[str, str]:
    listed = json.loads(in_process("sources", "--json", "--index", str(index), cwd=root).stdout)
    return {row["title"]: row["published"] for row in listed}


def test_an_ambiguous_published_date_is_read_month_first_and_named_in_a_warning(
    wire: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    result = in_process("ingest", str(wire), "--index", str(index), cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # the article was read: a warning, not a failure
    assert result.stdout.startswith("3 added, 0 replaced, 0 unchanged, 0 failed, 1 with warnings (")
    [line] = result.stderr.splitlines()
    assert line.startswith(
        f"warning: {wire}: the date 05/03/2024 (this input also has 13/03/2024, which reads day first "
        "only) could be day or month first; "
    )
    assert "read month first (2024-05-03, not 2024-03-05) — set inputs.day_first = true" in line
    assert _published(tmp_path, index) == {
        "Port closes": "2024-05-03",
        "Port reopens": "2024-03-13",
        "Strike called": "2024-03-01",
    }


def test_inputs_day_first_reads_it_day_first_without_a_warning(wire: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    env = {"BRIEFING_INPUTS__DAY_FIRST": "true"}
    result = in_process("ingest", str(wire), "--json", "--index", str(index), cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["warnings"] == [] and report["failed"] == [] and result.stderr == ""
    assert _published(tmp_path, index)["Port closes"] == "2024-03-05"


def test_an_ambiguous_date_flag_is_refused_with_both_spellings(wire: Path, tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    assert in_process("ingest", str(wire), "--index", index, cwd=tmp_path).returncode == 0
    question = ("ask", "When did the port of Piraeus reopen?", "--json", "--index", index)
    result = in_process(*question, "--since", "05/03/2024", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "Invalid value for '--since': 05/03/2024 is ambiguous: write 2024-03-05 or 2024-05-03" in (
        result.stderr
    )
    unambiguous = in_process(*question, "--since", "13/03/2024", cwd=tmp_path)  # reads one way only
    assert unambiguous.returncode == 0, unambiguous.stderr
    retrieved = {hit["title"] for hit in json.loads(unambiguous.stdout)["retrieved"]}
    assert retrieved == {"Port reopens", "Port closes"}  # 13 March and 3 May; not 1 March's strike


def test_an_unreadable_date_indexes_the_article_undated_with_a_warning_and_exit_0(tmp_path: Path) -> None:
    story = tmp_path / "story.md"
    story.write_text(
        "---\ntitle: Tram strike called off\npublished: 2020-02-30\n---\nThe tram strike was called off.\n"
    )
    index = tmp_path / "index"
    result = in_process("ingest", str(story), "--index", str(index), cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # indexed: scripts see success (was exit 1, "1 failed")
    assert result.stdout.startswith("1 added, 0 replaced, 0 unchanged, 0 failed, 1 with warnings (")
    assert result.stderr.splitlines() == [
        f"warning: {story}: date '2020-02-30' not understood; indexed without a date — write it as "
        "YYYY-MM-DD in the input (or give --published YYYY-MM-DD) and ingest again"
    ]
    assert _published(tmp_path, index) == {"Tram strike called off": None}
    dated = in_process(
        "ingest", str(story), "--published", "2020-02-28", "--json", "--index", str(index), cwd=tmp_path
    )
    report = json.loads(dated.stdout)
    assert (dated.returncode, report["updated"] != [], report["failed"]) == (0, True, [])
    assert [w["reason"] for w in report["warnings"]] == [
        "date '2020-02-30' not understood; dated 2020-02-28 by --published"
    ]
    assert _published(tmp_path, index) == {"Tram strike called off": "2020-02-28"}
