"""The spaCy pipeline's entry points: entities without the unused components, the parse worker.

Real spaCy (``en_core_web_sm`` from its PyPI package) throughout. The parse worker forks, which is
only done by a single-threaded process, so it is exercised in a fresh interpreter and compared
with the same calls made in this one.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from briefing.qa.focus import analyse
from briefing.text import nlp, parse_worker
from tests.fresh import json_from_fresh_interpreter

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = [
    "The Syrian Observatory for Human Rights said 58 people were killed in Khan Sheikhoun on Tuesday.",
    "Boeing's chief financial officer, Michael Sears, was fired on Monday.",
    "Kmart and Sears formed Sears Holdings, based in Hoffman Estates, Illinois, in 2004.",
]
QUESTION = "Who will be the chief financial officer of Sears Holdings after the merger?"

ASIDE = """
import json, os, sys
from briefing.text import nlp
from briefing.qa.focus import analyse
started = nlp.parse_aside()
if sys.argv[1] == "kill":
    os.kill(nlp._worker().pid, 9)
focus = analyse(sys.argv[2])
ents = [nlp.entities(t) for t in json.loads(sys.argv[3])]
verbs = nlp.verb_lemmas()
print(json.dumps({"started": started, "spacy_here": "spacy" in sys.modules, "focus": focus.wants,
                  "entities": ents, "rose": verbs.get("rose"), "verbs": len(verbs)}))
nlp.stop_parse_worker()
"""


def run_aside(mode: str) -> dict[str, object]:
    return json_from_fresh_interpreter(ASIDE, mode, QUESTION, json.dumps(SENTENCES))


def test_entities_skip_the_tagger_parser_and_tok2vec_yet_match_a_full_parse() -> None:
    full = nlp.pipeline()
    assert set(nlp._not_for_entities(full)) >= {"tagger", "parser", "tok2vec"}
    for text in SENTENCES:
        assert nlp.recognise(text) == tuple((e.start_char, e.end_char, e.label_) for e in full(text).ents)


def test_the_parse_worker_answers_as_this_process_does_without_loading_spacy_here() -> None:
    aside = run_aside("use")
    assert aside["started"] is True and aside["spacy_here"] is False
    assert aside["focus"] == analyse(QUESTION).wants
    assert aside["entities"] == [[list(e) for e in nlp.entities(t)] for t in SENTENCES]
    assert aside["rose"] == list(nlp.verb_lemmas()["rose"]) and aside["verbs"] == len(nlp.verb_lemmas())


def test_a_dead_parse_worker_falls_back_to_parsing_here() -> None:
    aside = run_aside("kill")
    assert aside["started"] is True and aside["spacy_here"] is True
    assert aside["focus"] == analyse(QUESTION).wants
    assert aside["entities"] == [[list(e) for e in nlp.entities(t)] for t in SENTENCES]


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parse_worker.can_fork()
        assert nlp.parse_aside() is False and nlp._worker() is None
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize("text", SENTENCES[:1])
def test_entities_are_cached_per_text(text: str) -> None:
    assert nlp.entities(text) is nlp.entities(text)


def test_stopping_the_worker_does_not_wait_for_spacy_to_load() -> None:
    script = (
        "import time; from briefing.text import nlp; assert nlp.parse_aside(); "
        "start = time.perf_counter(); nlp.stop_parse_worker(); print(time.perf_counter() - start)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert float(done.stdout.strip()) < 0.5  # spaCy's import alone takes ~1 s; the child is killed


def _doc(doc: object, text: str) -> object:
    """A reader that hands back the parse it was given."""
    return doc


def _tokens(doc: object, text: str) -> list[tuple[str, str, str, int]]:
    return [(t.text, t.pos_, t.dep_, t.head.i) for t in doc]  # type: ignore[attr-defined]


def test_a_prefetched_question_parse_is_the_one_read_and_matches_a_fresh_parse() -> None:
    """The parse started before retrieval is used once, and reads as a parse made on the spot."""
    question = "How many Turkish soldiers were deployed in Idlib and Aleppo?"
    with nlp.parsed_ahead(question):
        ahead = nlp.read(question, _tokens)
        assert not nlp._PREFETCHED  # consumed
    assert ahead == nlp.read(question, _tokens)
    with nlp.parsed_ahead(question):
        first, second = nlp.read(question, _doc), nlp.read(question, _doc)
    assert first is not second  # the second read parsed again: a prefetch serves one read


def test_an_unread_prefetch_is_settled_when_the_block_ends() -> None:
    """An ask that never reached its checks leaves no parse running behind it."""
    with nlp.parsed_ahead("Who won the election in Ukraine?"):
        started = list(nlp._PREFETCHED.values())
        assert started
    assert not nlp._PREFETCHED
    assert all(f.done() for f in started)
    with nlp.parsed_ahead(None):
        assert not nlp._PREFETCHED
