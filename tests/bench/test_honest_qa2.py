"""The frozen honest_qa2 set and the per-trap scoring of ``bench/eval_honest.py``.

The set is a measuring stick: if a line loses its gold sentence or a half loses its balance, every
number measured on it means something else, so the file's invariants are checked here (cheaply,
without building an index). ``by_trap`` is what tells the lead which overlap still fools ``ask``.
"""

from __future__ import annotations

import collections
import importlib.util
import json
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "bench" / "data" / "honest_qa2.jsonl"
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


def _rows() -> list[dict]:
    return [json.loads(line) for line in SET.open(encoding="utf-8")]


def test_the_set_has_its_frozen_counts_and_balanced_halves() -> None:
    rows = _rows()
    kinds = collections.Counter(r["kind"] for r in rows)
    assert kinds == {"unanswerable": 64, "answerable": 40}
    assert len({r["qid"] for r in rows}) == len({r["question"] for r in rows}) == 104
    unanswerable = [r for r in rows if r["kind"] == "unanswerable"]
    assert {r["trap"] for r in unanswerable} == TRAPS
    assert all(r["answerable"] is False and r["qid"].startswith("u2-") for r in unanswerable)
    for trap in TRAPS:
        halves = collections.Counter(r["half"] for r in unanswerable if r["trap"] == trap)
        assert abs(halves["dev"] - halves["heldout"]) <= 1, trap
    assert sum(r["corpus"] == "fakes_syria" for r in unanswerable) >= 8


def test_every_answer_is_in_its_gold_sentence() -> None:
    answerable = [r for r in _rows() if r["kind"] == "answerable"]
    for row in answerable:
        assert row["answerable"] is True and row["qid"].startswith("a2-")
        assert row["gold_article_ids"] and row["gold_sentences"]
        assert all(row["answer"] in sentence for sentence in row["gold_sentences"]), row["qid"]
    assert collections.Counter(r["half"] for r in answerable) == {"dev": 20, "heldout": 20}


def test_by_trap_scores_only_unanswerable_questions_per_trap() -> None:
    done = [
        {"answerable": False, "trap": "other-time", "abstained": True},
        {"answerable": False, "trap": "other-time", "abstained": False},
        {"answerable": False, "trap": "swapped-entity", "abstained": True},
        {"answerable": True, "abstained": False},
    ]
    traps = _eval_honest().by_trap(done)
    assert traps["trap other-time"] == {"n": 2, "k": 1, "rate": 0.5, "se": 0.354}
    assert traps["trap swapped-entity"]["k"] == 1
    assert list(traps) == ["trap other-time", "trap swapped-entity"]
