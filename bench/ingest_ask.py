"""Throughput, latency and memory of ``briefing`` on a real corpus (FA-KES Syria, 804 articles).

Why: ingest speed, ``ask`` latency and CLI start-up decide whether the tool feels usable on a
laptop; these numbers catch regressions that retrieval-quality benchmarks do not. It measures:

1. ingest through :class:`briefing.service.facade.Service` into a fresh index: articles/s, sentences/s,
   chunks, embedded wordpieces/s (title-prefixed chunk texts, special tokens excluded), index size
   on disk and a time split (read + parse / chunk / embed / Chroma write / BM25 build / rest:
   sentence segmentation and dedup look-ups).
   Model load and Chroma open are timed separately and excluded from the throughput;
2. the embedder alone on every 3rd of the same texts (twice, mean), so ingest can be read as a %
   of the embedder's own wordpiece throughput (the ceiling while embedding dominates);
3. warm ``Service.ask`` latency (p50 / p95 / mean) over analyst questions, after 3 warm-ups;
4. cold start of the real CLI (``briefing ask ... --index DIR`` and ``briefing --help``, 5 runs
   each, median wall time; the OS file cache is warm) and its peak RSS;
5. peak RSS of this process after ingest and after the asks (``ru_maxrss``, KiB on Linux).

Usage: ``python bench/ingest_ask.py [--data PATH] [--questions N] [--keep DIR] [--json]``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "fakes_syria" / "articles.jsonl"
LOAD = os.getloadavg()[0]
WARMUP = ["What happened in Syria?", "Who is fighting in Aleppo?", "Where did the air strikes hit?"]
# Analyst questions about the Syrian war, several to a line (each ends with "?").
QUESTIONS = re.split(
    r"(?<=\?)\s+",
    """
How many civilians were killed in air strikes on Aleppo? How many people died in the sarin attack?
What did the Syrian Observatory for Human Rights report about casualties in Idlib?
Who carried out the chemical attack in Khan Sheikhoun? What did Russia say about the poison gas attack?
Which rebel groups control Idlib province? When did the ceasefire in Aleppo collapse?
How many fighters did ISIS lose in Raqqa? Did Turkey send troops into northern Syria?
What role did the Syrian Democratic Forces play in the battle for Raqqa? Who bombed the hospital in Aleppo?
What happened in Deir ez-Zor after the siege was broken? How many children were killed in eastern Ghouta?
What did the United Nations say about humanitarian aid convoys? How many refugees fled to Turkey?
Which towns did government forces recapture near Damascus? What weapons did the US supply to Kurdish fighters?
Why did the United States strike the Shayrat air base? What did the OPCW conclude about chlorine use?
How many soldiers were killed in the Palmyra offensive? Who controls the Menbij area?
What did Bashar al-Assad say about the peace talks in Geneva? Where did the car bomb explode in Homs?
How many people were killed by barrel bombs in Daraa? What did the White Helmets report after the air raid?
How many Russian air strikes hit Idlib? What was agreed at the Astana talks? Where did jets strike a school?
Who was blamed for the attack on the aid convoy? How many civilians were evacuated from eastern Aleppo?
What did Human Rights Watch say about cluster munitions? Which Islamic State commanders were killed?
How many people died in the suicide bombing in Jableh and Tartus? What did Iran say about its role in Syria?
Did Hezbollah fighters take part in the battle for Qusayr? How many people were killed in Douma?
What did the Pentagon say about the coalition air strike that killed civilians?
Who shot down the Russian warplane near the Turkish border? How many bodies were found in mass graves?
What happened to the water supply of Damascus? Which areas did the Free Syrian Army capture in Hama?
How many people have been killed since the start of the Syrian war?
What did the Kurdish YPG say about Turkish shelling of Afrin? What did SOHR say about the death toll in Raqqa?
How many Syrian troops were killed in the ambush near Deir ez-Zor?
Who negotiated the truce in the besieged town of Madaya?
What did Amnesty International report about Saydnaya prison?
How many civilians were killed in the market bombing in Idlib?
What did the UN Security Council vote on chemical weapons?
How many people were wounded in the shelling of Damascus?
""".strip(),
)


def timed(fn: Any, times: dict[str, float], key: str) -> Any:
    """Wrap ``fn`` so each call adds its wall time to ``times[key]``."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            times[key] = times.get(key, 0.0) + time.perf_counter() - start

    return wrapper


def du_bytes(path: Path) -> int:
    return sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file())


