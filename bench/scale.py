"""``ask`` latency, cold start, BM25 cache build and peak memory at 1k, 10k and 100k articles.

Why: the dev corpora hold 1,006 articles; a news archive grows to 100k. This shows how query cost
and memory grow with the index, without spending hours embedding text: the 1,006 real articles
of fakes_syria + meantime_en + wikinews_2004 are ingested once (``Service.ingest``, or reuse
``--from-index DIR``), and larger indexes are made by copying those articles under new ids
(``<id>.c<round>``) with their real chunk vectors plus small gaussian noise (renormalised),
written through ``ChromaIndex.write_articles`` so the store looks exactly as ingest leaves it
and the BM25 cache is built by the product code (``Service.lexical``).

Caveats of the copies: each text occurs ``size / 1006`` times, so BM25 posting lists grow like a
real corpus's but the vocabulary does not, and the head of a ranking holds near-identical
copies. Dense search sees ~100 near neighbours per original at 100k (default noise: cosine ~0.97
to the original).

Per size, one fresh process per step (so each peak RSS is its own, read from ``VmHWM``):

1. grow: add copies until the index holds the size (Chroma writes timed);
2. build: open the index and build its BM25 cache from nothing;
3. ask: cold open (imports, embedder, Chroma, BM25 load), the first ask, then ``Service.ask`` over
   ~50 questions of ``bench/data/dev_qa*.jsonl`` after 3 other warm-up questions: p50 / p95, and
   where the time goes (each retrieval stage wrapped on the live objects; ``answer`` includes its
   own embeds); then ``retrieve`` alone on the same questions (the index and query cost). The
   index's kept vectors (``<index>/vectors``, :mod:`briefing.store.vector_cache`) are removed
   first, so these are first-time questions; then the same step again in a new process, with
   the vectors the first one kept (``ask_again``: a question about text asked about before);
4. sync: add 100 more copies and bring the BM25 cache up to date, as every ingest ends (a new
   segment for what was added; the time a small daily ingest pays at that size).

Usage::

    python bench/scale.py                                  # 1k, 10k, 100k under /tmp/briefing-scale
    python bench/scale.py --sizes 1000,10000 --work DIR --from-index /tmp/devidx --json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = Path(os.environ.get("BRIEFING_BENCH_DATA", "/work/shared/data"))
CORPORA = [
    "fakes_syria/articles.jsonl",
    "meantime_en/articles.jsonl",
    "wikinews_2004/wikinews_articles.jsonl",
]
QA_FILES = [HERE / "data" / "dev_qa.jsonl", HERE / "data" / "dev_qa_hard.jsonl"]
BATCH = 100  # articles per write_articles call
SYNC_ADD = 100  # articles added to each size-N snapshot after its asks, to time an incremental BM25 sync
WARMUP = ["What happened in Syria?", "Who is fighting in Aleppo?", "What did the company announce?"]


def log(message: str) -> None:
    print(
        f"[{time.strftime('%H:%M:%S')} load {os.getloadavg()[0]:.2f}] {message}", file=sys.stderr, flush=True
    )


def service_for(index_dir: Path) -> Any:
    from briefing.core.settings import load_settings
    from briefing.service.facade import Service

    return Service(load_settings().with_overrides(**{"storage.path": str(index_dir)}))


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM): unlike ru_maxrss it does not inherit the forking parent's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def du_mb(path: Path) -> float:
    return sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file()) / 2**20


def questions(n: int) -> list[str]:
    """About n questions spread evenly over both dev files (all three corpora)."""
    rows = [json.loads(line)["question"] for f in QA_FILES for line in f.read_text().splitlines() if line]
    step = max(1, len(rows) // n)
    return rows[::step][:n]


# ----------------------------------------------------------------------------- child: grow


def base_sentences(base: Path, articles: list[tuple[str, str, dict[str, Any]]]) -> dict[str, Any]:
    """Each base article's kept sentence vectors (:mod:`briefing.store.sentence_vectors`) as one
    matrix, zero rows where none was kept; an article with none kept is left out."""
    import numpy as np

    from briefing.store.records import article_record

    index = service_for(base).index
    records = [article_record(aid, meta, text) for aid, text, meta in articles]
    kept = index.sentence_vectors(records)
    matrices = {}
    for article in records:
        rows = [kept.get(s.id) for s in article.sentences]
        if any(row is not None for row in rows):
            zero = np.zeros(index.embedder.dim, dtype=np.float32)
            matrices[article.id] = np.stack([zero if row is None else row for row in rows])
    return matrices


def base_rows(base: Path) -> tuple[list[tuple[str, str, dict[str, Any]]], dict[str, list[Any]]]:
    """The base index's articles (id, text, metadata) and their chunks (text, metadata, vector)."""
    import numpy as np

    index = service_for(base).index
    got = index.articles.get(include=["metadatas", "documents"])
    articles = list(zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True))
    chunks: dict[str, list[Any]] = {aid: [] for aid, _, _ in articles}
    texts = {aid: text for aid, text, _ in articles}
    got = index.chunks.get(include=["metadatas", "documents", "embeddings"])
    for doc, meta, vector in zip(
        got["documents"] or [None] * len(got["ids"]), got["metadatas"] or [], got["embeddings"], strict=True
    ):
        aid = str(meta["article_id"])
        if aid in chunks:
            if doc is None:  # stored as a span of the article's text
                doc = texts[aid][int(str(meta["c_start"])) : int(str(meta["c_end"]))]
            start = int(str(meta.get("c_start", max(texts[aid].find(doc), 0))))
            chunks[aid].append((doc, {**meta, "c_start": start}, np.asarray(vector, dtype=np.float32)))
    for rows in chunks.values():
        rows.sort(key=lambda row: (int(row[1]["s_from"]), int(row[1]["s_to"])))
    return articles, chunks


