"""Evaluate article retrieval on bench/data/dev_qa.jsonl.

Ingests the three dev corpora into a fresh temporary index (or reuses ``--index DIR``), asks
every question through :class:`briefing.service.facade.Service` and scores the ranked
``Answer.retrieved`` articles: Hits@1, Hits@5, Hits@10 and MRR@10, overall and per corpus, plus
the median latency of ``Service.ask``.

``--baselines`` scores three reference systems on the same articles and questions:

* ``bm25``: BM25 over whole articles (title + text) with bm25s, the PyStemmer English stemmer and
  English stop words;
* ``llamaindex``: LlamaIndex's default pipeline, ``SentenceSplitter(chunk_size=1024,
  chunk_overlap=200)`` into an in-memory ``VectorStoreIndex``, embedded with the project's
  embedder, top 50 nodes retrieved and articles ranked by their best node;
* ``rrf``: reciprocal-rank fusion (k=60) of the two article rankings above.

Articles whose text is identical under different ids (a few in FA-KES) are stored once by the
service, under the first id; every system's output and the gold ids are mapped to that first id
before scoring, so no system gains or loses from the aliasing.

Examples::

    python bench/eval_retrieval.py                      # fresh temporary index, all corpora
    python bench/eval_retrieval.py --index /tmp/devidx  # build once, reuse on later runs
    python bench/eval_retrieval.py --corpus meantime_en --baselines --json
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

DEFAULT_DATA = HERE / "data" / "dev_qa.jsonl"
DEFAULT_CORPORA = Path(os.environ.get("BRIEFING_BENCH_DATA", "/work/shared/data"))
CORPUS_FILES = {
    "fakes_syria": "fakes_syria/articles.jsonl",
    "meantime_en": "meantime_en/articles.jsonl",
    "wikinews_2004": "wikinews_2004/wikinews_articles.jsonl",
}
K = 10
RRF_K = 60
BM25_DEPTH = 100
LLAMA_TOP_NODES = 50

Ranker = Callable[[str], list[str]]


# ----------------------------------------------------------------------------- data


@dataclass
class Corpus:
    """The articles of the selected corpora, as the service will store them."""

    texts: dict[str, str] = field(default_factory=dict)  # canonical id -> last text seen
    titles: dict[str, str] = field(default_factory=dict)
    corpus_of: dict[str, str] = field(default_factory=dict)
    alias: dict[str, str] = field(default_factory=dict)  # any id -> canonical id
    files: list[Path] = field(default_factory=list)

    def canonical(self, article_id: str) -> str:
        if article_id not in self.alias and "~" in article_id:
            # the service keeps a changed text under a repeated record id as "<id>~<hash>"
            base = article_id.split("~", 1)[0]
            if base in self.alias:
                return self.alias[base]
        return self.alias.get(article_id, article_id)


def load_corpora(root: Path, names: list[str], extra: list[Path] | None = None) -> Corpus:
    """Read the JSONL files; ids with identical (normalised) text collapse onto the first one.

    ``extra`` files (the news set's distractors) name each record's corpus in a ``corpus`` field.
    """
    from briefing.core.models import text_hash

    corpus = Corpus()
    first_by_hash: dict[str, str] = {}
    sources = [(root / CORPUS_FILES[name], name) for name in names] + [(p, None) for p in extra or []]
    for path, name in sources:
        if not path.is_file():
            raise SystemExit(f"corpus file not found: {path}")
        corpus.files.append(path)
        with path.open(encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                record = json.loads(line)
                article_id = str(record["id"])
                text = (record.get("text") or "").replace("\r\n", "\n").strip()
                if not text:
                    continue  # the service refuses empty texts too
                canonical = first_by_hash.setdefault(text_hash(text), article_id)
                corpus.alias[article_id] = canonical
                corpus.texts[canonical] = text
                corpus.titles[canonical] = (record.get("title") or "").strip()
                corpus.corpus_of[canonical] = name or str(record.get("corpus", "extra"))
    return corpus


def load_questions(
    path: Path, names: list[str], limit: int | None, half: str = "all"
) -> list[dict[str, Any]]:
    """The questions of the selected corpora (and half: ``dev`` / ``test`` of the news set)."""
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    rows = [r for r in rows if r["corpus"] in names and half in ("all", r.get("half", "all"))]
    return rows[:limit] if limit else rows


# ----------------------------------------------------------------------------- metrics


def first_hit(ranked: list[str], gold: set[str], k: int = K) -> int | None:
    """1-based rank of the first gold article among the top k, or None."""
    for rank, article_id in enumerate(ranked[:k], start=1):
        if article_id in gold:
            return rank
    return None


def summarise(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks)
    if not n:
        return {"n": 0, "hits@1": 0.0, "hits@5": 0.0, "hits@10": 0.0, "mrr@10": 0.0}
    return {
        "n": n,
        "hits@1": sum(1 for r in ranks if r is not None and r <= 1) / n,
        "hits@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "hits@10": sum(1 for r in ranks if r is not None and r <= 10) / n,
        "mrr@10": sum(1.0 / r for r in ranks if r is not None) / n,
        **standard_errors(ranks),
    }


def standard_errors(ranks: list[int | None]) -> dict[str, float]:
    """Standard error of each metric's mean over the questions (sample standard deviation / sqrt n)."""
    n = len(ranks)
    out = {}
    for name, value in (
        ("hits@1", lambda r: float(r is not None and r <= 1)),
        ("hits@5", lambda r: float(r is not None and r <= 5)),
        ("hits@10", lambda r: float(r is not None and r <= 10)),
        ("mrr@10", lambda r: 1.0 / r if r is not None else 0.0),
    ):
        values = [value(r) for r in ranks]
        mean = sum(values) / n
        variance = sum((v - mean) ** 2 for v in values) / max(1, n - 1)
        out[f"se_{name}"] = (variance / n) ** 0.5
    return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def dedupe(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def evaluate(
    name: str, ranker: Ranker, questions: list[dict[str, Any]], corpus: Corpus, log: Callable[[str], None]
) -> dict[str, Any]:
    """Run one system over all questions; scores overall, per corpus and per wording."""
    per_question = []
    latencies = []
    for i, row in enumerate(questions, start=1):
        start = time.perf_counter()
        ranked = ranker(row["question"])
        latencies.append((time.perf_counter() - start) * 1000)
        ranked = dedupe(corpus.canonical(a) for a in ranked)[:K]
        gold = {corpus.canonical(a) for a in row["gold_article_ids"]}
        per_question.append(
            {
                "qid": row.get("qid"),
                "corpus": row["corpus"],
                "wording": row.get("wording"),
                "half": row.get("half"),
                "rank": first_hit(ranked, gold),
                "top3": ranked[:3],
                "top10": ranked,
            }
        )
        if i % 25 == 0:
            log(f"  {name}: {i}/{len(questions)} questions")
    groups: dict[str, dict[str, list[int | None]]] = {
        "per_corpus": defaultdict(list),
        "per_wording": defaultdict(list),
        "per_half": defaultdict(list),
    }
    for q in per_question:
        groups["per_corpus"][q["corpus"]].append(q["rank"])
        if q["wording"]:
            groups["per_wording"][q["wording"]].append(q["rank"])
        if q["half"]:
            groups["per_half"][q["half"]].append(q["rank"])
    return {
        "overall": summarise([q["rank"] for q in per_question]),
        "per_corpus": {c: summarise(r) for c, r in sorted(groups["per_corpus"].items())},
        "per_wording": {w: summarise(r) for w, r in sorted(groups["per_wording"].items())},
        "per_half": {h: summarise(r) for h, r in sorted(groups["per_half"].items())},
        "latency_ms": {
            "p50": round(percentile(latencies, 0.5), 2),
            "p90": round(percentile(latencies, 0.9), 2),
        },
        "questions": per_question,
    }


# ----------------------------------------------------------------------------- the service


def index_has(service: Any, corpus: Corpus) -> bool:
    """True when every article of the selected corpora is already in the index."""
    try:
        present = {info.id for info in service.list_articles()}
    except Exception:  # an empty or new directory
        return False
    return set(corpus.texts) <= present


def service_ranker(
    index_dir: Path,
    corpus: Corpus,
    log: Callable[[str], None],
    overrides: dict[str, Any] | None = None,
    as_of: dict[str, str | None] | None = None,
) -> tuple[Ranker, dict[str, Any]]:
    """A Service on index_dir (ingesting the corpora if needed) and its ranking function.

    ``as_of``: question -> ISO day asked as of (``--as-of``: nothing later, time words from it).
    """
    from briefing.core.models import Filters
    from briefing.core.settings import load_settings
    from briefing.service.facade import Service

    settings = load_settings().with_overrides(**{"storage.path": str(index_dir), **(overrides or {})})
    service = Service(settings)
    info: dict[str, Any] = {"index": str(index_dir)}
    if index_has(service, corpus):
        log(f"index {index_dir} already holds the {len(corpus.texts)} articles; skipping ingest")
        info["ingest"] = "skipped"
    else:
        log(f"ingesting {len(corpus.files)} corpus file(s) into {index_dir} ...")
        start = time.perf_counter()
        report = service.ingest([str(p) for p in corpus.files])
        seconds = time.perf_counter() - start
        info["ingest"] = {
            "seconds": round(seconds, 1),
            "added": len(report.added),
            "replaced": len(report.replaced),
            "unchanged": len(report.unchanged),
            "failed": [f"{f.origin}: {f.reason}" for f in report.failed],
            "sentences": report.sentences,
            "chunks": report.chunks,
        }
        log(
            f"ingested in {seconds:.1f} s: {len(report.added)} added, {len(report.replaced)} replaced, "
            f"{len(report.unchanged)} unchanged, {len(report.failed)} failed, {report.chunks} chunks"
        )
    service.ask("warm-up question", k=K)  # load the model and the BM25 cache outside the timings

    def rank(question: str) -> list[str]:
        day = (as_of or {}).get(question)
        filters = Filters(as_of=dt.date.fromisoformat(day)) if day else None
        return [r.article_id for r in service.ask(question, k=K, filters=filters).retrieved]

    return rank, info


# ----------------------------------------------------------------------------- baselines


def bm25_ranker(corpus: Corpus) -> Ranker:
    """BM25 over whole articles (title + text), PyStemmer English stemmer, English stop words."""
    import bm25s
    import Stemmer

    ids = list(corpus.texts)
    stemmer = Stemmer.Stemmer("english")
    docs = [f"{corpus.titles[a]}\n{corpus.texts[a]}" for a in ids]
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize(docs, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False
    )
    depth = min(BM25_DEPTH, len(ids))

    def rank(question: str) -> list[str]:
        tokens = bm25s.tokenize([question], stopwords="en", stemmer=stemmer, show_progress=False)
        if not tokens.vocab:  # only stop words
            return []
        results, scores = retriever.retrieve(tokens, k=depth, show_progress=False)
        return [ids[i] for i, s in zip(results[0], scores[0], strict=True) if s > 0]

    return rank


def llama_embedding(embedder: Any) -> Any:
    """The project's embedder as a LlamaIndex ``BaseEmbedding``."""
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from pydantic import PrivateAttr

    class BriefingEmbedding(BaseEmbedding):
        _embedder: Any = PrivateAttr()

        def __init__(self, inner: Any, **kwargs: Any) -> None:
            super().__init__(model_name=getattr(inner, "name", "briefing"), embed_batch_size=64, **kwargs)
            self._embedder = inner

        @classmethod
        def class_name(cls) -> str:
            return "BriefingEmbedding"

        def _get_query_embedding(self, query: str) -> list[float]:
            embed_query = getattr(self._embedder, "embed_query", None)
            vector = embed_query(query) if embed_query else self._embedder.embed([query])[0]
            return [float(x) for x in vector]

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._get_text_embeddings([text])[0]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed(list(texts)).tolist()

    return BriefingEmbedding(embedder)


def llamaindex_ranker(corpus: Corpus, log: Callable[[str], None]) -> Ranker:
    """LlamaIndex defaults: SentenceSplitter(1024, 200) + in-memory VectorStoreIndex, top 50 nodes."""
    from llama_index.core import Document, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter

    from briefing.core.settings import load_settings
    from briefing.store.embedder import load_embedder

    embed_model = llama_embedding(load_embedder(load_settings().embedder))
    documents = [
        Document(
            text=f"{corpus.titles[a]}\n\n{corpus.texts[a]}",
            id_=a,
            metadata={"article_id": a},
            excluded_embed_metadata_keys=["article_id"],
            excluded_llm_metadata_keys=["article_id"],
        )
        for a in corpus.texts
    ]
    splitter = SentenceSplitter(chunk_size=1024, chunk_overlap=200)
    start = time.perf_counter()
    nodes = splitter.get_nodes_from_documents(documents)
    index = VectorStoreIndex(nodes, embed_model=embed_model)
    seconds = time.perf_counter() - start
    log(f"llamaindex: {len(nodes)} nodes from {len(documents)} articles in {seconds:.1f} s")
    retriever = index.as_retriever(similarity_top_k=LLAMA_TOP_NODES)

    def rank(question: str) -> list[str]:
        best: dict[str, float] = {}
        for hit in retriever.retrieve(question):
            article_id = hit.node.metadata["article_id"]
            score = hit.score if hit.score is not None else 0.0
            best[article_id] = max(best.get(article_id, float("-inf")), score)
        return sorted(best, key=best.__getitem__, reverse=True)

    return rank


def rrf_ranker(*rankers: Ranker, k: int = RRF_K) -> Ranker:
    """Reciprocal-rank fusion of article rankings."""

    def rank(question: str) -> list[str]:
        scores: dict[str, float] = defaultdict(float)
        for ranker in rankers:
            for position, article_id in enumerate(ranker(question), start=1):
                scores[article_id] += 1.0 / (k + position)
        return sorted(scores, key=scores.__getitem__, reverse=True)

    return rank


def cached(ranker: Ranker) -> Ranker:
    """Remember rankings so the fusion does not re-time its inputs (its latency is then the fusion's own)."""
    memo: dict[str, list[str]] = {}

    def rank(question: str) -> list[str]:
        if question not in memo:
            memo[question] = ranker(question)
        return memo[question]

    return rank


# ----------------------------------------------------------------------------- output


def table(results: dict[str, dict[str, Any]], corpora: list[str]) -> str:
    header = (
        f"{'system':<12} {'corpus':<14} {'n':>4} {'Hits@1':>7} {'Hits@5':>7} "
        f"{'Hits@10':>8} {'MRR@10':>7} {'p50 ms':>8}"
    )
    lines = [header, "-" * len(header)]
    for name, result in results.items():
        rows = [("all", result["overall"])] + [
            (c, result["per_corpus"][c]) for c in corpora if c in result["per_corpus"]
        ]
        rows += [(f"[{w}]", s) for w, s in result["per_wording"].items()]
        rows += [(f"half={h}", s) for h, s in result.get("per_half", {}).items()]
        for label, s in rows:
            latency = f"{result['latency_ms']['p50']:8.1f}" if label == "all" else ""
            lines.append(
                f"{name:<12} {label:<14} {s['n']:>4} {s['hits@1']:>7.3f} {s['hits@5']:>7.3f} "
                f"{s['hits@10']:>8.3f} {s['mrr@10']:>7.3f} {latency:>8}"
            )
            if label == "all" or label.startswith("half="):
                lines.append(
                    f"{'':<12} {'  ± s.e.':<14} {'':>4} {s['se_hits@1']:>7.3f} {s['se_hits@5']:>7.3f} "
                    f"{s['se_hits@10']:>8.3f} {s['se_mrr@10']:>7.3f}"
                )
        lines.append("")
    return "\n".join(lines).rstrip()


def news_distractors(data: Path, root: Path, names: list[str], log: Callable[[str], None]) -> list[Path]:
    """The news or quiz set's distractor articles as a JSONL file to ingest (none for the older sets)."""
    from bench.news_corpus import distractors, read_articles, write_jsonl

    with data.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    if not any("half" in r for r in rows):
        return []
    articles = read_articles(root)
    for row in rows:
        row["source_article"] = row["gold_article_ids"][0]
    if str(rows[0].get("qid", "")).startswith("quiz-"):
        # the quiz set: its other-year twins on top of the news set's distractors (one archive, both sets)
        from bench.make_quiz_qa import twins

        news = [json.loads(line) for line in (HERE / "data" / "news_qa.jsonl").open(encoding="utf-8")]
        for row in news:
            row["source_article"] = row["gold_article_ids"][0]
        derived = distractors(news, articles) + twins(rows, articles)
    else:
        derived = distractors(rows, articles)
    records = [r for r in derived if r["corpus"] in names]
    path = Path(tempfile.gettempdir()) / f"briefing-news-distractors-{os.getpid()}.jsonl"
    write_jsonl(records, path)
    log(f"{len(records)} distractor articles derived from the news set -> {path}")
    return [path]


@contextlib.contextmanager
def index_directory(path: Path | None) -> Iterator[Path]:
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="briefing-eval-") as tmp:
        yield Path(tmp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Evaluate briefing's article retrieval on the dev question set."
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="questions (JSONL)")
    parser.add_argument(
        "--corpora", type=Path, default=DEFAULT_CORPORA, help="directory holding the corpus folders"
    )
    parser.add_argument(
        "--index", type=Path, help="reuse this index directory (ingest only if articles are missing)"
    )
    parser.add_argument(
        "--corpus", action="append", choices=sorted(CORPUS_FILES), help="restrict to this corpus (repeatable)"
    )
    parser.add_argument(
        "--baselines", action="store_true", help="also score bm25, llamaindex and their RRF fusion"
    )
    parser.add_argument(
        "--no-service", action="store_true", help="skip the briefing service (baselines only)"
    )
    parser.add_argument("--limit", type=int, help="only the first N questions (quick runs)")
    parser.add_argument(
        "--half", choices=("all", "dev", "test"), default="all", help="news set: the dev or held-out half"
    )
    parser.add_argument(
        "--ablate", action="store_true", help="also score the service with each retrieval lever turned off"
    )
    parser.add_argument(
        "--variants", help="with --ablate: comma-separated variants (bench/ablation.py LEVERS, TRIALS)"
    )
    parser.add_argument(
        "--as-of", action="store_true", help="ask each question as of its article's day (its as_of field)"
    )
    parser.add_argument("--json", action="store_true", help="print a machine-readable result on stdout")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    names = args.corpus or list(CORPUS_FILES)
    questions = load_questions(args.data, names, args.limit, args.half)
    extra = news_distractors(args.data, args.corpora, names, log)
    corpus = load_corpora(args.corpora, names, extra)
    if not questions:
        log("no questions for the selected corpora")
        return 2
    unknown = sorted(
        {a for q in questions for a in q["gold_article_ids"] if corpus.canonical(a) not in corpus.texts}
    )
    if unknown:
        log(f"gold ids missing from the corpora: {unknown[:5]} ...")
        return 2
    log(f"{len(questions)} questions, {len(corpus.texts)} distinct articles in {', '.join(names)}")

    results: dict[str, dict[str, Any]] = {}
    meta: dict[str, Any] = {
        "corpora": names,
        "questions": len(questions),
        "articles": len(corpus.texts),
        "k": K,
    }
    if not args.no_service:
        as_of = {q["question"]: q.get("as_of") for q in questions} if args.as_of else None
        with index_directory(args.index) as index_dir:
            ranker, meta["service"] = service_ranker(index_dir, corpus, log, as_of=as_of)
            results["briefing"] = evaluate("briefing", ranker, questions, corpus, log)
            if args.ablate:
                from bench.ablation import ablate, variants

                meta["ablation"] = ablate(
                    lambda overrides: service_ranker(index_dir, corpus, log, overrides, as_of)[0],
                    lambda name, ranker: evaluate(name, ranker, questions, corpus, log),
                    results["briefing"],
                    variants(args.variants),
                )
    if args.baselines:
        bm25 = cached(bm25_ranker(corpus))
        results["bm25"] = evaluate("bm25", bm25, questions, corpus, log)
        llama = cached(llamaindex_ranker(corpus, log))
        results["llamaindex"] = evaluate("llamaindex", llama, questions, corpus, log)
        results["rrf"] = evaluate("rrf", rrf_ranker(bm25, llama), questions, corpus, log)
    if not results:
        log("nothing to evaluate (--no-service without --baselines)")
        return 2

    if args.json:
        print(json.dumps({"meta": meta, "results": results}, indent=2))
    else:
        print(table(results, names))
        if "ablation" in meta:
            from bench.ablation import ablation_table

            print("\n" + ablation_table(meta["ablation"]))
        misses = [q["qid"] for q in results.get("briefing", {}).get("questions", []) if q["rank"] is None]
        if misses:
            print(f"\nbriefing misses (not in top {K}): {', '.join(str(m) for m in misses)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
