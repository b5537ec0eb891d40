"""Ingest briefing vs LlamaIndex's default pipeline on the same articles, same embedder, one run.

Why: "how fast does it ingest" means nothing without "how much of the text ends up searchable".
LlamaIndex's defaults, ``SentenceSplitter(chunk_size=1024, chunk_overlap=200)`` (tiktoken
tokens) + ``VectorStoreIndex`` on Chroma, make chunks of ~1,200 wordpieces that a MiniLM
embedder (256-wordpiece window) silently cuts: most of each chunk never reaches the dense index.
briefing sizes chunks in the embedder's own wordpieces, title included, so nothing is cut.

For FA-KES Syria (804 records) both pipelines run in this process with the bundled int8 MiniLM
(LlamaIndex through a ``BaseEmbedding`` wrapper, as in ``eval_retrieval.py``), each into a fresh
Chroma directory, timed from the records to a committed index (model load and client open
excluded). Reported per pipeline:

* records/s, wordpieces of article text per second, and wordpieces the model actually ran on
  per second (each embedded string cut at the model's 254 + 2 special tokens);
* **text embedded**: the share of the articles' wordpieces inside the part of a chunk the
  embedder sees (union over chunks, so overlap is not double counted), and the per-chunk share
  sum(min(n, 254)) / sum(n) over the embedded strings;
* for briefing, a check that no embedded string exceeds the limit (the embedder would cut it);
* the embedder alone on ~400 of the same embedded strings right after each ingest, and ingest
  as a % of it (the ceiling: ingest cannot embed faster than the model); and, measured in the
  same time window so a load change between the two cannot skew it, the share of the ingest
  time spent inside the embedder;
* retrieval on the 60 ``fakes_syria`` questions of ``bench/data/dev_qa_hard.jsonl`` (Hits@1/10,
  MRR@10; LlamaIndex ranks articles by their best of the top 50 nodes). ``--no-quality`` skips.

The 1-minute load average is printed with every result: on this 2-core machine other work
changes the timings; rerun when it was above 1.5.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (ROOT, HERE):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from eval_retrieval import first_hit, llama_embedding, load_corpora, summarise  # noqa: E402

DATA = Path(os.environ.get("BRIEFING_BENCH_DATA", "/work/shared/data"))
QUESTIONS = HERE / "data" / "dev_qa_hard.jsonl"
SAMPLE = 400


def load() -> float:
    return round(os.getloadavg()[0], 2)


class Capture:
    """Wraps the embedder's ``embed`` on the live instance: every text and the time spent."""

    def __init__(self, embedder: Any) -> None:
        self.embedder, self.inner = embedder, embedder.embed
        self.texts: list[str] = []
        self.seconds = 0.0
        embedder.embed = self

    def __call__(self, texts: list[str]) -> Any:
        start = time.perf_counter()
        try:
            return self.inner(texts)
        finally:
            self.seconds += time.perf_counter() - start
            self.texts.extend(texts)

    def close(self) -> None:
        del self.embedder.embed


def coverage(embedder: Any, docs: list[tuple[str, list[tuple[int, str, str]]]]) -> dict[str, Any]:
    """Share of the documents' wordpieces the model sees, given (start, chunk text, embedded text).

    The embedded text is the chunk with a metadata prefix; the model keeps its first ``limit``
    wordpieces, so a chunk contributes its first ``limit - prefix`` wordpieces of text.
    """
    from briefing.store.embedder import load_tokenizer

    tokenizer, limit = load_tokenizer(), embedder.max_tokens - 2
    text_total = text_seen = piece_total = piece_seen = longest = over = 0
    for text, chunks in docs:
        spans = [end for _, end in tokenizer.encode(text, add_special_tokens=False).offsets]
        seen = [False] * len(spans)
        for start, chunk, embedded in chunks:
            n_embedded = embedder.count_tokens(embedded)
            piece_total, piece_seen = piece_total + n_embedded, piece_seen + min(n_embedded, limit)
            longest, over = max(longest, n_embedded), over + (n_embedded > limit)
            offsets = tokenizer.encode(chunk, add_special_tokens=False).offsets
            kept = max(0, min(len(offsets), limit - (n_embedded - len(offsets))))
            end = start + (offsets[kept - 1][1] if kept else 0)
            for i, token_end in enumerate(spans):
                if start < token_end <= end:
                    seen[i] = True
        text_total, text_seen = text_total + len(spans), text_seen + sum(seen)
    return {
        "text_wordpieces": text_total,
        "text_embedded_pct": round(100 * text_seen / max(text_total, 1), 2),
        "embedded_strings": sum(len(c) for _, c in docs),
        "string_wordpieces": piece_total,
        "string_embedded_pct": round(100 * piece_seen / max(piece_total, 1), 2),
        "longest_string": longest,
        "strings_over_limit": over,
        "limit": limit,
    }


