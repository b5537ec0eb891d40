"""`ask` with a filter no article matches names the filter (and the sources there are) instead of
saying the sources do not answer; exit code and JSON as for an empty --since/--until window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import in_process

STORIES = {
    "ferry.md": ("Coast Guard Daily", "2024-02-02", "A ferry with 40 passengers sank off Lesbos."),
    "port.md": ("harbour gazette", "2024-02-05", "Dockers at the port of Piraeus walked out on Monday."),
}
QUESTION = "How many passengers did the ferry carry?"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("filters")
    for name, (source, day, body) in STORIES.items():
        path = root / "in" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\nsource: {source}\npublished: {day}\n---\n{body}\n", encoding="utf-8")
    result = in_process("ingest", str(root / "in"), "--index", str(root / "index"), cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def ask(root: Path, *args: str) -> tuple[int, str, str]:
    result = in_process("ask", QUESTION, *args, "--index", str(root / "index"), cwd=root)
    return result.returncode, result.stdout, result.stderr


def test_an_unknown_source_is_named_with_the_known_ones(root: Path) -> None:
    code, out, err = ask(root, "--source", "Nope")
    assert (code, err) == (0, "")
    assert "The indexed sources do not answer this." not in out
    assert out.startswith("note: no indexed article is from source 'Nope' (--source); ")
    assert "'Coast Guard Daily', 'harbour gazette'" in out and "briefing sources" in out


def test_an_unknown_source_in_json_is_an_abstention_with_the_notice(root: Path) -> None:
    code, out, _ = ask(root, "--source", "Nope", "--json")
    answer = json.loads(out)
    assert code == 0 and answer["abstained"] and answer["answer"] == [] and answer["related"] == []
    assert answer["notice"].startswith("no indexed article is from source 'Nope'")
    # the same shape as an empty date window
    _, window, _ = ask(root, "--since", "1990-01-01", "--until", "1990-12-31", "--json")
    empty = json.loads(window)
    assert empty.keys() == answer.keys() and empty["abstained"] and empty["related"] == []
    assert "between 1990-01-01 and 1990-12-31" in empty["notice"]


def test_a_known_source_outside_the_window_names_the_window(root: Path) -> None:
    _, out, _ = ask(root, "--source", "COAST guard  daily", "--since", "2024-02-03", "--json")
    notice = json.loads(out)["notice"]
    said = "no indexed article from source 'COAST guard  daily' was published on or after 2024-02-03"
    assert notice.startswith(said)
    _, found, _ = ask(root, "--source", "coast guard daily", "--json")  # case and spacing ignored
    assert "40 passengers" in json.loads(found)["answer"][0]["text"]


@pytest.mark.parametrize(
    ("window", "said"),
    [
        (("--as-of", "2024-01-31"), "published on or before 2024-01-31 (--since/--until/--as-of)"),
        (("--since", "2024-03-01"), "published on or after 2024-03-01 (--since/--until/--as-of)"),
        (("--since", "2024-02-03", "--until", "2024-02-03"), "published on 2024-02-03 (--since/"),
    ],
)
def test_an_open_or_one_day_window_is_said_in_words(root: Path, window: tuple[str, ...], said: str) -> None:
    code, out, _ = ask(root, *window, "--json")
    assert code == 0 and said in json.loads(out)["notice"]
    assert "the first article" not in out and "the last article" not in out


@pytest.mark.parametrize("question", ["the", "what?", "...", "Who is he?"])
def test_a_question_without_a_content_word_is_not_answered(root: Path, question: str) -> None:
    result = in_process("ask", question, "--json", "--index", str(root / "index"), cwd=root)
    answer = json.loads(result.stdout)
    assert result.returncode == 0 and answer["abstained"] and answer["answer"] == []
    assert answer["notice"].startswith("the question names nothing to look for")
    text = in_process("ask", question, "--index", str(root / "index"), cwd=root)
    assert text.stdout.startswith("note: the question names nothing to look for")
    assert "The indexed sources do not answer this." not in text.stdout


def test_json_says_the_day_time_words_counted_from(root: Path) -> None:
    """A script reading "yesterday" answers needs the day it was counted from (found by a new user)."""
    import datetime as dt

    _, given, _ = ask(root, "--as-of", "2024-02-04", "--json")
    _, today, _ = ask(root, "--json")
    assert json.loads(given)["as_of"] == "2024-02-04"
    assert json.loads(today)["as_of"] == dt.date.today().isoformat()
