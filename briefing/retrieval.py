"""Hybrid retrieval: dense chunks from Chroma and BM25 chunks, fused by reciprocal rank.

Chunk rankings are fused, articles ranked by their best chunk (plus a little for further
matching chunks), and the sentences of the best chunks become the extractive engine's
candidates, each carrying its chunk's normalised fused score as context.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from briefing.extractive import Candidate
from briefing.models import Article, Filters, RetrievedArticle, SourceSentence, sentence_id, split_sentence_id

if TYPE_CHECKING:
    from briefing.embedder import Embedder
    from briefing.index import ChromaIndex
    from briefing.lexical import LexicalIndex
    from briefing.settings import Settings

_SECOND_CHUNK_WEIGHT = 0.25
_CANDIDATE_CHUNKS = 10


class Stores(Protocol):
    """What retrieval needs from the service: settings, embedder, store and BM25."""

    @property
    def settings(self) -> Settings: ...

    @property
    def embedder(self) -> Embedder: ...

    @property
    def index(self) -> ChromaIndex: ...

    def lexical(self) -> LexicalIndex: ...


@dataclass
class Found:
    """What retrieval found: ranked articles and candidate sentences."""

    retrieved: list[RetrievedArticle]
    candidates: list[Candidate]
    articles: dict[str, Article]
    idf: Callable[[str], float]

    def source_sentence(self, sid: str) -> SourceSentence:
        article_id, n = split_sentence_id(sid)
        return self.articles[article_id].cite(n)


def retrieve(stores: Stores, question: str, k: int, filters: Filters) -> Found:
    """Top-k articles and candidate sentences for the question."""
    cfg = stores.settings.retrieval
    lexical = stores.lexical()
    vector = stores.embedder.embed([question])[0]
    dense = stores.index.dense_search(vector, cfg.candidates, filters)
    fused: dict[str, float] = defaultdict(float)
    where: dict[str, tuple[str, int, int]] = {}
    for rank, hit in enumerate(dense):
        fused[hit.id] += cfg.dense_weight / (cfg.rrf_k + rank + 1)
        where[hit.id] = (hit.article_id, hit.s_from, hit.s_to)
    for rank, (row, _score) in enumerate(lexical.search(question, cfg.candidates, filters)):
        cid = lexical.chunk_ids[row]
        fused[cid] += cfg.bm25_weight / (cfg.rrf_k + rank + 1)
        where[cid] = (lexical.article_ids[row], *lexical.sentence_ranges[row])
    ranked = sorted(fused, key=fused.__getitem__, reverse=True)
    article_scores = _article_scores(ranked, fused, where)
    infos = stores.index.article_infos(list(article_scores))  # committed articles only
    order = [
        aid for aid in sorted(article_scores, key=article_scores.__getitem__, reverse=True) if aid in infos
    ]
    top = order[:k]
    retrieved = [
        RetrievedArticle(
            article_id=a, title=infos[a].title, url=infos[a].url, score=round(article_scores[a], 6)
        )
        for a in top
    ]
    best_chunks = [cid for cid in ranked if where[cid][0] in set(top)][:_CANDIDATE_CHUNKS]
    articles = stores.index.get_articles([where[c][0] for c in best_chunks])
    return Found(retrieved, _candidates(best_chunks, fused, where, articles), articles, lexical.idf)


def _article_scores(
    ranked: list[str], fused: dict[str, float], where: dict[str, tuple[str, int, int]]
) -> dict[str, float]:
    """Best chunk's fused score, plus a fraction of the second best (two matching passages)."""
    per_article: dict[str, list[float]] = defaultdict(list)
    for cid in ranked:
        per_article[where[cid][0]].append(fused[cid])
    return {
        aid: s[0] + (_SECOND_CHUNK_WEIGHT * s[1] if len(s) > 1 else 0.0) for aid, s in per_article.items()
    }


def _candidates(
    chunk_ids: list[str],
    fused: dict[str, float],
    where: dict[str, tuple[str, int, int]],
    articles: dict[str, Article],
) -> list[Candidate]:
    """Every sentence of the best chunks, once, with its best chunk's normalised score."""
    if not chunk_ids:
        return []
    best = fused[chunk_ids[0]]
    out: dict[str, Candidate] = {}
    for cid in chunk_ids:
        article_id, s_from, s_to = where[cid]
        article = articles.get(article_id)
        if article is None:
            continue
        for n in range(s_from, min(s_to, len(article.sentences) - 1) + 1):
            sid = sentence_id(article_id, n)
            if sid not in out:
                out[sid] = Candidate(sentence=article.sentences[n], context=fused[cid] / best)
    return list(out.values())
