"""`briefing daily --json`'s `ingested` block carries the facts of the line `daily -v` prints:
duplicate copies, sentences and chunks were in the text only, and whether the run was stopped
in neither."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli.helpers import in_process

FERRY = "Ferry sinks\n\nA ferry with 40 passengers sank off Lesbos on Monday. All were rescued.\n"


def test_daily_json_gives_every_count_the_text_gives(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "ferry.txt").write_text(FERRY)
    (folder / "ferry-copy.txt").write_text(FERRY)  # the same text twice in one run: a duplicate
    (folder / "port.md").write_text("# Port strike\n\nDockers at Piraeus walked out on Monday.\n")
    (folder / "figures.csv").write_text("port,ships\nPiraeus,12\n")
    env = {"BRIEFING_BRIEF__INPUTS": json.dumps([str(folder)])}
    args = ("daily", "--date", "2024-03-04", "--json", "--index", str(tmp_path / "index"))
    result = in_process(*args, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    ingested = json.loads(result.stdout)["ingested"]
    assert ingested["added"] == 2 and ingested["duplicates"] == 1 and ingested["stopped"] is False
    assert ingested["sentences"] == 3 and ingested["chunks"] >= 2
    again = in_process(*args[:-3], "-v", "--index", str(tmp_path / "again"), cwd=tmp_path, env=env)
    said = re.search(r"ingested: (.*)", again.stdout)
    assert said is not None, again.stdout
    counts = {noun: int(n) for n, noun in re.findall(r"(\d+) (\w+)", said.group(1))}
    assert counts["duplicate"] == ingested["duplicates"] and counts["added"] == ingested["added"]
    assert counts["sentences"] == ingested["sentences"] and counts["chunks"] == ingested["chunks"]
    assert counts["skipped"] == len(ingested["skipped"])


def test_daily_with_no_inputs_and_nothing_that_day_says_so(tmp_path: Path) -> None:
    """With brief.inputs unset, daily ingested nothing and wrote an empty brief without a word
    (found by a new user); a day with articles (ingested some other way) stays quiet."""
    index = str(tmp_path / "index")
    dated = tmp_path / "port.md"
    dated.write_text("---\ntitle: Port strike\npublished: 2024-03-04\n---\nDockers at Piraeus walked out.\n")
    assert in_process("ingest", str(dated), "--index", index, cwd=tmp_path).returncode == 0
    empty = in_process("daily", "--date", "2024-03-05", "--index", index, cwd=tmp_path)
    assert empty.returncode == 0 and empty.stdout == ""
    assert "brief.inputs is not set" in empty.stderr and "BRIEFING_BRIEF__INPUTS" in empty.stderr
    busy = in_process("daily", "--date", "2024-03-04", "--index", index, cwd=tmp_path)
    assert busy.returncode == 0 and busy.stderr == ""
