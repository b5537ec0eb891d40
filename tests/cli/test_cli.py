"""The `briefing` CLI as a user runs it (the console script for a few calls, in-process for the rest):
output, exit codes, error lines, safety."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import frontmatter
import pytest

from briefing.core.models import ArticleInfo, text_hash
from tests.cli.helpers import console_script, in_process
from tests.conftest import SEEDS

SEED_FILE = SEEDS / "000_319e534746f41929.md"
TROOPS_Q = "How many Turkish soldiers were deployed in Idlib and Aleppo?"
SEED_TEXT = frontmatter.load(SEED_FILE).content.strip()
SEED_ID = text_hash(SEED_TEXT)

# An article whose text and title carry Rich markup and terminal escape sequences.
EVIL_MARKUP = "[bold red]harbour budget[/]"
EVIL_LINK = "[link=http://evil.example]banners[/link]"
EVIL_TITLE = "Council vote [bold red]alert[/] \x1b[31m"
EVIL_BODY = (
    f"The council approved the {EVIL_MARKUP} on Monday.\n"
    f"Protesters waved {EVIL_LINK} outside the council hall.\n"
    "The mayor called the vote \x1b[31mhistoric\x1b[0m for the harbour.\n"
)
EVIL_MD = (
    '---\ntitle: "Council vote [bold red]alert[/] \\x1b[31m"\nsource: Harbour Gazette\n---\n' + EVIL_BODY
)

ANSWER_KEYS = {
    *("question", "answer", "sources", "abstained", "retrieved", "related", "engine", "notice", "as_of"),
}
PART_KEYS = {"text", "citations", "supported", "reason", "attributed", "answer_span", "as_of", "event"}
SOURCE_KEYS = {"article_id", "title", "source", "url", "published", "text", "start", "end"}
RETRIEVED_KEYS = {"article_id", "title", "url", "source", "published", "score"}


def run(*args: str, cwd: Path, columns: int = 400, real: bool = False) -> subprocess.CompletedProcess[str]:
    """`briefing ARGS` in a clean environment: in-process, or (``real``) the console script."""
    return (console_script if real else in_process)(*args, cwd=cwd, columns=columns)


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr


@dataclass(frozen=True)
class Cli:
    """A CLI-built index holding the seed article and the markup article."""

    root: Path
    index: Path
    seeds: subprocess.CompletedProcess[str]
    evil_id: str

    def run(self, *args: str, columns: int = 400, real: bool = False) -> subprocess.CompletedProcess[str]:
        return run(*args, "--index", str(self.index), cwd=self.root, columns=columns, real=real)


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    root = tmp_path_factory.mktemp("cli")
    index = root / "index"
    seeds = run("ingest", str(SEEDS), "--index", str(index), cwd=root, real=True)
    evil = root / "in" / "council.md"
    evil.parent.mkdir()
    evil.write_text(EVIL_MD, encoding="utf-8")
    added = run("ingest", str(evil), "--json", "--index", str(index), cwd=root)
    assert added.returncode == 0, added.stderr
    return Cli(root, index, seeds, json.loads(added.stdout)["added"][0])


@pytest.fixture(scope="module")
def errors(cli: Cli) -> Any:
    """Each failing invocation, run once on first use (two through the real console script)."""
    blocker = cli.root / "a-file"
    blocker.write_text("not a directory")
    cases = {
        "show-missing": ("show", "d928a897ffff", "--index", str(cli.index)),
        "file-index": ("sources", "--index", str(blocker)),
        "no-server": ("ask", "q", "--chroma-url", "http://127.0.0.1:9", "--index", str(cli.root / "unused")),
        "since-after-until": ("ask", "q", "--since", "2020-03-01", "--until", "2020-02-01"),
        "bad-since": ("ask", "q", "--since", "2020-13-01", "--index", str(cli.index)),
        "missing-input": ("ingest", str(cli.root / "no-such-file.md"), "--index", str(cli.index)),
        "empty-index": ("ask", TROOPS_Q, "--index", str(cli.root / "never-ingested")),
    }

    @cache
    def result(name: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
        real = name == "empty-index" or (name == "missing-input" and columns == 400)
        return run(*cases[name], cwd=cli.root, columns=columns, real=real)  # 80: Rich's width when piped

    return result


# --- ingest ---------------------------------------------------------------------------------------


def test_ingest_prints_a_summary_line(cli: Cli) -> None:
    assert cli.seeds.returncode == 0, cli.seeds.stderr
    assert cli.seeds.stderr == ""  # no progress bar when stderr is not a terminal
    lines = cli.seeds.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("1 added, 0 replaced, 0 unchanged, 0 failed (12 sentences, ")
    assert lines[0].endswith(" chunks indexed)")


def test_missing_input_is_reported_on_one_line_and_exits_1(errors: Any, cli: Cli) -> None:
    result = errors("missing-input", columns=400)  # at 80 the line is wrapped (see the WRAPS bug)
    assert result.returncode == 1
    no_traceback(result)
    missing = str(cli.root / "no-such-file.md")
    mentions = [line for line in (result.stdout + result.stderr).splitlines() if missing in line]
    assert mentions == [f"failed: {missing}: no such file or directory"]
    assert "0 added, 0 replaced, 0 unchanged, 1 failed" in result.stdout


def test_missing_input_failure_is_on_stderr(errors: Any, cli: Cli) -> None:
    result = errors("missing-input")
    assert [line for line in result.stderr.splitlines() if line] == [
        f"failed: {cli.root / 'no-such-file.md'}: no such file or directory"
    ]


# --- ask --json -----------------------------------------------------------------------------------


def check_answer_schema(data: dict[str, Any]) -> None:
    assert set(data) == ANSWER_KEYS
    assert isinstance(data["question"], str) and isinstance(data["abstained"], bool)
    for part in data["answer"]:
        assert set(part) == PART_KEYS and isinstance(part["text"], str) and part["citations"]
        assert all(sid in data["sources"] for sid in part["citations"])
        span = part["answer_span"]
        if span is not None:  # offsets into the part's text, which is the cited sentence verbatim
            assert part["text"][span["start"] : span["end"]] == span["text"]
    for sid, src in data["sources"].items():
        assert set(src) == SOURCE_KEYS
        assert sid.rsplit(":", 1)[0] == src["article_id"]
        assert isinstance(src["start"], int) and isinstance(src["end"], int) and src["start"] < src["end"]
    for item in data["retrieved"]:
        assert set(item) == RETRIEVED_KEYS and isinstance(item["score"], float)
    assert isinstance(data["related"], list) and all(sid in data["sources"] for sid in data["related"])


def test_ask_json_has_the_documented_schema_and_exact_citations(cli: Cli) -> None:
    result = cli.run("ask", TROOPS_Q, "--json", real=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    check_answer_schema(data)
    assert data["question"] == TROOPS_Q and data["abstained"] is False and data["related"] == []
    assert data["retrieved"][0]["source"] == "Press TV"  # who published it, for scripts
    [first, *_] = data["answer"]
    assert "7,400 Turkish soldiers" in first["text"]
    src = data["sources"][first["citations"][0]]
    assert src["article_id"] == SEED_ID and src["source"] == "Press TV" and src["published"] is None
    assert src["url"] == "https://presstv.ir/Detail/2020/02/24/619419/Turkish-soldiers-Idlib-Syria-"
    assert SEED_TEXT[src["start"] : src["end"]] == src["text"] == first["text"]
    assert data["retrieved"][0]["article_id"] == SEED_ID


def test_ask_json_abstention(cli: Cli) -> None:
    result = cli.run("ask", "What is the capital of France?", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    check_answer_schema(data)
    assert data["abstained"] is True and data["answer"] == []
    assert data["related"] and set(data["sources"]) == set(data["related"])


# --- errors ---------------------------------------------------------------------------------------


def test_show_of_a_missing_id_fails_with_an_error_line(errors: Any) -> None:
    result = errors("show-missing")
    assert result.returncode == 1 and result.stdout == ""
    no_traceback(result)
    assert result.stderr.startswith("error: no article 'd928a897ffff' in the index")
    assert "briefing" in result.stderr and "sources" in result.stderr  # the fix


def test_index_path_that_is_a_file_fails_with_an_error_line(errors: Any) -> None:
    result = errors("file-index")
    assert result.returncode == 1 and result.stdout == ""
    no_traceback(result)
    assert result.stderr.startswith("error: cannot open the index at ")


def test_an_unreachable_chroma_server_names_the_server_not_the_index_path(errors: Any) -> None:
    """The fix named --index and ingesting, which a server URL ignores (found by a new user)."""
    result = errors("no-server")
    assert result.returncode == 1 and result.stdout == ""
    no_traceback(result)
    assert result.stderr.startswith("error: cannot open the index at http://127.0.0.1:9")
    assert "--chroma-url" in result.stderr and "chroma run" in result.stderr
    assert "--index" not in result.stderr


def test_since_after_until_is_refused(errors: Any) -> None:
    result = errors("since-after-until")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == "error: --since 2020-03-01 is after --until 2020-02-01 — swap the two dates\n"


def test_bad_date_is_a_usage_error(errors: Any) -> None:
    result = errors("bad-since")
    assert result.returncode == 2 and result.stdout == ""
    no_traceback(result)
    assert "Invalid value for '--since'" in result.stderr
    assert "'2020-13-01' is not a date; use YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize(
    "case",
    ["since-after-until", "show-missing", "file-index"],
)
def test_error_is_exactly_one_line_on_stderr(errors: Any, case: str) -> None:
    result = errors(case)
    assert result.returncode != 0
    assert len(result.stderr.splitlines()) == 1, result.stderr


def test_ask_on_an_empty_index_is_an_error(errors: Any) -> None:
    result = errors("empty-index")
    no_traceback(result)
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: ")
    assert "ingest" in result.stderr


# --- help -----------------------------------------------------------------------------------------

HELP_OPTIONS = {
    "": ["Commands:", "ingest", "ask", "sources", "show", "--version"],
    "ingest": ["PATH|URL...", "--published DATE", "--source NAME", "--json", "--quiet", "--index DIR"],
    "ask": ["QUESTION", "--since DATE", "--until DATE", "--source NAME", "-k", "--json", "--index DIR"],
    "sources": ["--json", "--index DIR", "--chroma-url URL"],
    "show": ["ID", "--json", "--index DIR", "--chroma-url URL"],
}


@pytest.mark.parametrize("command", list(HELP_OPTIONS), ids=lambda c: c or "main")
def test_help_lists_the_options(command: str, tmp_path: Path) -> None:
    result = run(*([command] if command else []), "--help", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    assert "Options:" in result.stdout and "--help" in result.stdout
    for needle in HELP_OPTIONS[command]:
        assert needle in result.stdout, needle


@pytest.mark.parametrize(
    "command",
    ["", "ingest", "ask", "sources", "show", "delete", "doctor", "repair", "daily"],
    ids=lambda c: c or "main",
)
def test_help_shows_examples(command: str, tmp_path: Path) -> None:
    result = run(*([command] if command else []), "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "Examples:" in result.stdout
    assert f"briefing {command or 'ingest'}" in result.stdout
    if command:  # a command's help shows its own examples, not the other commands'
        examples = result.stdout.split("Examples:", 1)[1]
        named = set(re.findall(r"^\s*briefing (\w+)", examples, re.M))
        assert named == {command}, named


# --- untrusted text is shown literally ------------------------------------------------------------


def test_show_prints_markup_and_escapes_literally(cli: Cli) -> None:
    result = cli.run("show", cli.evil_id[:8])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out  # no raw ESC reaches the terminal
    assert "Council vote [bold red]alert[/] ␛[31m" in out
    assert f"   0  The council approved the {EVIL_MARKUP} on Monday." in out
    assert f"   1  Protesters waved {EVIL_LINK} outside the council hall." in out
    assert "   2  The mayor called the vote ␛[31mhistoric␛[0m for the harbour." in out
    assert "Harbour Gazette" in out and f"id {cli.evil_id}" in out


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("What did protesters wave outside the council hall?", f"Protesters waved {EVIL_LINK} outside"),
        ("What did the mayor call the vote?", "The mayor called the vote ␛[31mhistoric␛[0m for the harbour."),
    ],
    ids=["link-markup", "ansi-escape"],
)
def test_ask_prints_markup_and_escapes_literally(cli: Cli, question: str, sentence: str) -> None:
    result = cli.run("ask", question)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out
    assert out.count(sentence) == 2  # the answer, then the quoted source
    assert "Council vote [bold red]alert[/] ␛[31m — Harbour Gazette" in out
    assert f"{cli.evil_id}:" in out


def test_sources_table_leaves_the_title_room_at_80_columns(cli: Cli) -> None:
    result = cli.run("sources", columns=80)
    seed_row = next(line for line in result.stdout.splitlines() if line.startswith(f" {SEED_ID} "))
    title_cell = seed_row.split("│")[3]
    assert len(title_cell) - 2 >= 20 and title_cell.strip() == "At least 10 Turkish", seed_row  # was 13 wide
    assert seed_row.split("│")[1].strip() == "—" and seed_row.split("│")[-1].strip() == "12"  # undated


def test_sources_json_lists_every_article(cli: Cli) -> None:
    result = cli.run("sources", "--json")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout  # JSON escapes control characters
    listed = {item["id"]: item for item in json.loads(result.stdout)}
    assert listed.keys() == {SEED_ID, cli.evil_id}
    for item in listed.values():
        assert set(item) == set(ArticleInfo.model_fields)
    seed = listed[SEED_ID]
    assert seed["source"] == "Press TV" and seed["sentence_count"] == 12
    assert seed["origins"] == [str(SEED_FILE)]
    assert listed[cli.evil_id]["title"] == EVIL_TITLE
    assert listed[cli.evil_id]["sentence_count"] == 3


@pytest.mark.parametrize("question", [TROOPS_Q, "Who deployed 7,400 soldiers in Idlib?"])
def test_ask_parsing_in_a_forked_child_answers_exactly_as_in_process(cli: Cli, question: str) -> None:
    aside = cli.run("ask", question, "--json", real=True)  # a fresh process: spaCy loads in a child
    here = cli.run("ask", question, "--json")  # this test process runs threads: it parses itself
    assert aside.returncode == here.returncode == 0, aside.stderr + here.stderr
    assert json.loads(aside.stdout) == json.loads(here.stdout)


def test_index_given_before_the_command_is_the_one_read(cli: Cli) -> None:
    """``briefing --index DIR sources`` once read ./index and said there was none."""
    result = in_process("--index", str(cli.index), "sources", "--json", cwd=cli.root / "in")
    assert result.returncode == 0, result.stderr
    assert SEED_ID in {item["id"] for item in json.loads(result.stdout)}
    own = in_process("--index", str(cli.index), "sources", "--index", str(cli.root / "typo"), cwd=cli.root)
    assert own.returncode == 1 and "typo" in own.stderr  # the command's own flag still wins


def test_sources_on_a_missing_index_says_so(tmp_path: Path) -> None:
    result = in_process("sources", "--index", str(tmp_path / "typo"), cwd=tmp_path)
    assert result.returncode == 1
    assert "there is no index at" in result.stderr and "typo" in result.stderr
