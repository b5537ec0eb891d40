"""`ask` under a date window abstains on undated articles (they are in no window); the notice
then says how many were not searched, instead of blaming the sources alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import in_process

QUESTION = "How many passengers did the ferry carry?"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("undated")
    (root / "in").mkdir()
    (root / "in" / "ferry.md").write_text(
        "---\nsource: Coast Guard Daily\n---\nA ferry carrying 40 passengers sank off Lesbos.\n",
        encoding="utf-8",
    )
    (root / "in" / "port.md").write_text(
        "---\nsource: harbour gazette\npublished: 2024-02-05\n---\n"
        "Dockers at the port of Piraeus walked out on Monday over pay.\n",
        encoding="utf-8",
    )
    result = in_process("ingest", str(root / "in"), "--index", str(root / "index"), cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def ask(root: Path, *args: str) -> dict[str, object]:
    result = in_process("ask", QUESTION, *args, "--json", "--index", str(root / "index"), cwd=root)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_the_undated_article_answers_without_a_window(root: Path) -> None:
    answer = ask(root)
    assert not answer["abstained"] and answer["notice"] == ""
    assert "40 passengers" in json.dumps(answer["answer"])


@pytest.mark.parametrize("window", [("--as-of", "2024-03-01"), ("--since", "2024-01-01")])
def test_a_window_that_leaves_it_out_says_so(root: Path, window: tuple[str, str]) -> None:
    answer = ask(root, *window)
    assert answer["abstained"]
    assert str(answer["notice"]).startswith("1 undated article not searched: ")
    shown = in_process("ask", QUESTION, *window, "--index", str(root / "index"), cwd=root)
    assert shown.stdout.startswith("note: 1 undated article not searched")
    assert "The indexed sources do not answer this." in shown.stdout
