"""Measure the support check on hand-labelled answer sentences (bench/data/support_labels.jsonl).

Each record is one answer sentence as an LLM might write it, the source sentences it cites, and a
label: ``supported`` (a faithful quote, paraphrase or summary of what it cites) or
``unsupported`` (a changed number, a swapped name or role, a flipped negation, an invented claim or
detail, a true claim citing the wrong sentence, an obeyed injected instruction, no citation). The
sources are real sentences from the bundled seed article, the test articles, the MEANTIME
Wikinews articles and the small wire corpus.

The first 68 records alternate between a ``dev`` split (looked at while the checks and
thresholds were chosen) and a ``test`` split (not looked at in session 2; the role and
added-phrase checks of session 3 were tuned on both). The ``fresh`` split (84 records from
FA-KES sentences, written after those checks were fixed and not used to change them) is the
honest number of session 3's first run; ``heldout`` (30 Wikinews 2004 records) was written
after the checks were final and run once (session 3). Session 4 added ``dev-4`` (18 records
written while building the event, time and hedge checks) and 60 sentences SmolLM2-135M wrote
(bench/local_llm.py --dump, drafted by bench/draft_real_labels.py, labelled by hand), split by
question into ``real-dev`` (tuning) and ``real-heldout`` (HELD_OUT: never used to change a
check; its mistakes are listed only with --show-held-out). Session 5 added ``real-heldout-5``:
30 more SmolLM2-135M sentences on 22 new FA-KES window questions, labelled by reading before any
check ran on them, held out the same way. Reported:

* **caught**: share of unsupported sentences flagged (recall on unsupported);
* **false flags**: share of supported sentences wrongly flagged;
* per kind of error, and the misses with the check's reason.

Runs :func:`briefing.llm.citations.check_many` exactly as ``briefing ask --engine llm`` does, with the
bundled MiniLM embedder and the default ``llm.min_similarity`` / ``llm.min_coverage``.

Examples::

    python bench/eval_support.py
    python bench/eval_support.py --json
    python bench/eval_support.py --min-similarity 0.5 --min-coverage 0.6
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from briefing.core.settings import EmbedderSettings, LLMSettings
from briefing.llm.citations import check_many
from briefing.store.embedder import load_embedder

DATA = Path(__file__).parent / "data" / "support_labels.jsonl"
# never looked at while the checks were changed (session 4): their mistakes are listed only with
# --show-held-out; "heldout" (session 3) was looked at once in session 3 and is now a tuning split
HELD_OUT = {"real-heldout", "heldout-4", "real-heldout-5"}


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def rates(records: list[dict[str, Any]]) -> dict[str, Any]:
    bad = [r for r in records if r["label"] == "unsupported"]
    good = [r for r in records if r["label"] == "supported"]
    caught = sum(1 for r in bad if not r["supported"])
    flagged = sum(1 for r in good if not r["supported"])
    return {
        "unsupported": len(bad),
        "caught": caught,
        "recall_unsupported": round(caught / len(bad), 3) if bad else None,
        "supported": len(good),
        "false_flags": flagged,
        "false_flag_rate": round(flagged / len(good), 3) if good else None,
    }


def main() -> None:
    defaults = LLMSettings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--min-similarity", type=float, default=defaults.min_similarity)
    parser.add_argument("--min-coverage", type=float, default=defaults.min_coverage)
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    parser.add_argument(
        "--show-held-out", action="store_true", help="Also list the mistakes on the held-out splits."
    )
    args = parser.parse_args()

    records = load(args.data)
    embedder = load_embedder(EmbedderSettings())
    verdicts = check_many(
        [(r["answer"], r["cited"]) for r in records], embedder.embed, args.min_similarity, args.min_coverage
    )
    for record, verdict in zip(records, verdicts, strict=True):
        record["supported"], record["reason"] = verdict.supported, verdict.reason
        record["similarity"] = round(verdict.similarity, 3)

    splits = list(dict.fromkeys(r["split"] for r in records))
    result: dict[str, Any] = {
        "records": len(records),
        "thresholds": {"min_similarity": args.min_similarity, "min_coverage": args.min_coverage},
        "all": rates(records),
        "tuning": rates([r for r in records if r["split"] not in HELD_OUT]),
        "held_out": rates([r for r in records if r["split"] in HELD_OUT]),
        "real": rates([r for r in records if r["split"].startswith("real")]),
    }
    result |= {split: rates([r for r in records if r["split"] == split]) for split in splits}
    kinds: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        kinds[record["kind"]].append(record)
    result["by_kind"] = {
        kind: {"label": items[0]["label"], "n": len(items), "flagged": sum(not r["supported"] for r in items)}
        for kind, items in sorted(kinds.items(), key=lambda kv: (kv[1][0]["label"], kv[0]))
    }
    shown = [r for r in records if args.show_held_out or r["split"] not in HELD_OUT]
    wrong = [r for r in shown if (r["label"] == "supported") != r["supported"]]
    result["mistakes"] = [
        {k: r[k] for k in ("id", "split", "label", "kind", "answer", "reason", "similarity")} for r in wrong
    ]
    if args.json:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return
    print(f"{len(records)} labelled answer sentences; thresholds {result['thresholds']}")
    for split in ("all", "tuning", "held_out", "real", *splits):
        r = result[split]
        if not r["unsupported"] or not r["supported"]:
            continue
        caught = f"{r['caught']}/{r['unsupported']} ({r['recall_unsupported']:.0%})"
        flagged = f"{r['false_flags']}/{r['supported']} ({r['false_flag_rate']:.0%})"
        print(f"  {split:<12} unsupported caught {caught:<14} supported wrongly flagged {flagged}")
    print("by kind (flagged / n):")
    for kind, row in result["by_kind"].items():
        print(f"  {row['label']:<11} {kind:<17} {row['flagged']}/{row['n']}")
    print("mistakes:" if args.show_held_out else f"mistakes (not of the held-out splits {sorted(HELD_OUT)}):")
    for m in result["mistakes"]:
        verdict = (
            f"flagged: {m['reason']}" if m["label"] == "supported" else f"missed (sim {m['similarity']})"
        )
        print(f"  #{m['id']} [{m['split']}] {m['kind']}: {m['answer']}\n      {verdict}")


if __name__ == "__main__":
    main()
