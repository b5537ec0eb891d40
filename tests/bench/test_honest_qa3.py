"""The frozen honest_qa3 set (the README's Wikinews example) and its place in ``bench/eval_honest.py``.

Like honest_qa2, the set is a measuring stick: a line that loses its gold sentence, a half that
loses its balance or a question that drifts to another corpus changes what every number measured
on it means, so its invariants are checked here, cheaply, without building an index.
"""

from __future__ import annotations

import collections
import importlib.util
import json
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "bench" / "data" / "honest_qa3.jsonl"
ARTICLES = ROOT / "examples" / "eval_articles.jsonl"
TRAPS = {
    "swapped-entity",
    "swapped-relation",
    "absent-measure",
    "other-time",
    "absent-attribute",
    "general-knowledge",
}


def _eval_honest() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_honest", ROOT / "bench" / "eval_honest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def test_the_set_has_its_frozen_counts_and_balanced_halves() -> None:
    rows = _rows(SET)
    assert collections.Counter(r["kind"] for r in rows) == {"unanswerable": 56, "answerable": 28}
    assert len({r["qid"] for r in rows}) == len({r["question"] for r in rows}) == 84
    assert {r["corpus"] for r in rows} == {"examples"}
    unanswerable = [r for r in rows if r["kind"] == "unanswerable"]
    assert {r["trap"] for r in unanswerable} == TRAPS
    assert all(r["answerable"] is False and r["qid"].startswith("u3-") and r["probes"] for r in unanswerable)
    for trap in TRAPS:
        halves = collections.Counter(r["half"] for r in unanswerable if r["trap"] == trap)
        assert abs(halves["dev"] - halves["heldout"]) <= 1, trap
    assert collections.Counter(r["half"] for r in unanswerable) == {"dev": 28, "heldout": 28}


def test_every_answer_is_in_its_gold_sentence_of_an_example_article() -> None:
    texts = {r["id"]: f"{r.get('title', '')}\n{r['text']}" for r in _rows(ARTICLES)}
    answerable = [r for r in _rows(SET) if r["kind"] == "answerable"]
    for row in answerable:
        assert row["answerable"] is True and row["qid"].startswith("a3-")
        assert row["gold_article_ids"] and row["gold_sentences"]
        assert all(row["answer"] in sentence for sentence in row["gold_sentences"]), row["qid"]
        assert any(row["gold_sentences"][0] in texts[aid] for aid in row["gold_article_ids"]), row["qid"]
    assert collections.Counter(r["half"] for r in answerable) == {"dev": 14, "heldout": 14}


def test_no_question_repeats_the_readme_examples_own_unanswerable_lines() -> None:
    examples = {r["question"].casefold() for r in _rows(ROOT / "examples" / "eval_qa.jsonl")}
    assert not examples & {r["question"].casefold() for r in _rows(SET)}


def test_honest3_is_asked_against_the_examples_index_only_and_stays_out_of_all() -> None:
    module = _eval_honest()
    data, index, files = module.FROZEN_SETS["honest3"]
    assert (data, index) == ("honest_qa3.jsonl", "examples")
    assert [Path(f).resolve() for f in files] == [ARTICLES]