# Cold CLI runs are spawned by this small helper, started before anything heavy is loaded: on Linux
# a child's ru_maxrss includes the RSS of the process it was forked from, so children forked from
# the benchmark itself (~1 GB by then) would report its size, not their own.
RUNNER = """
import json, os, statistics, subprocess, sys, tempfile, time
for line in sys.stdin:
    cmd, cwd, runs = json.loads(line)
    walls, rss, codes, tail = [], [], set(), ""
    for _ in range(runs):
        with tempfile.TemporaryFile() as out:
            start = time.perf_counter()
            _, status, usage = os.wait4(subprocess.Popen(cmd, stdout=out, stderr=out, cwd=cwd).pid, 0)
            walls.append((time.perf_counter() - start) * 1000)
            rss.append(usage.ru_maxrss)
            codes.add(os.waitstatus_to_exitcode(status))
            out.seek(0)
            tail = out.read().decode(errors="replace")[-300:]
    res = {"median_ms": statistics.median(walls), "peak_rss_kb": max(rss), "exit": sorted(codes)}
    print(json.dumps(res | ({} if codes == {0} else {"tail": tail})), flush=True)
"""


def cold(runner: subprocess.Popen[str], cmd: list[str], runs: int = 5) -> dict[str, Any]:
    """Median wall time (ms), peak RSS (KiB) and exit codes of ``runs`` fresh processes."""
    assert runner.stdin and runner.stdout
    runner.stdin.write(json.dumps([cmd, str(ROOT), runs]) + "\n")
    runner.stdin.flush()
    return json.loads(runner.stdout.readline())


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def run(data: Path, n_questions: int, index_dir: Path, runner: subprocess.Popen[str]) -> dict[str, Any]:
    from briefing.core.settings import load_settings
    from briefing.inputs import sources
    from briefing.service.facade import Service

    service = Service(load_settings().with_overrides(**{"storage.path": str(index_dir)}))
    t0 = time.perf_counter()
    embedder = service.embedder
    embedder.embed(["warm up the ONNX session"])
    t1 = time.perf_counter()
    index = service.index
    t2 = time.perf_counter()
    split: dict[str, float] = {}
    texts: list[str] = []
    embed = embedder.embed

    def capture(batch: list[str]) -> Any:
        texts.extend(batch)
        return embed(batch)

    embed_spans = embedder.embed_spans  # ingest's call: the chunks' vectors and their sentences'

    def capture_spans(batch: list[str], spans: Any, *rest: Any) -> Any:
        texts.extend(batch)
        return embed_spans(batch, spans, *rest)

    read, records = sources.read_input_with_problems, []

    def reading(*args: Any) -> Any:
        docs, problems = read(*args)
        records.append(len(docs))
        return docs, problems

    # Time the stages by wrapping the collaborators' methods on these instances (removed afterwards).
    embedder.embed = timed(capture, split, "embed")  # type: ignore[method-assign]
    embedder.embed_spans = timed(capture_spans, split, "embed")  # type: ignore[method-assign]
    index.make_chunks = timed(index.make_chunks, split, "chunk")  # type: ignore[method-assign]
    index.write_articles = timed(index.write_articles, split, "chroma_write")  # type: ignore[method-assign]
    service.lexical = timed(service.lexical, split, "bm25_build")  # type: ignore[method-assign]
    sources.read_input_with_problems = timed(reading, split, "read_parse")
    start = time.perf_counter()
    report = service.ingest([str(data)])
    ingest_s = time.perf_counter() - start
    if not report.added:  # a wrapper above out of step with the code it times fails every article
        raise SystemExit(f"nothing was ingested: {report.failed[:1]}")
    del embedder.embed, embedder.embed_spans, index.make_chunks, index.write_articles, service.lexical
    sources.read_input_with_problems = read
    split["rest"] = ingest_s - sum(split.values())
    rss_ingest = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wordpieces = sum(embedder.count_tokens(t) for t in texts)
    articles = sum(records)  # records read; identical texts are stored once

    for question in WARMUP:
        service.ask(question)
    latencies, abstained, errors = [], 0, []
    for i in range(n_questions):
        question = QUESTIONS[i % len(QUESTIONS)]
        start = time.perf_counter()
        try:
            abstained += service.ask(question).abstained
        except Exception as exc:
            errors.append(f"{question!r}: {type(exc).__name__}: {exc}")
        latencies.append((time.perf_counter() - start) * 1000)
    rss_ask = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    # Every 3rd text (all lengths represented), embedded twice: a 300-text sample (8 s) varied by
    # +-3% between runs, which is as much as the margin this ratio is judged by.
    sample = texts[::3]
    sample_wordpieces = sum(embedder.count_tokens(t) for t in sample)
    alone_runs = []
    for _ in range(2):
        start = time.perf_counter()
        embed(sample)
        alone_runs.append(sample_wordpieces / (time.perf_counter() - start))
    alone_wps = statistics.fmean(alone_runs)

    cli = shutil.which("briefing", path=str(Path(sys.executable).parent)) or "briefing"
    ask_cmd = [cli, "ask", "How many civilians were killed in Aleppo?", "--index", str(index_dir)]
    # fmt: off
    return {
        "data": str(data), "loadavg_1m_before": LOAD,
        "setup_s": {"model_load": t1 - t0, "chroma_open": t2 - t1},
        "ingest": {
            "seconds": ingest_s, "articles": articles, "stored": len(report.added),
            "failed": len(report.failed), "sentences": report.sentences, "chunks": report.chunks,
            "embedded_texts": len(texts), "wordpieces": wordpieces,
            "articles_per_s": articles / ingest_s, "sentences_per_s": report.sentences / ingest_s,
            "wordpieces_per_s": wordpieces / ingest_s, "split_s": split, "index_bytes": du_bytes(index_dir),
        },
        "embedder": {
            "in_ingest_wordpieces_per_s": wordpieces / split["embed"], "sample_texts": len(sample),
            "alone_wordpieces_per_s": alone_wps, "alone_runs_wordpieces_per_s": alone_runs,
            "ingest_pct_of_alone": 100 * wordpieces / ingest_s / alone_wps,
        },
        "ask_warm_ms": {
            "n": len(latencies), "p50": pct(latencies, 50), "p95": pct(latencies, 95),
            "mean": statistics.fmean(latencies), "max": max(latencies),
            "abstained": abstained, "errors": errors,
        },
        "peak_rss_kb": {"after_ingest": rss_ingest, "after_ask": rss_ask},
        "cli_cold": {"ask": cold(runner, ask_cmd), "help": cold(runner, [cli, "--help"])},
    }
    # fmt: on


