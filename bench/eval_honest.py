"""Answer or abstain: score ``ask`` on the frozen honest set, dev_qa and the README's example.

Sets (``--set``):

* ``honest``: ``bench/data/honest_qa.jsonl`` against the three corpora minus its removed answer
  articles; reports, per half (``--half dev|heldout|all``), the abstention rate on unanswerable
  and answer-removed questions, the answered rate on answerable ones and the share whose
  answer is inside a cited sentence;
* ``honest2``: ``bench/data/honest_qa2.jsonl`` (written after ``honest`` saturated) against the
  full three corpora, per half, with the abstention rate per ``trap`` too; not part of ``all``,
  so that ``all`` keeps its meaning for the before/after comparisons in bench/README.md;
* ``honest3``: ``bench/data/honest_qa3.jsonl`` (the README's Wikinews example, where issue 12's
  kept-aside check asks) against the 98 articles of ``examples/eval_articles.jsonl`` only (the
  ``examples`` index), per half and per ``trap``; not part of ``all`` either;
* ``devqa``: ``bench/data/dev_qa.jsonl`` against the full three corpora (all answerable);
* ``examples``: ``examples/eval_qa.jsonl`` against ``examples/eval_articles.jsonl``;
* ``quiz``: ``bench/data/quiz_qa.jsonl`` (issue 16's news quiz, all answerable) against the
  distractor-rich index ``bench/eval_retrieval.py --data bench/data/quiz_qa.jsonl --index DIR``
  builds (pass it as ``--quiz-index DIR``), asked without question dates as the kept-aside check
  asks; its ``test`` half is the held-out one (``--half heldout``). The stand-in for issue 12's
  "the correct answer was inside a cited sentence for 43.7 %". Not part of ``all``.

Run with ``PYTHONHASHSEED=0``: ties between equally scored sentences are broken in set order, and
a few answers change between runs otherwise.

Rates carry a binomial standard error, sqrt(p(1-p)/n). Indexes are built once under ``--work``
and reused. ``--show`` lists the misses (unanswerable answered, answerable abstained, answerable
answered without the answer in a cited sentence).

    python bench/eval_honest.py --set honest --half dev --show
    python bench/eval_honest.py --set honest2 --half dev --show
    python bench/eval_honest.py --set honest3 --half dev --show
    python bench/eval_honest.py --set all --json
    PYTHONHASHSEED=0 python bench/eval_honest.py --set quiz --quiz-index /tmp/quiz --half all
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = Path("/work/shared/data")
CORPORA = [
    "fakes_syria/articles.jsonl",
    "meantime_en/articles.jsonl",
    "wikinews_2004/wikinews_articles.jsonl",
]

# The later frozen sets, each scored per half and per trap: (file, index dir under --work, its files).
FROZEN_SETS: dict[str, tuple[str, str, list[Path]]] = {
    "honest2": ("honest_qa2.jsonl", "full", [DATA / rel for rel in CORPORA]),
    "honest3": ("honest_qa3.jsonl", "examples", [ROOT / "examples" / "eval_articles.jsonl"]),
}


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _service(index_dir: Path, files: list[Path]) -> Any:
    from briefing.core.settings import load_settings
    from briefing.service.facade import Service

    settings = load_settings().with_overrides(**{"storage.path": str(index_dir), "llm.engine": "extractive"})
    service = Service(settings)
    if not service.exists:
        print(f"ingesting {len(files)} file(s) into {index_dir} ...", file=sys.stderr)
        service.ingest([str(p) for p in files])
    service.ask("warm-up question")
    return service


def _filtered(work: Path, drop: set[str]) -> list[Path]:
    """The three corpora as JSONL files without the articles in ``drop``."""
    out = []
    for rel in CORPORA:
        target = work / ("reduced-" + rel.replace("/", "-"))
        if not target.exists():
            rows = [r for r in _rows(DATA / rel) if r["id"] not in drop]
            target.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        out.append(target)
    return out


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def ask_all(service: Any, rows: list[dict[str, Any]], as_of: bool = False) -> list[dict[str, Any]]:
    """Each row with what ``ask`` did: abstained, answer inside a cited sentence, ms. ``as_of``:
    each question asked as of its row's ``as_of`` day, as ``--as-of`` would."""
    from briefing.core.models import Filters

    out = []
    for row in rows:
        start = time.perf_counter()
        day = dt.date.fromisoformat(row["as_of"]) if as_of and row.get("as_of") else None
        answer = service.ask(row["question"], filters=Filters(as_of=day))
        ms = (time.perf_counter() - start) * 1000
        cited = [sid for part in answer.answer for sid in part.citations]
        texts = [answer.sources[sid].text for sid in cited if sid in answer.sources]
        found = bool(row.get("answer")) and any(_norm(row["answer"]) in _norm(t) for t in texts)
        out.append(
            {
                **row,
                "abstained": answer.abstained,
                "found": found,
                "ms": ms,
                "said": texts[0][:160] if texts else "",
                "said_id": next((sid for sid in cited if sid in answer.sources), ""),
            }
        )
    return out


def _rate(k: int, n: int) -> dict[str, float]:
    p = k / n if n else 0.0
    return {"n": n, "k": k, "rate": round(p, 3), "se": round(math.sqrt(p * (1 - p) / n), 3) if n else 0.0}


