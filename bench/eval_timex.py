"""Relative-date normalisation accuracy against MEANTIME's gold time expressions.

For every gold TIMEX3 in the fully annotated window of each article (``annotated_window`` of
``meantime_en/timex.jsonl``), the phrase is resolved by :func:`briefing.brief.timeline.resolve`
against the article's publication date (the DCT), with its sentence as context (past or future)
and the previous resolved day of the same article (for "the same day", "18:00 UTC"). The value
is compared with the gold ``value`` exactly (TIMEX string: ``2004-W47``, ``2009-06-18``,
``2008-Q1``, ``2009-12-15T18:00Z`` ...).

The headline number is accuracy on the expressions with a *concrete* gold value, i.e. a value
that names a calendar point or period (it starts with a year or decade: ``2009``, ``2009-06``,
``200``); durations (``P9D``), sets and vague references (``PAST_REF``, ``XXXX-XX-XX``) are
counted separately. A second number checks detection: the share of concrete gold expressions
that :func:`briefing.brief.timeline.find_spans` finds in the running text (overlapping span) *and*
resolves to the gold value, which is what the brief's timeline actually sees.

    python bench/eval_timex.py [--data DIR] [--errors] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from briefing.brief import timeline  # noqa: E402

DATA = Path(os.environ.get("BRIEFING_BENCH_DATA", "/work/shared/data"))
CONCRETE = re.compile(r"^\d{3,4}")


def _sentence_of(article: dict, start: int) -> str:
    for s, e in article["sentences"]:
        if s <= start < e:
            return str(article["text"][s:e])
    return ""


def evaluate(data: Path, show_errors: bool = False) -> dict[str, object]:
    articles = {
        json.loads(line)["id"]: json.loads(line)
        for line in (data / "meantime_en/articles.jsonl").read_text().splitlines()
    }
    docs = [json.loads(line) for line in (data / "meantime_en/timex.jsonl").read_text().splitlines()]
    by_kind: Counter[str] = Counter()
    right: Counter[str] = Counter()
    found = found_right = 0
    errors = []
    for doc in docs:
        article = articles[doc["doc_id"]]
        dct = dt.date.fromisoformat(doc["dct"])
        window_end = doc["annotated_window"][1]
        window_text = article["text"][:window_end]
        detected = []
        previous = None
        for m_sentence in _window_sentences(article, window_end):
            for mention in timeline.mentions(m_sentence[2], dct, previous):
                detected.append(
                    (m_sentence[0] + mention.start, m_sentence[0] + mention.end, mention.resolved.value)
                )
                if mention.resolved.start and mention.resolved.start == mention.resolved.end:
                    previous = mention.resolved.start
        previous = None
        for expr in sorted(doc["expressions"], key=lambda e: e["char_start"]):
            if expr["char_end"] > window_end:
                continue
            gold = expr["value"]
            kind = "concrete" if CONCRETE.match(gold) else "other"
            sentence = _sentence_of(article, expr["char_start"])
            got = timeline.resolve(expr["text"], dct, sentence, previous)
            value = got.value if got else None
            if got and got.start and got.start == got.end:
                previous = got.start
            by_kind[kind] += 1
            ok = value == gold
            right[kind] += ok
            if kind == "concrete":
                hit = [v for s, e, v in detected if s < expr["char_end"] and expr["char_start"] < e]
                found += bool(hit)
                found_right += gold in hit
                if expr.get("needs_dct_heuristic"):
                    by_kind["relative"] += 1
                    right["relative"] += ok
                if not ok:
                    errors.append((doc["doc_id"], dct.isoformat(), expr["text"], gold, value, sentence[:120]))
        assert window_text  # the window always holds text
    if show_errors:
        for row in errors:
            print("  ", *row, sep=" | ")
    n = by_kind["concrete"]
    return {
        "expressions_in_window": by_kind["concrete"] + by_kind["other"],
        "concrete": n,
        "accuracy_concrete": round(right["concrete"] / n, 4),
        "relative_subset": by_kind["relative"],
        "accuracy_relative_subset": round(right["relative"] / max(by_kind["relative"], 1), 4),
        "other_exact": f"{right['other']}/{by_kind['other']}",
        "detected_concrete": round(found / n, 4),
        "detected_and_right": round(found_right / n, 4),
    }


def _window_sentences(article: dict, window_end: int) -> list[tuple[int, int, str]]:
    return [(s, e, article["text"][s:e]) for s, e in article["sentences"] if s < window_end]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--errors", action="store_true", help="Print every wrong concrete expression.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = evaluate(args.data, args.errors)
    if args.json:
        print(json.dumps(result))
        return
    print(f"MEANTIME time expressions in the annotated window: {result['expressions_in_window']}")
    print(f"  concrete gold values: {result['concrete']}")
    print(f"  normalisation accuracy (concrete):        {result['accuracy_concrete']:.1%}")
    print(
        f"  of which relative ('needs DCT') subset:    {result['accuracy_relative_subset']:.1%}"
        f" of {result['relative_subset']}"
    )
    print(f"  found in running text:                    {result['detected_concrete']:.1%}")
    print(f"  found in running text and resolved right: {result['detected_and_right']:.1%}")
    print(f"  non-concrete values matched exactly:      {result['other_exact']}")


if __name__ == "__main__":
    main()
