"""Recall and latency of Chroma's dense search against the exact nearest chunks, per ef_search.

Why: a dense query asks Chroma for ``retrieval.candidates`` (100) chunks; with Chroma's default
ef_search of 100 its HNSW graph returns only part of the true 100 nearest. This measures how much,
and what a wider search costs, on a copy of an index (the copy's configuration is changed).

    python bench/hnsw_recall.py --index /tmp/briefing-scale/size-4000 --ef 100 400 1000 3000

Each ef runs in a fresh process (Chroma reads ef_search when it loads the segment); the exact
neighbours come from all chunk vectors read once and compared by numpy.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _service(index: Path):  # type: ignore[no-untyped-def]
    from briefing.core.settings import load_settings
    from briefing.service.facade import Service

    return Service(load_settings().with_overrides(**{"storage.path": str(index), "retrieval.search_ef": 10}))


def _set_ef(index: Path, ef: int) -> None:
    from briefing.store.chroma_import import open_client

    client = open_client(_service(index).settings)
    for collection in client.list_collections():
        collection.modify(configuration={"hnsw": {"ef_search": ef}})


def _measure(index: Path, questions: list[str], n: int) -> dict[str, float]:
    """In this process: exact top-n by numpy, then Chroma's answer per question."""
    import numpy as np

    from briefing.core.models import Filters

    service = _service(index)
    vectors = service.embedder.embed(questions)
    got = service.index.chunks.get(include=["embeddings"])
    matrix = np.asarray(got["embeddings"], dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    sims = matrix @ (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).T
    exact = [{got["ids"][i] for i in np.argsort(-sims[:, j])[:n]} for j in range(len(questions))]
    service.index.dense_search(vectors[0], n, Filters())  # loads the segment
    times, recall = [], []
    for j in range(len(questions)):
        start = time.perf_counter()
        hits = service.index.dense_search(vectors[j], n, Filters())
        times.append(time.perf_counter() - start)
        recall.append(len({cid for cid, _ in hits} & exact[j]) / n)
    return {
        "chunks": float(matrix.shape[0]),
        "p50_ms": statistics.median(times) * 1000,
        "recall_mean": statistics.fmean(recall),
        "recall_min": min(recall),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="index to copy (left unchanged)")
    parser.add_argument("--ef", type=int, nargs="+", default=[100, 400, 1000, 3000])
    parser.add_argument("--questions", type=int, default=60, help="dev_qa questions asked")
    parser.add_argument("--n", type=int, default=100, help="hits per query (retrieval.candidates)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    rows = [json.loads(line) for line in (HERE / "data" / "dev_qa.jsonl").open(encoding="utf-8")]
    questions = [r["question"] for r in rows[: args.questions]]
    if args.child:
        print(json.dumps(_measure(Path(args.child), questions, args.n)))
        return 0
    with tempfile.TemporaryDirectory(prefix="hnsw-recall-") as tmp:
        copy = Path(tmp) / "index"
        shutil.copytree(args.index, copy)
        for ef in args.ef:
            _set_ef(copy, ef)
            command = [sys.executable, __file__, "--index", str(args.index), "--child", str(copy)]
            command += ["--questions", str(args.questions), "--n", str(args.n)]
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            row = json.loads(out.strip().splitlines()[-1])
            print(
                f"ef_search {ef:>5}: {int(row['chunks'])} chunks, query p50 {row['p50_ms']:.1f} ms, "
                f"recall@{args.n} mean {row['recall_mean']:.3f} min {row['recall_min']:.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