def embedder_alone(embedder: Any, texts: list[str]) -> dict[str, Any]:
    """The embedder by itself on every n-th text (~SAMPLE, all lengths), wordpieces it ran on / s."""
    sample = texts[:: max(1, len(texts) // SAMPLE)]
    limit = embedder.max_tokens - 2
    pieces = sum(min(embedder.count_tokens(t), limit) for t in sample)
    start = time.perf_counter()
    embedder.embed(sample)
    seconds = time.perf_counter() - start
    return {"texts": len(sample), "wordpieces_per_s": round(pieces / seconds), "loadavg_1m": load()}


def result_of(
    name: str, seconds: float, records: int, cap: Capture, cov: dict[str, Any], embedder: Any
) -> Any:
    limit = embedder.max_tokens - 2
    model_pieces = sum(min(embedder.count_tokens(t), limit) for t in cap.texts)
    alone = embedder_alone(embedder, cap.texts)
    return {
        "pipeline": name,
        "seconds": round(seconds, 1),
        "embed_seconds": round(cap.seconds, 1),
        "records_per_s": round(records / seconds, 2),
        "text_wordpieces_per_s": round(cov["text_wordpieces"] / seconds),
        "model_wordpieces_per_s": round(model_pieces / seconds),
        "coverage": cov,
        "embedder_alone": alone,
        "ingest_pct_of_embedder": round(100 * model_pieces / seconds / alone["wordpieces_per_s"], 1),
        # the same ratio within one time window, robust to load changing between the two runs
        "embed_share_of_ingest_pct": round(100 * cap.seconds / seconds, 1),
    }


def run_briefing(data: Path, work: Path) -> tuple[dict[str, Any], Callable[[str], list[str]]]:
    from briefing.core.settings import load_settings
    from briefing.service.facade import Service

    service = Service(load_settings().with_overrides(**{"storage.path": str(work / "briefing")}))
    embedder = service.embedder
    embedder.embed(["warm up"])
    index = service.index  # Chroma open, not timed
    loadavg = load()
    cap = Capture(embedder)
    start = time.perf_counter()
    report = service.ingest([str(data)])
    seconds = time.perf_counter() - start
    cap.close()
    docs = []
    for article in index.get_articles([info.id for info in index.iter_article_infos()]).values():
        got = index.chunks.get(where={"article_id": article.id}, include=["metadatas"])
        chunks = []
        for meta in got["metadatas"] or []:
            start_char = int(str(meta["c_start"]))
            text = article.text[start_char : int(str(meta["c_end"]))]
            embedded = f"title: {article.title}\n\n{text}" if article.title else text
            chunks.append((start_char, text, embedded))
        docs.append((article.text, chunks))
    cov = coverage(embedder, docs)
    cov["captured_over_limit"] = sum(
        embedder.count_tokens(t) > embedder.max_tokens - 2 for t in cap.texts
    )  # what the model was really given, not only what the store says
    records = len(report.added) + len(report.unchanged) + len(report.duplicates) + len(report.replaced)
    out = result_of("briefing", seconds, records, cap, cov, embedder)
    out |= {"loadavg_1m_before": loadavg, "stored_articles": len(report.added), "chunks": report.chunks}

    def rank(question: str) -> list[str]:
        return [r.article_id for r in service.ask(question, k=10, engine="extractive").retrieved]

    return out, rank


def run_llamaindex(data: Path, work: Path) -> tuple[dict[str, Any], Callable[[str], list[str]]]:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.schema import MetadataMode
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from briefing.core.settings import load_settings
    from briefing.store.embedder import load_embedder

    embedder = load_embedder(load_settings().embedder)
    embed_model = llama_embedding(embedder)
    client = chromadb.PersistentClient(
        path=str(work / "llama"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("llama"))
    loadavg = load()
    cap = Capture(embedder)
    start = time.perf_counter()
    records = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    documents = [
        Document(
            text=(r.get("text") or "").replace("\r\n", "\n").strip(),
            metadata={"title": (r.get("title") or "").strip(), "article_id": str(r["id"])},
            excluded_embed_metadata_keys=["article_id"],
            excluded_llm_metadata_keys=["article_id"],
        )
        for r in records
    ]
    index = VectorStoreIndex.from_documents(
        documents,
        storage_context=StorageContext.from_defaults(vector_store=store),
        embed_model=embed_model,
        transformations=[SentenceSplitter(chunk_size=1024, chunk_overlap=200)],
    )
    seconds = time.perf_counter() - start
    cap.close()
    by_doc: dict[str, list[tuple[int, str, str]]] = {d.doc_id: [] for d in documents}
    got = store.client.get(include=["metadatas", "documents"])
    from llama_index.vector_stores.chroma.base import metadata_dict_to_node

    for meta, text in zip(got["metadatas"] or [], got["documents"] or [], strict=True):
        node = metadata_dict_to_node(meta, text)
        chunk = node.get_content(metadata_mode=MetadataMode.NONE)
        by_doc[node.ref_doc_id or ""].append(
            (
                getattr(node, "start_char_idx", None) or 0,
                chunk,
                node.get_content(metadata_mode=MetadataMode.EMBED),
            )
        )
    docs = [(d.text, by_doc[d.doc_id]) for d in documents]
    out = result_of("llamaindex", seconds, len(records), cap, coverage(embedder, docs), embedder)
    out |= {"loadavg_1m_before": loadavg, "chunks": len(got["ids"])}
    retriever = index.as_retriever(similarity_top_k=50)

    def rank(question: str) -> list[str]:
        best: dict[str, float] = {}
        for hit in retriever.retrieve(question):
            article_id = hit.node.metadata["article_id"]
            best[article_id] = max(best.get(article_id, float("-inf")), hit.score or 0.0)
        return sorted(best, key=best.__getitem__, reverse=True)

    return out, rank


def quality(rankers: dict[str, Callable[[str], list[str]]]) -> dict[str, Any]:
    """Hits@k / MRR@10 on the fakes_syria hard dev questions, ids aliased as eval_retrieval does."""
    corpus = load_corpora(DATA, ["fakes_syria"])
    rows = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if r["corpus"] == "fakes_syria"]
    out = {}
    for name, rank in rankers.items():
        ranks = []
        for row in rows:
            ranked = list(dict.fromkeys(corpus.canonical(a) for a in rank(row["question"])))[:10]
            ranks.append(first_hit(ranked, {corpus.canonical(a) for a in row["gold_article_ids"]}))
        out[name] = summarise(ranks)
    return out


def show(results: list[dict[str, Any]], scores: dict[str, Any]) -> None:
    for r in results:
        c, a = r["coverage"], r["embedder_alone"]
        print(
            f"{r['pipeline']:<10} {r['seconds']:.0f} s (embed {r['embed_seconds']:.0f} s), "
            f"{r['chunks']} chunks  "
            f"[load before {r['loadavg_1m_before']:.2f}, after {a['loadavg_1m']:.2f}]\n"
            f"  {r['records_per_s']:.2f} records/s, {r['text_wordpieces_per_s']} text wordpieces/s, "
            f"{r['model_wordpieces_per_s']} wordpieces/s through the model\n"
            f"  text embedded {c['text_embedded_pct']:.1f}% of {c['text_wordpieces']} wordpieces; per string "
            f"{c['string_embedded_pct']:.1f}%; longest string {c['longest_string']} (limit {c['limit']}), "
            f"{c['strings_over_limit']} over the limit"
            + (
                f", {c['captured_over_limit']} over as given to the model"
                if "captured_over_limit" in c
                else ""
            )
            + f"\n  embedder alone {a['wordpieces_per_s']} wordpieces/s on {a['texts']} of the same strings: "
            f"ingest at {r['ingest_pct_of_embedder']:.0f}% of it; embedding is "
            f"{r['embed_share_of_ingest_pct']:.0f}% of the ingest time"
        )
    for name, s in scores.items():
        print(
            f"{name:<10} dev_qa_hard fakes_syria n={s['n']}: Hits@1 {s['hits@1']:.3f}  Hits@10 "
            f"{s['hits@10']:.3f}  MRR@10 {s['mrr@10']:.3f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA / "fakes_syria" / "articles.jsonl")
    parser.add_argument("--no-quality", action="store_true", help="skip the retrieval comparison")
    parser.add_argument("--only", choices=["briefing", "llamaindex"], help="run one pipeline")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results, rankers = [], {}
    with tempfile.TemporaryDirectory(prefix="briefing-compare-") as tmp:
        for name, run in (("briefing", run_briefing), ("llamaindex", run_llamaindex)):
            if args.only in (None, name):
                print(f"[load {load():.2f}] {name}: ingest ...", file=sys.stderr, flush=True)
                result, rankers[name] = run(args.data.resolve(), Path(tmp))
                print(f"[load {load():.2f}] {json.dumps(result)}", file=sys.stderr, flush=True)
                results.append(result)
        scores = {} if args.no_quality else quality(rankers)
    if args.json:
        print(json.dumps({"results": results, "quality": scores}, indent=2))
    else:
        show(results, scores)
    return 0


if __name__ == "__main__":
    sys.exit(main())