def summarise(done: list[dict[str, Any]]) -> dict[str, Any]:
    unans = [r for r in done if r.get("answerable") is False]
    ans = [r for r in done if r.get("answerable", True)]
    out: dict[str, Any] = {
        "unanswerable_abstained": _rate(sum(r["abstained"] for r in unans), len(unans)),
        "answerable_answered": _rate(sum(not r["abstained"] for r in ans), len(ans)),
        "answer_in_cited_sentence": _rate(sum(r["found"] for r in ans), len(ans)),
        "ask_ms_p50": round(statistics.median(r["ms"] for r in done), 1) if done else 0.0,
    }
    for kind in ("unanswerable", "removed"):
        part = [r for r in unans if r.get("kind") == kind]
        if part:
            out[f"{kind}_abstained"] = _rate(sum(r["abstained"] for r in part), len(part))
    return out


def by_trap(done: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Abstention rate per trap of the unanswerable questions: which kind of overlap still fools ask."""
    traps = sorted({r["trap"] for r in done if r.get("answerable") is False and r.get("trap")})
    out = {}
    for trap in traps:
        part = [r for r in done if r.get("answerable") is False and r.get("trap") == trap]
        out[f"trap {trap}"] = _rate(sum(r["abstained"] for r in part), len(part))
    return out


def _show(done: list[dict[str, Any]]) -> None:
    for r in done:
        if r.get("answerable") is False and not r["abstained"]:
            print(f"  ANSWERED {r['qid']}: {r['question']}\n      -> {r['said_id']}: {r['said']}")
        elif r.get("answerable", True) and r["abstained"]:
            print(f"  ABSTAINED {r['qid']}: {r['question']} [{r.get('answer')}]")
        elif r.get("answerable", True) and r.get("answer") and not r["found"]:
            print(f"  MISSED {r['qid']}: {r['question']} [{r.get('answer')}]")
            print(f"      -> {r['said_id']}: {r['said']}")


def _print(name: str, summary: dict[str, Any]) -> None:
    print(f"{name}:")
    for key, value in summary.items():
        if isinstance(value, dict):
            print(f"  {key:<26} {value['k']:>3}/{value['n']:<3} = {value['rate']:.3f} ± {value['se']:.3f}")
        else:
            print(f"  {key:<26} {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sets = ["honest", *FROZEN_SETS, "devqa", "examples", "quiz", "all"]
    parser.add_argument("--set", choices=sets, default="honest")
    parser.add_argument("--half", choices=["dev", "heldout", "all"], default="dev")
    parser.add_argument("--work", type=Path, default=Path("/tmp/honest-bench"))
    parser.add_argument("--quiz-index", type=Path, help="the index eval_retrieval.py built for quiz_qa.jsonl")
    parser.add_argument("--as-of", action="store_true", help="quiz: ask each question as of its day")
    parser.add_argument("--show", action="store_true", help="list the misses")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    details: dict[str, list[dict[str, Any]]] = {}
    if args.set in ("honest", "all"):
        rows = _rows(HERE / "data" / "honest_qa.jsonl")
        drop = {a for r in rows for a in r.get("removed_article_ids", [])}
        service = _service(args.work / "reduced", _filtered(args.work, drop))
        for half in ["dev", "heldout"] if args.half == "all" else [args.half]:
            done = ask_all(service, [r for r in rows if r["half"] == half])
            results[f"honest/{half}"], details[f"honest/{half}"] = summarise(done), done
    if args.set in FROZEN_SETS:
        data, index, files = FROZEN_SETS[args.set]
        rows = _rows(HERE / "data" / data)
        service = _service(args.work / index, files)
        for half in ["dev", "heldout"] if args.half == "all" else [args.half]:
            done = ask_all(service, [r for r in rows if r["half"] == half])
            results[f"{args.set}/{half}"] = {**summarise(done), **by_trap(done)}
            details[f"{args.set}/{half}"] = done
    if args.set in ("devqa", "all"):
        service = _service(args.work / "full", [DATA / rel for rel in CORPORA])  # or: reduced + removed ones
        done = ask_all(service, _rows(HERE / "data" / "dev_qa.jsonl"))
        results["dev_qa"], details["dev_qa"] = summarise(done), done
    if args.set in ("examples", "all"):
        service = _service(args.work / "examples", [ROOT / "examples" / "eval_articles.jsonl"])
        done = ask_all(service, _rows(ROOT / "examples" / "eval_qa.jsonl"))
        results["examples"], details["examples"] = summarise(done), done
    if args.set == "quiz":
        if args.quiz_index is None or not args.quiz_index.is_dir():
            parser.error("--set quiz needs --quiz-index DIR (eval_retrieval.py builds it)")
        service = _service(args.quiz_index, [])
        rows = _rows(HERE / "data" / "quiz_qa.jsonl")
        for half in ["dev", "heldout"] if args.half == "all" else [args.half]:
            part = [r for r in rows if r["half"] == ("test" if half == "heldout" else half)]
            done = ask_all(service, part, as_of=args.as_of)
            results[f"quiz/{half}"], details[f"quiz/{half}"] = summarise(done), done
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, summary in results.items():
            _print(name, summary)
            if args.show:
                _show(details[name])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
