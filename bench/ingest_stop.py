"""How long a stop takes to end an ingest (the TUI's Stop / Esc), and that nothing is half-written.

Why: a stop that waits for the batch in flight (128 articles embedding) kept the TUI's ingest
running for seconds after the user asked it to end. This ingests N real articles (FA-KES Syria)
into a fresh index, cancels the run's token at each of the given seconds after the start (one
fresh index per stop time), and prints the time from the cancel to ``Service.ingest`` returning,
the articles kept, then checks the index: ``doctor`` (its store, BM25 and sentence checks ok), the
BM25 cache current, and a second ingest of the same input completing it to exactly N articles.
``--cli`` instead sends Ctrl-C (SIGINT) to a real ``briefing ingest`` at each time and reports
how long it takes to exit, then runs ``briefing doctor`` and completes the ingest.

Usage: ``python bench/ingest_stop.py [--articles N] [--at S [S ...]] [--work DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import threading
import time
from pathlib import Path

from briefing.core.cancel import CancelToken
from briefing.core.settings import Settings
from briefing.service.facade import Service

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "fakes_syria" / "articles.jsonl"


def one_stop(records: Path, work: Path, at: float, total: int) -> dict[str, object]:
    index = work / f"index-{at:g}"
    shutil.rmtree(index, ignore_errors=True)
    service = Service(Settings().with_overrides(**{"storage.path": str(index)}))
    service.embedder.embed(["warm up"])  # the model load is not part of the stop
    token, cancelled_at = CancelToken(), [0.0]

    def stop() -> None:
        cancelled_at[0] = time.perf_counter()
        token.cancel()

    timer = threading.Timer(at, stop)
    start = time.perf_counter()
    timer.start()
    report = service.ingest([str(records)], cancel=token)
    ended = time.perf_counter()
    timer.cancel()
    kept = len(service.list_articles())
    # an index stopped before its first article reads "fail: 0 articles — ingest articles first"
    checks = {c.name: c.status if c.status != "fail" else c.summary for c in service.doctor()}
    current = service.lexical().revision == service.index.revision
    again = service.ingest([str(records)])
    return {
        "stop_at_s": at,
        "stopped": report.stopped,
        "stop_latency_s": round(ended - cancelled_at[0], 2) if report.stopped else None,
        "ingest_s": round(ended - start, 2),
        "kept": kept,
        "doctor": checks,
        "bm25_current": current,
        "completed_to": len(service.list_articles()),
        "complete": len(service.list_articles()) == total and again.ok,
    }


def cli_stop(records: Path, work: Path, at: float, total: int) -> dict[str, object]:
    """Ctrl-C in a terminal: SIGINT to a real ``briefing ingest`` ``at`` seconds in."""
    import signal
    import subprocess

    index = work / f"cli-index-{at:g}"
    shutil.rmtree(index, ignore_errors=True)
    script = str(Path(sys.executable).parent / "briefing")
    command = [script, "ingest", str(records), "--index", str(index)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(at)
    sent = time.perf_counter()
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=600)
    exited = time.perf_counter() - sent
    doctor = subprocess.run([*command[:1], "doctor", "--index", str(index)], capture_output=True, text=True)
    again = subprocess.run([*command, "--json"], capture_output=True, text=True)
    report = json.loads(again.stdout) if again.returncode == 0 else {}
    stored = len(report.get("added", [])) + len(report.get("unchanged", []))
    return {
        "sigint_at_s": at,
        "exit_s": round(exited, 2),
        "said": err.strip().splitlines()[-1:] if err.strip() else [],
        "doctor": [line for line in doctor.stdout.splitlines() if line.startswith(("✓", "✗"))],
        "completed_to": stored,
        "complete": stored == total,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--at", type=float, nargs="+", default=[4.0, 9.0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-ingest-stop"))
    parser.add_argument("--cli", action="store_true", help="Ctrl-C a real `briefing ingest` instead")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    records = args.work / f"articles-{args.articles}.jsonl"
    lines = DATA.read_text(encoding="utf-8").splitlines()[: args.articles]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps({"articles": len(lines), "load": round(os.getloadavg()[0], 2)}))
    for at in args.at:
        run = cli_stop if args.cli else one_stop
        print(json.dumps(run(records, args.work, at, len(lines)), ensure_ascii=False))


if __name__ == "__main__":
    main()
