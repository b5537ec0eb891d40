"""Interleaved A/B of ``retrieve()`` latency: the shipped retrieval settings against others.

Both configurations run in one process on the same index, question by question in turn, so
the machine's load hits both alike; the paired difference per question is what to quote.

    python bench/ab_retrieve.py --index /tmp/briefing-scale/size-4000
    python bench/ab_retrieve.py --index DIR --off retrieval.article_dense_weight=0
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

QUESTION_FILES = ("dev_qa.jsonl", "dev_qa_hard.jsonl")
BEFORE = ("retrieval.number_forms=false",)  # before session 4


def _value(raw: str) -> object:
    lowered = raw.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    return float(raw)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="index (e.g. scale.py's size-4000)")
    parser.add_argument("--off", action="append", help="KEY=VALUE of the other configuration")
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args(argv)
    from briefing.core.models import Filters
    from briefing.core.settings import load_settings
    from briefing.qa.retrieval import retrieve
    from briefing.service.facade import Service

    questions = [
        json.loads(line)["question"]
        for name in QUESTION_FILES
        for line in (HERE / "data" / name).read_text(encoding="utf-8").splitlines()
    ][: args.questions]
    base = load_settings().with_overrides(**{"storage.path": str(args.index)})
    other = dict(pair.split("=", 1) for pair in (args.off or BEFORE))
    changed = base.with_overrides(**{k: _value(v) for k, v in other.items()})
    services = {"shipped": Service(base), "other": Service(changed)}
    for service in services.values():
        for question in questions[:3]:  # model, Chroma and BM25 loaded outside the timings
            retrieve(service, question, args.k, Filters())
    times: dict[str, list[float]] = {name: [] for name in services}
    for question in questions:
        for name, service in services.items():
            start = time.perf_counter()
            retrieve(service, question, args.k, Filters())
            times[name].append((time.perf_counter() - start) * 1000)
    print(f"other = {other}; {len(questions)} questions, interleaved")
    for name, values in times.items():
        print(f"{name:8} p50 {statistics.median(values):7.1f} ms   mean {statistics.mean(values):7.1f} ms")
    diffs = [a - b for a, b in zip(times["shipped"], times["other"], strict=True)]
    median, mean = statistics.median(diffs), statistics.mean(diffs)
    print(f"paired difference (shipped - other): median {median:+.1f} ms, mean {mean:+.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
