"""Cold start of the real CLI: N fresh `python -m briefing ask ...` processes, wall time and peak RSS.

    python bench/cold_start.py --index /tmp/cold-idx                       # this tree, 7 runs
    python bench/cold_start.py --index /tmp/cold-idx --against /tmp/base   # A/B, runs alternate
    python bench/cold_start.py --index DIR --runs 9 --json

Each run is a fresh interpreter started in the tree's root with ``PYTHONPATH`` set to it, so
``python -m briefing`` imports that tree's package (the same venv, hence the same libraries, for
both sides). With ``--against`` the runs alternate A, B, B, A, ... so load on the shared machine
hits both alike; the 1-minute load average is printed before and after. The answers must stay
identical: each run's ``--json`` output is compared across runs and sides, and a
difference is reported. Bytecode: an installed package ships compiled ``.pyc`` files, a checkout
run with ``PYTHONDONTWRITEBYTECODE=1`` (as on the team's machine) recompiles every module of
briefing at each start (~0.25 s); the runs use a bytecode cache under ``/tmp/cold-start-pycache``
(``PYTHONPYCACHEPREFIX``, nothing written into the trees), filled by one untimed run per side.

Peak RSS is ``ru_maxrss`` of the waited process: on Linux it is the largest resident set of the
process and its reaped descendants (the forked spaCy worker included), not their sum. CPU is
user + sys of the whole tree, then split into the CLI process's own and its reaped children's
(the parse worker): under load, wall time says little, and the larger of the two CPU figures is
what a quiet 2-core machine could not go below. The OS file cache is warm after the first run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "How many civilians were killed in Aleppo?"
PYCACHE = "/tmp/cold-start-pycache"


def run_once(tree: Path, argv: list[str]) -> dict:
    """One fresh process of the CLI from ``tree``: wall seconds, peak RSS (MiB), CPU, stdout.

    Spawned and reaped with ``wait4`` so the rusage is that process tree's alone."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached as an installed package has it
    env["PYTHONPYCACHEPREFIX"] = PYCACHE  # ... outside the trees measured (never written into)
    env["PYTHONPATH"] = str(tree)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    start = time.perf_counter()
    pid = os.posix_spawn(
        sys.executable,
        [sys.executable, "-c", _LAUNCH, str(tree), *argv],
        env,
        file_actions=[
            (os.POSIX_SPAWN_DUP2, out_w, 1),
            (os.POSIX_SPAWN_DUP2, err_w, 2),
            (os.POSIX_SPAWN_CLOSE, out_r),
            (os.POSIX_SPAWN_CLOSE, err_r),
        ],
    )
    os.close(out_w)
    os.close(err_w)
    chunks = []
    while piece := os.read(out_r, 65536):
        chunks.append(piece)
    os.close(out_r)
    with os.fdopen(err_r, "rb") as err:
        tail = err.read().decode(errors="replace").strip().splitlines()
    split = json.loads(tail[-1][4:]) if tail and tail[-1].startswith("cpu ") else [float("nan")] * 2
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return {
        "wall": wall,
        "rss_mib": usage.ru_maxrss / 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
        "exit": os.waitstatus_to_exitcode(status),
        "cpu_main": split[0],
        "cpu_worker": split[1],
        "out": b"".join(chunks).decode(errors="replace"),
    }


# The child: chdir into the tree, then run `python -m briefing` there (runpy, as -m does). On the
# way out — atexit, or os._exit (a one-shot ask skips the interpreter's teardown) — it writes its
# own CPU and its reaped children's (the parse worker) to stderr.
_LAUNCH = """
import os, sys, runpy, atexit, json
os.chdir(sys.argv[1])
sys.path.insert(0, sys.argv[1])
def report():
    t = os.times()
    sys.stderr.write("\\ncpu " + json.dumps([t.user + t.system, t.children_user + t.children_system]) + "\\n")
    sys.stderr.flush()
atexit.register(report)
real_exit = os._exit
def exiting(code):
    report()
    real_exit(code)
os._exit = exiting
sys.argv = ["briefing", *sys.argv[2:]]
runpy.run_module("briefing", run_name="__main__", alter_sys=True)
"""


def summary(runs: list[dict]) -> dict:
    walls = [r["wall"] for r in runs]
    return {
        "n": len(runs),
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3),
        "max_s": round(max(walls), 3),
        "cpu_median_s": round(statistics.median(r["cpu"] for r in runs), 3),
        "cpu_main_median_s": round(statistics.median(r["cpu_main"] for r in runs), 3),
        "cpu_worker_median_s": round(statistics.median(r["cpu_worker"] for r in runs), 3),
        "peak_rss_mib": round(max(r["rss_mib"] for r in runs), 1),
        "exits": sorted({r["exit"] for r in runs}),
    }


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--index", required=True, help="an existing index (it is only read)")
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per side")
    parser.add_argument("--tree", type=Path, default=ROOT, help="side B: the tree measured [this one]")
    parser.add_argument("--against", type=Path, help="side A: another checkout, run alternately")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    argv = ["ask", args.question, "--index", args.index, "--json"]
    sides = {"B": args.tree.resolve()}
    if args.against:
        sides = {"A": args.against.resolve(), **sides}
    load_before = os.getloadavg()[0]
    runs: dict[str, list[dict]] = {name: [] for name in sides}
    names = list(sides)
    for name in names:  # not timed: writes the bytecode cache, warms the OS file cache
        run_once(sides[name], argv)
    for i in range(args.runs):
        order = names if i % 2 == 0 else names[::-1]  # A B, B A, A B...
        for name in order:
            runs[name].append(run_once(sides[name], argv))
    load_after = os.getloadavg()[0]
    report = {
        "question": args.question,
        "index": args.index,
        "load_1min": [round(load_before, 2), round(load_after, 2)],
        "sides": {name: {"tree": str(sides[name]), **summary(runs[name])} for name in sides},
    }
    answers = {name: {_answer_key(r["out"]) for r in runs[name]} for name in sides}
    report["same_answer"] = len(set().union(*answers.values())) == 1
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"cold `briefing ask {args.question!r} --index {args.index} --json`, load {report['load_1min']}")
    for name, side in report["sides"].items():
        print(
            f"  {name} {side['tree']}: median {side['median_s']:.2f} s (min {side['min_s']:.2f}, "
            f"max {side['max_s']:.2f}) of {side['n']}, CPU {side['cpu_median_s']:.2f} s "
            f"(CLI process {side['cpu_main_median_s']:.2f}, parse worker {side['cpu_worker_median_s']:.2f}), "
            f"peak RSS {side['peak_rss_mib']:.0f} MiB, exit {side['exits']}"
        )
    print("  answers identical across runs and sides" if report["same_answer"] else "  ANSWERS DIFFER")


def _answer_key(out: str) -> str:
    """The JSON answer without what legitimately varies between runs (nothing today)."""
    try:
        return json.dumps(json.loads(out), sort_keys=True)
    except ValueError:
        return out


if __name__ == "__main__":
    main()