def grow(index_dir: Path, base: Path, target: int, sigma: float) -> dict[str, Any]:
    """Add noisy copies of the base articles until the index at index_dir holds ``target``."""
    import numpy as np

    from briefing.core.models import Chunk
    from briefing.store.records import article_record

    articles, chunks = base_rows(base)
    sentences = base_sentences(base, articles)
    index = service_for(index_dir).index
    count, n_base = index.count(), len(articles)
    start, written, chunk_count = time.perf_counter(), 0, 0
    batch: list[Any] = []
    kept: list[Any] = []  # the copies' sentence vectors: the base's, noisy like the chunks'

    while count + written < target:
        position = count + written
        copy, (aid, text, meta) = position // n_base, articles[position % n_base]
        new = f"{aid}.c{copy}"
        article = article_record(new, meta, text).model_copy(update={"origins": [f"scale-copy:{copy}"]})
        rng = np.random.default_rng([copy, position % n_base])
        parts, vectors = [], []
        for i, (doc, cmeta, vector) in enumerate(chunks[aid]):
            s_from, s_to = int(cmeta["s_from"]), int(cmeta["s_to"])
            ids = [f"{new}:{n}" for n in range(s_from, s_to + 1)]
            c_start = int(cmeta["c_start"])
            parts.append(Chunk(id=f"{ids[0]}#{i}", article_id=new, text=doc, sentence_ids=ids, start=c_start))
            noisy = vector + rng.normal(0.0, sigma, vector.shape).astype(np.float32)
            vectors.append(noisy / np.linalg.norm(noisy))
        batch.append((article, parts, np.asarray(vectors, dtype=np.float32).reshape(len(parts), -1)))
        kept.append(noisy_rows(sentences[aid], sigma, rng) if aid in sentences else None)
        written += 1
        chunk_count += len(parts)
        if len(batch) >= BATCH or count + written >= target:
            index.write_articles(batch, kept)
            batch, kept = [], []
            if written % 5000 < BATCH:
                rate = written / (time.perf_counter() - start)
                log(f"grow: {count + written}/{target} articles ({rate:.0f} articles/s)")
    if written:
        index.bump_revision()
    seconds = time.perf_counter() - start
    return {
        "articles": index.count(),
        "chunks": index.chunks.count(),
        "added": written,
        "added_chunks": chunk_count,
        "seconds": round(seconds, 1),
        "articles_per_s": round(written / seconds, 1) if written else None,
        "disk_mb": round(du_mb(index_dir), 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def noisy_rows(matrix: Any, sigma: float, rng: Any) -> Any:
    """Renormalised rows plus gaussian noise; zero rows (no vector kept) stay zero."""
    import numpy as np

    noise = rng.normal(0.0, sigma, matrix.shape).astype(np.float32)
    noisy = matrix + noise * matrix.any(axis=1, keepdims=True)
    norms = np.linalg.norm(noisy, axis=1, keepdims=True)
    return np.divide(noisy, norms, out=np.zeros_like(noisy), where=norms > 0)


# ----------------------------------------------------------------------------- child: build, ask


def build(index_dir: Path) -> dict[str, Any]:
    """Bring the BM25 cache up to date as the end of an ingest does (the store's revision changed):
    a full build on a fresh copy, an incremental sync where a cache exists."""
    service = service_for(index_dir)
    service.index.bump_revision()
    start = time.perf_counter()
    lexical = service.lexical()
    seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 1),
        "chunk_rows": lexical.chunk_count,
        "article_rows": lexical.article_count,
        "segments": len(lexical.segments),
        "bm25_disk_mb": round(du_mb(index_dir / "bm25"), 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def ask(index_dir: Path, n_questions: int) -> dict[str, Any]:
    """Cold open, first ask, then warm asks with a per-stage time split."""
    t0 = time.perf_counter()
    from briefing.core.models import Filters
    from briefing.qa import answering, retrieval
    from briefing.service.facade import Service  # noqa: F401  (import time counted)

    t_import = time.perf_counter()
    service = service_for(index_dir)
    service.embedder.embed(["warm up"])
    index = service.index
    t_open = time.perf_counter()
    revision = index.revision
    lexical = service.lexical()
    t_bm25 = time.perf_counter()
    if lexical.revision != revision:
        raise SystemExit("the BM25 cache was stale: run the build step first")
    qs = questions(n_questions)
    service.ask(WARMUP[0])
    t_first = time.perf_counter()
    for q in WARMUP[1:]:
        service.ask(q)
    split: dict[str, float] = {}

    def timed(fn: Any, key: str) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                split[key] = split.get(key, 0.0) + time.perf_counter() - start

        return wrapper

    embed, answer, passage = service.embedder.embed, answering.answer, retrieval._by_best_passage
    service.embedder.embed = timed(embed, "embed (query + answer)")  # type: ignore[method-assign]
    index.dense_search = timed(index.dense_search, "dense (chroma query)")  # type: ignore[method-assign]
    index.article_infos = timed(index.article_infos, "article infos (chroma get)")  # type: ignore[method-assign]
    index.get_articles = timed(index.get_articles, "articles (chroma get)")  # type: ignore[method-assign]
    lexical.search_chunks = timed(lexical.search_chunks, "bm25 chunks")  # type: ignore[method-assign]
    lexical.search_articles = timed(lexical.search_articles, "bm25 articles")  # type: ignore[method-assign]
    retrieval._by_best_passage = timed(passage, "best passage")
    answering.answer = timed(answer, "answer (extractive)")
    latencies, cpu, abstained = [], [], 0
    for q in qs:
        start, start_cpu = time.perf_counter(), time.process_time()
        abstained += service.ask(q).abstained
        latencies.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)  # all threads: the work, whatever the load
    retrieval._by_best_passage, answering.answer = passage, answer
    del service.embedder.embed
    retrieve_ms = []  # retrieval alone (query embedding included): the index and query cost
    for q in qs:
        start = time.perf_counter()
        retrieval.retrieve(service, q, service.settings.retrieval.k, Filters())
        retrieve_ms.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "articles": index.count(),
        "chunks": lexical.chunk_count,
        "cold_s": {
            "imports": round(t_import - t0, 2),
            "open (embedder + chroma)": round(t_open - t_import, 2),
            "bm25 load": round(t_bm25 - t_open, 2),
            "first ask": round(t_first - t_bm25, 2),
            "total": round(t_first - t0, 2),
        },
        "ask_ms": {
            "n": len(latencies),
            "p50": round(statistics.median(latencies), 1),
            "p95": round(cuts[94], 1),
            "mean": round(statistics.fmean(latencies), 1),
            "max": round(max(latencies), 1),
            "abstained": abstained,
            "cpu_p50": round(statistics.median(cpu), 1),
        },
        "retrieve_ms": {
            "p50": round(statistics.median(retrieve_ms), 1),
            "p95": round(statistics.quantiles(retrieve_ms, n=100, method="inclusive")[94], 1),
        },
        "split_ms_per_ask": {k: round(1000 * v / len(latencies), 1) for k, v in split.items()},
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


# ----------------------------------------------------------------------------- orchestration


def child(mode: str, *args: str) -> dict[str, Any]:
    """Run one step in a fresh interpreter and return its JSON result."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, *args]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{mode} step failed (exit {done.returncode}): {' '.join(cmd)}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def ensure_base(work: Path, from_index: Path | None) -> Path:
    if from_index:
        return from_index.resolve()
    base = work / "base"
    service = service_for(base)
    if service.exists and service.index.count() >= 1000:
        log(f"reusing the base index {base} ({service.index.count()} articles)")
        return base
    log(f"ingesting {len(CORPORA)} corpora into {base} ...")
    start = time.perf_counter()
    report = service.ingest([str(DATA / c) for c in CORPORA])
    log(f"base: {len(report.added)} articles, {report.chunks} chunks in {time.perf_counter() - start:.0f} s")
    return base


def run_sizes(args: argparse.Namespace) -> list[dict[str, Any]]:
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    grown = work / "scale"
    if not args.ask_only:  # --ask-only needs nothing but the kept size-N snapshots
        base = ensure_base(work, args.from_index)
        if args.fresh and grown.exists():
            shutil.rmtree(grown)
        if not grown.exists():
            shutil.copytree(base, grown, ignore=shutil.ignore_patterns(".write.lock", "briefs"))
    results = []
    for size in args.sizes:
        snapshot = work / f"size-{size}"  # kept, so --ask-only can re-measure on a quieter machine
        if args.ask_only and not snapshot.is_dir():
            raise SystemExit(f"--ask-only: {snapshot} does not exist; run without --ask-only first")
        result: dict[str, Any] = {"size": size, "loadavg_1m": {"start": round(os.getloadavg()[0], 2)}}
        if not args.ask_only:
            log(f"size {size}: grow")
            result["grow"] = child("grow", str(grown), str(base), str(size), str(args.sigma))
            shutil.rmtree(snapshot, ignore_errors=True)
            shutil.copytree(grown, snapshot, ignore=shutil.ignore_patterns(".write.lock", "bm25*"))
            log(f"size {size}: build BM25 cache")
            result["build"] = child("build", str(snapshot))
        result["loadavg_1m"]["before_ask"] = round(os.getloadavg()[0], 2)
        log(f"size {size}: ask")
        shutil.rmtree(snapshot / "vectors", ignore_errors=True)  # first-time questions: nothing kept
        result["ask"] = child("ask", str(snapshot), str(args.questions))
        log(f"size {size}: ask again (a new process; the vectors the first one kept)")
        result["ask_again"] = child("ask", str(snapshot), str(args.questions))
        result["loadavg_1m"]["end"] = round(os.getloadavg()[0], 2)
        result["disk_mb"] = round(du_mb(snapshot), 1)
        if not args.ask_only:  # what the BM25 cache costs a small ingest into a big index
            log(f"size {size}: add {SYNC_ADD} articles, bring the BM25 cache up to date")
            child("grow", str(snapshot), str(base), str(size + SYNC_ADD), str(args.sigma))
            result["sync"] = child("build", str(snapshot))
        log(json.dumps(result))
        results.append(result)
    return results


def show(results: list[dict[str, Any]]) -> None:
    for r in results:
        g, b, a = r.get("grow", {"added": 0}), r.get("build"), r["ask"]
        load = r["loadavg_1m"]
        print(
            f"{a['articles']:>7} articles {a['chunks']:>7} chunks  disk {r['disk_mb']:.0f} MiB  "
            f"(load {load['start']:.2f} / {load['before_ask']:.2f} / {load['end']:.2f})"
        )
        if g["added"]:
            print(f"  grow     +{g['added']} articles in {g['seconds']:.0f} s ({g['articles_per_s']} /s)")
        if b:
            print(
                f"  bm25     build {b['seconds']:.1f} s, {b['bm25_disk_mb']:.0f} MiB, "
                f"peak RSS {b['peak_rss_mb']:.0f} MB"
            )
        if sync := r.get("sync"):
            print(
                f"  bm25     +{SYNC_ADD} articles: sync {sync['seconds']:.1f} s "
                f"({sync['segments']} segments), peak RSS {sync['peak_rss_mb']:.0f} MB"
            )
        cold = ", ".join(f"{k} {v:.2f}" for k, v in a["cold_s"].items())
        print(f"  cold s   {cold}")
        m = a["ask_ms"]
        print(
            f"  ask ms   p50 {m['p50']:.0f}  p95 {m['p95']:.0f}  mean {m['mean']:.0f}  max {m['max']:.0f}  "
            f"(n={m['n']}, abstained {m['abstained']})  CPU p50 {m.get('cpu_p50', 0):.0f}  "
            f"peak RSS {a['peak_rss_mb']:.0f} MB"
        )
        if again := r.get("ask_again"):
            m = again["ask_ms"]
            kept = "the same questions in a new process, vectors kept"
            print(f"  again ms p50 {m['p50']:.0f}  p95 {m['p95']:.0f}  CPU p50 {m['cpu_p50']:.0f} ({kept})")
        r50, r95 = a["retrieve_ms"]["p50"], a["retrieve_ms"]["p95"]
        print(f"  retrieve p50 {r50:.0f}  p95 {r95:.0f} ms (retrieval alone, query embedding included)")
        print("  split    " + ", ".join(f"{k} {v:.1f}" for k, v in a["split_ms_per_ask"].items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="1000,10000,100000", help="article counts (default 1k,10k,100k)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-scale"), help="working directory")
    parser.add_argument("--from-index", type=Path, help="a built index of the three corpora to start from")
    parser.add_argument("--questions", type=int, default=50, help="timed questions per size (default 50)")
    parser.add_argument("--sigma", type=float, default=0.012, help="noise per vector dimension")
    parser.add_argument("--fresh", action="store_true", help="start the grown index again from the base")
    parser.add_argument("--ask-only", action="store_true", help="re-measure ask on the kept size-N indexes")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        steps = {
            "grow": lambda: grow(Path(rest[0]), Path(rest[1]), int(rest[2]), float(rest[3])),
            "build": lambda: build(Path(rest[0])),
            "ask": lambda: ask(Path(rest[0]), int(rest[1])),
        }
        print(json.dumps(steps[mode]()))
        return 0
    args.sizes = sorted(int(s) for s in args.sizes.split(","))
    results = run_sizes(args)
    print(json.dumps(results, indent=2)) if args.json else show(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
