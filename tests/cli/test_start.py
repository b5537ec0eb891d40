"""The script's entry point forks the spaCy worker before the CLI's imports, and answers the same.

The fork is observed in a fresh interpreter (forking needs a single-threaded process); the answer
is compared with the same command run in this process, where spaCy parses in-process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli.start import asks_once, command_of
from tests.cli.helpers import console_script, in_process
from tests.conftest import Seeded

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "How many Turkish soldiers were deployed in Idlib?"

# Runs `briefing ARGS` through the script's entry point, noting what was imported when the worker
# forked and whether it still ran when `Service.ask` began (watched from just after the fork).
ENTRY = """
import json, sys
from briefing.text import nlp
seen = {}
fork = nlp.parse_aside
def watched():
    heavy = sorted(m for m in ("click", "rich", "chromadb", "onnxruntime", "spacy") if m in sys.modules)
    seen.setdefault("heavy_at_fork", heavy)  # the first call: the entry point's
    forked = fork()
    if "forked" not in seen:
        seen["forked"] = forked
        note()
        watch_ask()
    return forked
def watch_ask():
    from briefing.service.facade import Service
    ask = Service.ask
    def asking(self, *args, **kwargs):
        seen["alive_at_ask"] = nlp._worker() is not None
        seen["gc_at_ask"] = __import__("gc").isenabled()
        note()
        return ask(self, *args, **kwargs)
    Service.ask = asking
nlp.parse_aside = watched
def note():  # at once: the ask ends with os._exit, no atexit handler runs
    sys.stderr.write("seen " + json.dumps(seen) + "\\n")
    sys.stderr.flush()
sys.argv = ["briefing", *json.loads(sys.argv[1])]
from briefing.cli.start import main
main()
"""


def run_entry(args: list[str], home: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, object]]:
    env = {"HOME": str(home), "BRIEFING_RAISE_ERRORS": "1", "PATH": "/usr/bin:/bin", "COLUMNS": "400"}
    done = subprocess.run(
        [sys.executable, "-c", ENTRY, json.dumps(args)],
        capture_output=True,
        text=True,
        cwd=home,
        env=env | {"PYTHONPATH": str(ROOT)},
        timeout=300,
        check=False,
    )
    notes = [line[5:] for line in done.stderr.splitlines() if line.startswith("seen ")]
    seen: dict[str, object] = json.loads(notes[-1]) if notes else {}
    return done, seen


@pytest.mark.parametrize(
    ("args", "command", "forks"),
    [
        (["ask", "Who?"], "ask", True),
        (["--index", "ask", "ask", "Who?", "--json"], "ask", True),  # an index directory named "ask"
        (["--chroma-url=http://h:1", "ask", "Who?"], "ask", True),
        (["ask", "--help"], "ask", False),
        (["ask", "-h"], "ask", False),
        (["sources", "--index", "ask"], "sources", False),
        (["--version"], None, False),
        ([], None, False),
    ],
)
def test_only_an_ask_forks_the_worker(args: list[str], command: str | None, forks: bool) -> None:
    assert command_of(args) == command
    assert asks_once(args) is forks


def test_ask_forks_spacy_before_the_cli_imports_and_answers_as_in_process(
    seeded_index: Seeded, tmp_path: Path
) -> None:
    index = str(seeded_index.settings.storage.path)
    args = ["ask", QUESTION, "--index", index, "--json"]
    done, seen = run_entry(args, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert seen["forked"] is True and seen["heavy_at_fork"] == []
    assert seen["alive_at_ask"] is True  # the ask parses there: nothing ended it early
    assert seen["gc_at_ask"] is False  # a one-shot process: no cyclic collections
    here = in_process(*args, cwd=tmp_path)
    assert here.returncode == 0, here.stderr
    assert json.loads(done.stdout) == json.loads(here.stdout)


def test_a_worker_the_ask_will_not_use_is_ended_when_the_checks_are_off(
    seeded_index: Seeded, tmp_path: Path
) -> None:
    index = str(seeded_index.settings.storage.path)
    (tmp_path / "briefing.toml").write_text("[answer]\nanswerability = false\n")
    done, seen = run_entry(["ask", QUESTION, "--index", index, "--json"], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert seen["forked"] is True and seen["alive_at_ask"] is False


def test_the_one_shot_ask_still_exits_with_the_commands_status_and_message(tmp_path: Path) -> None:
    empty = console_script("ask", "  ", "--index", str(tmp_path / "none"), cwd=tmp_path)
    assert empty.returncode == 1 and empty.stdout == ""
    assert (
        empty.stderr.strip()
        == 'error: the question is empty — type a question, e.g. briefing ask "Who said what?"'
    )
    missing = console_script("ask", cwd=tmp_path)
    assert missing.returncode == 2 and "Missing argument 'QUESTION'" in missing.stderr
