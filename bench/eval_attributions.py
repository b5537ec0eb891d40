"""Who-said-what: speaker precision and recall against MEANTIME's gold attributions.

Gold: ``meantime_en/attributions.jsonl``, restricted to the fully annotated window of each
article (``annotated_window`` in ``timex.jsonl``) where every speech/cognitive event is
annotated. The task measured is *who said what*, so the gold set is the events whose cue is a
reporting act (forms of say, tell, state, announce, report, claim, warn, deny, confirm, add,
cite, quote, post, reveal, argue, declare, call, statement, announcement, speech, comment,
response...), not cognitive states (expect, want, see, know, like). ``--all`` scores against every
SPEECH_COGNITIVE event instead. MEANTIME annotates events, and "according to X" is a preposition,
not an event: those predictions cannot be scored either way and are counted apart.

Our side: :func:`briefing.brief.claims.attributions` over each sentence of the article (segmented by
:func:`briefing.text.sentences.split_sentences`, as in production), in the window.

- A predicted attribution *matches* a gold event when their cue spans overlap.
- It is *correct* when it matches a gold event that has an Arg0 speaker and the predicted
  claimant span overlaps that speaker's span.
- precision = correct / predictions in the window (a prediction on a cue that is not a gold
  reporting event, or whose event has no speaker, counts against it);
  recall = gold events with a speaker that some prediction gets right / all of them.

Tuning and honest numbers: ``--split tune`` is a fixed 30% of the articles (by a hash of the
doc id: 39 of 120) that rules were tuned on; ``--split heldout`` the other 81, kept aside;
``--split all`` (default) every article.

    python bench/eval_attributions.py [--data DIR] [--all] [--split tune|heldout|all] [--errors] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from briefing.brief.claims import attributions  # noqa: E402
from briefing.text.sentences import split_sentences  # noqa: E402

DATA = Path(os.environ.get("BRIEFING_BENCH_DATA", "/work/shared/data"))
REPORTING = re.compile(
    r"^(say|said|tell|told|stat|announc|report|claim|warn|den[iy]|confirm|add|explain|insist|argu|not(e|ing)|"
    r"accus|alleg|acknowledg|admit|declar|predict|estimat|urg|cit|quot|writ|wrote|post|reveal|describ|"
    r"comment|respon|speech|speak|reject|condemn|critici|call)",
    re.I,
)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def in_split(doc_id: str, split: str) -> bool:
    """``tune``: a fixed 30% of the articles (hash of the id); ``heldout``: the rest; ``all``: every one."""
    if split == "all":
        return True
    tune = hashlib.sha256(doc_id.encode()).digest()[0] < 77
    return tune if split == "tune" else not tune


def evaluate(
    data: Path, every_event: bool = False, show_errors: bool = False, split: str = "all"
) -> dict[str, float | int]:
    articles = {
        json.loads(line)["id"]: json.loads(line)
        for line in (data / "meantime_en/articles.jsonl").read_text().splitlines()
    }
    windows = {
        json.loads(line)["doc_id"]: json.loads(line)["annotated_window"][1]
        for line in (data / "meantime_en/timex.jsonl").read_text().splitlines()
    }
    gold_by_doc: dict[str, list[dict]] = {}
    for line in (data / "meantime_en/attributions.jsonl").read_text().splitlines():
        row = json.loads(line)
        if row["cue"]["char_end"] <= windows[row["doc_id"]]:
            gold_by_doc.setdefault(row["doc_id"], []).append(row)
    predicted = correct = unscored = 0
    gold_total = gold_found = 0
    errors: list[str] = []
    docs = 0
    for doc_id, article in articles.items():
        if not in_split(doc_id, split):
            continue
        docs += 1
        text, window = article["text"], windows[doc_id]
        golds = [g for g in gold_by_doc.get(doc_id, []) if every_event or REPORTING.match(g["cue"]["text"])]
        speakers = [g for g in golds if g["sources_arg0"]]
        gold_total += len(speakers)
        got: set[int] = set()
        for start, end in split_sentences(text):
            if start >= window:
                break
            for att in attributions(text[start:end]):
                cue = (start + att.cue_start, start + att.cue_end)
                who = (start + att.who_start, start + att.who_end)
                if cue[1] > window:
                    continue
                if att.cue == "according to":  # not an event in MEANTIME's scheme: cannot be scored
                    unscored += 1
                    continue
                predicted += 1
                match = [g for g in golds if _overlap(cue, (g["cue"]["char_start"], g["cue"]["char_end"]))]
                ok = [
                    i
                    for i, g in enumerate(speakers)
                    if g in match
                    and any(_overlap(who, (s["char_start"], s["char_end"])) for s in g["sources_arg0"])
                ]
                correct += bool(ok)
                got.update(ok)
                if not ok:
                    gold_who = [s["text"] for g in match for s in g["sources_arg0"]]
                    errors.append(
                        f"FP  {att.cue!r} -> {att.claimant!r} (gold {gold_who}) | {text[start:end][:110]}"
                    )
        gold_found += len(got)
        errors += [
            f"FN  {g['cue']['text']!r} -> {[s['text'] for s in g['sources_arg0']]}"
            f" | {g['sentence_text'][:90]}"
            for i, g in enumerate(speakers)
            if i not in got
        ]
    if show_errors:
        print("\n".join(sorted(errors)))
    p = correct / max(predicted, 1)
    r = gold_found / max(gold_total, 1)
    return {
        "split": split,
        "articles": docs,
        "gold_speakers": gold_total,
        "predicted": predicted,
        "according_to_unscored": unscored,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / max(p + r, 1e-9), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--all", action="store_true", help="Gold = every SPEECH_COGNITIVE event.")
    parser.add_argument("--split", choices=["tune", "heldout", "all"], default="all")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = evaluate(args.data, args.all, args.errors, args.split)
    if args.json:
        print(json.dumps(result))
        return
    scope = "all SPEECH_COGNITIVE events" if args.all else "reporting events"
    print(
        f"MEANTIME attributions in the annotated window ({scope}; {args.split}: "
        f"{result['articles']} articles): {result['gold_speakers']} with a speaker"
    )
    print(
        f"  predictions: {result['predicted']}"
        f" (+{result['according_to_unscored']} 'according to', not scorable)"
    )
    print(
        f"  speaker precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}"
    )


if __name__ == "__main__":
    main()