def show(r: dict[str, Any]) -> None:
    i, e, a, s, rss = (r[k] for k in ("ingest", "embedder", "ask_warm_ms", "setup_s", "peak_rss_kb"))
    split = "  ".join(f"{k} {v:.1f}s ({100 * v / i['seconds']:.0f}%)" for k, v in i["split_s"].items())
    lines = [
        f"data       {r['data']}  (1-min load average before: {r['loadavg_1m_before']:.2f})",
        f"setup      model load {s['model_load']:.2f}s, Chroma open {s['chroma_open']:.2f}s (not in ingest)",
        f"ingest     {i['articles']} records ({i['stored']} articles stored, {i['failed']} failed) in "
        f"{i['seconds']:.1f}s: {i['articles_per_s']:.2f} articles/s, {i['sentences_per_s']:.0f} sentences/s",
        f"           {i['sentences']} sentences, {i['chunks']} chunks ({i['embedded_texts']} embedded), "
        f"{i['wordpieces']} wordpieces: {i['wordpieces_per_s']:.0f} wordpieces/s",
        f"  split    {split}",
        f"  on disk  {i['index_bytes'] / 2**20:.1f} MiB (du)",
        f"embedder   {e['in_ingest_wordpieces_per_s']:.0f} wordpieces/s inside ingest, "
        f"{e['alone_wordpieces_per_s']:.0f} alone ({e['sample_texts']} of the same texts, mean of "
        f"{' and '.join(f'{r:.0f}' for r in e['alone_runs_wordpieces_per_s'])}): "
        f"ingest runs at {e['ingest_pct_of_alone']:.0f}% of the embedder alone",
        f"ask warm   n={a['n']}  p50 {a['p50']:.0f} ms  p95 {a['p95']:.0f} ms  mean {a['mean']:.0f} ms  "
        f"max {a['max']:.0f} ms  abstained {a['abstained']}  errors {len(a['errors'])}",
        *(f"  error    {err}" for err in a["errors"][:5]),
        f"peak RSS   this process {rss['after_ingest'] / 1024:.0f} MiB after ingest, "
        f"{rss['after_ask'] / 1024:.0f} MiB after the asks",
    ]
    for name, c in r["cli_cold"].items():
        lines.append(
            f"cli cold   briefing {name:<4}  median {c['median_ms']:.0f} ms of 5, "
            f"peak RSS {c['peak_rss_kb'] / 1024:.0f} MiB, exit {c['exit']}"
        )
        lines += [f"  output   {c['tail']!r}"] if "tail" in c else []
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="input to ingest (default: FA-KES Syria)")
    parser.add_argument("--questions", type=int, default=50, help="timed warm questions (default 50)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build the index in DIR (new) and keep it")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep} is not empty; a re-ingest would measure nothing")
    runner = subprocess.Popen(
        [sys.executable, "-c", RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    with runner, tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        index_dir = (args.keep or Path(tmp) / "index").resolve()
        result = run(args.data.resolve(), max(args.questions, 1), index_dir, runner)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        show(result)


if __name__ == "__main__":
    main()
