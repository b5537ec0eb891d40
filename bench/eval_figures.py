"""Figure pairs: same quantity, conflict, or different event — precision and recall on FA-KES.

Gold: ``bench/data/figure_pairs.jsonl``, 70 pairs of casualty figures from two different FA-KES
articles of 2017-04-04..06 and 2017-04-16 (0-59 sampled at random among pairs with the same counted
unit and event, seed 13; 60-69 chosen by reading the window's air-strike and Khan Shaykhun
articles: strikes on different towns, the "nearly 90" toll), labelled by hand: ``same`` (one
quantity, numbers that agree), ``conflict``
(one quantity — the toll of one incident — with different numbers from two claimants) or
``different`` (another incident, a whole-war total, a subset such as "3 died in Turkish
hospitals"). Each side keeps its sentence (page furniture already stripped) and the number.

Ours: the figure is found in the sentence by :func:`briefing.brief.figures.find`, given what it
counts (:mod:`briefing.brief.quantity`: incident, places, day from
:func:`briefing.brief.timeline.mentions` against the article's date, war scope), then
:func:`~briefing.brief.quantity.same_quantity` and the interval test of
:func:`briefing.brief.figures.conflicts` decide same / conflict / different.

    python bench/eval_figures.py [--errors] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from briefing.brief import figures, quantity, timeline  # noqa: E402
from briefing.core.brief_models import Figure  # noqa: E402

GOLD = HERE / "data" / "figure_pairs.jsonl"


def figure(side: dict[str, Any]) -> Figure | None:
    sentence, published = side["sentence"], dt.date.fromisoformat(side["published"])
    hit = next((h for h in figures.find(sentence) if h.number == side["number"]), None)
    if hit is None:
        return None
    days = [m.resolved.start for m in timeline.mentions(sentence, published) if m.resolved.start]
    where = quantity.context(sentence, hit.start)
    return Figure(
        number=hit.number,
        value=hit.value,
        qualifier=hit.qualifier,
        counts=hit.counts,
        unit=hit.unit,
        event=hit.event,
        text=hit.text,
        claimant=side["source"],
        incident=quantity.incident(where),
        places=quantity.places(where),
        date=days[0] if days else None,
        scope=quantity.scope(sentence),
        citations=[side["article"] + ":0"],
    )


def predict(a: Figure | None, b: Figure | None) -> str:
    if a is None or b is None or not quantity.same_quantity(a, b):
        return "different"
    (a_lo, a_hi), (b_lo, b_hi) = figures.interval(a), figures.interval(b)
    return "conflict" if a_hi < b_lo or b_hi < a_lo else "same"


def _pr(pairs: list[tuple[str, str]], positive: set[str]) -> dict[str, float]:
    tp = sum(1 for g, p in pairs if g in positive and p in positive)
    fp = sum(1 for g, p in pairs if g not in positive and p in positive)
    fn = sum(1 for g, p in pairs if g in positive and p not in positive)
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 3),
    }


def evaluate(show_errors: bool = False) -> dict[str, Any]:
    rows = [json.loads(line) for line in GOLD.read_text().splitlines() if line.strip()]
    pairs = []
    for row in rows:
        got = predict(figure(row["a"]), figure(row["b"]))
        pairs.append((row["label"], got))
        if show_errors and got != row["label"]:
            numbers = f"{row['a']['number']} vs {row['b']['number']}"
            print(f"#{row['id']} gold {row['label']} ours {got}: {numbers}")
    counts: dict[str, int] = {}
    for gold, _ in pairs:
        counts[gold] = counts.get(gold, 0) + 1
    return {
        "pairs": len(pairs),
        "gold": counts,
        "same_quantity": _pr(pairs, {"same", "conflict"}),
        "conflict": _pr(pairs, {"conflict"}),
        "accuracy": round(sum(g == p for g, p in pairs) / max(len(pairs), 1), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = evaluate(args.errors)
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
