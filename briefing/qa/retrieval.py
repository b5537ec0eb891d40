"""Hybrid retrieval: rankings of articles fused by reciprocal rank.

- dense: chunks nearest to the question's embedding (Chroma), each article at its best chunk;
- dense lead: the same hits, each article at its first chunk (title and lead: what a story is about);
- dense articles: articles nearest as wholes (the mean of their chunks' vectors);
- BM25 over chunks: the passage that holds the question's words;
- BM25 over whole articles: all of an article's words at once.

Each ranking alone misses what the others catch (paraphrase, exact names and numbers, terms
spread over sentences); reciprocal-rank fusion needs no score calibration between them. The
sentences of the best chunks of the top articles become the extractive engine's candidates,
each carrying its chunk's normalised fused score as context.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from briefing.core.models import (
    Article,
    Filters,
    RetrievedArticle,
    SourceSentence,
    sentence_id,
    split_sentence_id,
)
from briefing.qa.extractive import Candidate, support
from briefing.qa.features import exact_ranking, key_alternatives, proximity_ranking
from briefing.text.dates import MONTH_NAMES
from briefing.text.terms import terms

if TYPE_CHECKING:
    from briefing.core.settings import RetrievalSettings, Settings
    from briefing.qa.timewords import TimeIntent
    from briefing.store.embedder import Embedder
    from briefing.store.index import ChromaIndex
    from briefing.store.lexical import LexicalIndex

_CANDIDATE_CHUNKS = 10
_HEAD = 10  # articles re-ranked by their best passage
_DATE_POOL = 50  # articles whose publication date is compared with a month named in the question
_MONTHS = [name.lower() for name in MONTH_NAMES]
_MONTH_IN_QUESTION = re.compile(
    r"\b(?:(?P<part>early|mid|late)[\s-]*)?(?P<month>" + "|".join(_MONTHS) + r")\s+"
    r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+)?(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)
ChunkPlace = tuple[str, int, int]  # article id, first and last sentence number


class Stores(Protocol):
    """What retrieval needs from the service: settings, embedder, store and BM25."""

    @property
    def settings(self) -> Settings: ...

    @property
    def embedder(self) -> Embedder: ...

    @property
    def index(self) -> ChromaIndex: ...

    def lexical(self) -> LexicalIndex: ...

    def cache_dir(self) -> Path:
        """Where the index keeps what it can compute again (the BM25 cache, kept vectors)."""
        ...


@dataclass
class Found:
    """What retrieval found: ranked articles and candidate sentences."""

    retrieved: list[RetrievedArticle]
    candidates: list[Candidate]
    articles: dict[str, Article]
    idf: Callable[[str], float]
    question_vector: np.ndarray | None = None

    def published(self) -> list[dt.date | None]:
        """The retrieved articles' dates (for time words: :func:`briefing.qa.timewords.outside_window`)."""
        return [article.published for article in self.articles.values()]

    def source_sentence(self, sid: str) -> SourceSentence:
        article_id, n = split_sentence_id(sid)
        return self.articles[article_id].cite(n)

    def only_from(self, article_ids: set[str]) -> Found:
        """The same finding with only these articles' candidates (a time word's window)."""
        return replace(self, candidates=[c for c in self.candidates if c.sentence.article_id in article_ids])


def retrieve(stores: Stores, question: str, k: int, filters: Filters) -> Found:
    """Top-k articles and candidate sentences for the question."""
    cfg = stores.settings.retrieval
    lexical = stores.lexical()
    query_terms = terms(question)
    vector = stores.embedder.embed([question])[0]
    hits = stores.index.dense_search(vector, cfg.candidates, filters)
    places = lexical.chunk_places([cid for cid, _ in hits])  # committed chunks only
    dense = [(cid, places[cid]) for cid, _ in hits if cid in places]
    bm25_chunks = [
        (cid, place) for cid, place, _ in lexical.search_chunks(query_terms, cfg.candidates, filters)
    ]
    bm25_articles = [aid for aid, _ in lexical.search_articles(query_terms, cfg.candidates, filters)]
    dense_articles = []
    if cfg.article_dense_weight:
        dense_articles = stores.index.dense_search_articles(vector, cfg.candidates, filters)
    scores = _fuse(
        [
            (_by_best_chunk(dense), cfg.dense_weight),
            (_by_lead_chunk(dense), cfg.lead_dense_weight),
            (dense_articles, cfg.article_dense_weight),
            (_by_best_chunk(bm25_chunks), cfg.bm25_weight),
            (bm25_articles, cfg.article_bm25_weight),
        ],
        cfg.rrf_k,
    )
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)[: max(2 * max(k, _HEAD) + 10, _DATE_POOL)]
    published = lexical.published(ranked)  # committed articles only (a crash may leave stray chunks)
    ranked = [aid for aid in ranked if aid in published]
    if cfg.exact_weight:
        keys = key_alternatives(question, forms=cfg.number_forms)
        exact = exact_ranking(ranked, keys, lexical.coverage, lexical.idf)
        _boost(scores, exact, cfg.exact_weight, cfg.rrf_k)
        ranked.sort(key=scores.__getitem__, reverse=True)
    window = question_window(question)
    if window is not None:
        in_window = [a for a in ranked if (day := published[a]) and window[0] <= day <= window[1]]
        for rank, article_id in enumerate(in_window):
            scores[article_id] += cfg.date_weight / (cfg.rrf_k + rank + 1)
        ranked.sort(key=scores.__getitem__, reverse=True)
    _prefer_time_words(question, filters, ranked, published, scores, cfg)
    head = ranked[: max(k, _HEAD)]
    articles = stores.index.get_articles(head)
    head = [aid for aid in head if aid in articles]  # a writer may have deleted one since the cache synced
    term_lists = {a: _term_lists(articles[a]) for a in head}
    passages = _by_best_passage(head, term_lists, set(query_terms), lexical.idf)
    _boost(scores, passages, cfg.passage_weight, cfg.rrf_k)
    if cfg.proximity_weight:
        near = proximity_ranking(head, term_lists, query_terms, lexical.idf)
        _boost(scores, near, cfg.proximity_weight, cfg.rrf_k)
    top = sorted(head, key=scores.__getitem__, reverse=True)[:k]
    retrieved = [
        RetrievedArticle(
            article_id=a,
            title=articles[a].title,
            url=articles[a].url,
            source=articles[a].source,
            published=articles[a].published,
            score=round(scores[a], 6),
        )
        for a in top
    ]
    chunk_scores, places = _chunk_scores(dense, bm25_chunks, cfg)
    best = [
        cid
        for cid in sorted(chunk_scores, key=chunk_scores.__getitem__, reverse=True)
        if places[cid][0] in top
    ]
    best = best[:_CANDIDATE_CHUNKS]
    candidates = _candidates(best, chunk_scores, places, articles)
    return Found(retrieved, candidates, articles, lexical.idf, vector)


def question_window(question: str) -> tuple[dt.date, dt.date] | None:
    """The dates a question's "(early|mid|late) MONTH [DAY,] YEAR" points at, with a few days' slack.

    Analysts pin events by month ("the Aleppo shelling in October 2016"); articles published
    then get a boost among the candidates. A bare year is too coarse to help and is ignored.
    """
    match = _MONTH_IN_QUESTION.search(question)
    if match is None:
        return None
    first = dt.date(int(match["year"]), _MONTHS.index(match["month"].lower()) + 1, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    spans = {
        "early": (first, first.replace(day=12)),
        "mid": (first.replace(day=8), first.replace(day=23)),
        "late": (first.replace(day=18), last),
    }
    start, end = spans.get((match["part"] or "").lower(), (first, last))
    if match["day"] and 1 <= int(match["day"]) <= last.day:
        start = end = first.replace(day=int(match["day"]))
    return start - dt.timedelta(days=3), end + dt.timedelta(days=3)


def _prefer_time_words(
    question: str,
    filters: Filters,
    ranked: list[str],
    published: dict[str, dt.date | None],
    scores: dict[str, float],
    cfg: RetrievalSettings,
) -> None:
    """Time words ("latest", "yesterday", "this week") boost the articles of their window before
    the as-of date, newest first for "latest" (see :mod:`briefing.qa.timewords`); in place."""
    from briefing.qa.timewords import recency_ranking, time_intent

    as_of = filters.as_of or dt.date.today()
    intent = time_intent(question, as_of) or _weekday_intent(question, as_of)
    if intent is None:
        return
    for rank, article_id in enumerate(recency_ranking(ranked, published, intent)):
        scores[article_id] += cfg.date_weight / (cfg.rrf_k + rank + 1)
    ranked.sort(key=scores.__getitem__, reverse=True)


def _weekday_intent(question: str, as_of: dt.date) -> TimeIntent | None:
    """A weekday named in a question ("killed on Sunday") means the week before the as-of day.

    News is told in weekdays; without a date in the question that week is the only honest
    reading. With no ``--as-of`` it is the week before today, which in an archive matches
    nothing: the boost then changes no ranking rather than guessing a year.
    """
    from briefing.qa.timewords import TimeIntent

    match = _WEEKDAY.search(question)
    if match is None:
        return None
    return TimeIntent(match.group().lower(), as_of - dt.timedelta(days=7), as_of, newest_first=False)


def _by_best_passage(
    head: list[str], term_lists: dict[str, list[list[str]]], question: set[str], idf: Callable[[str], float]
) -> list[str]:
    """The head articles re-ranked by their best two-sentence passage's IDF-weighted coverage.

    Near-duplicate reports of one event share most words; the one that answers holds the
    question's terms close together. ``term_lists``: each article's title, then its sentences.
    """
    best: dict[str, float] = {}
    for article_id in head:
        sentence_terms = [set(t) for t in term_lists[article_id][1:]]
        best[article_id] = max(
            (
                support(question, a | b, idf)
                for a, b in zip(sentence_terms, [*sentence_terms[1:], set()], strict=True)
            ),
            default=0.0,
        )
    return sorted(head, key=best.__getitem__, reverse=True)


def _term_lists(article: Article) -> list[list[str]]:
    """The article's title, then each sentence, as terms (shared by the head re-rankings); kept for
    the process by content, since a session's questions keep meeting the same head articles."""
    key = (article.id, article.title, article.text, len(article.sentences))
    if key not in _TERM_LISTS:
        if len(_TERM_LISTS) >= _KEPT_TERM_LISTS:
            _TERM_LISTS.clear()
        _TERM_LISTS[key] = [terms(article.title), *(terms(s.text) for s in article.sentences)]
    return _TERM_LISTS[key]


_TERM_LISTS: dict[tuple[str, str, str, int], list[list[str]]] = {}
_KEPT_TERM_LISTS = 2048


def _boost(scores: dict[str, float], ranking: list[str], weight: float, rrf_k: int) -> None:
    """Add one more ranking to the fused scores (reciprocal rank, weighted)."""
    for rank, article_id in enumerate(ranking):
        scores[article_id] += weight / (rrf_k + rank + 1)


def _by_best_chunk(chunks: list[tuple[str, ChunkPlace]]) -> list[str]:
    """Articles in the order of their best chunk."""
    return list(dict.fromkeys(place[0] for _, place in chunks))


def _by_lead_chunk(chunks: list[tuple[str, ChunkPlace]]) -> list[str]:
    """Articles in the order of their first chunk (it starts at sentence 0), among the hits."""
    return list(dict.fromkeys(place[0] for _, place in chunks if place[1] == 0))


def _fuse(rankings: Iterable[tuple[list[str], float]], rrf_k: int) -> dict[str, float]:
    """Weighted reciprocal-rank fusion of article rankings."""
    scores: dict[str, float] = defaultdict(float)
    for ranking, weight in rankings:
        for rank, article_id in enumerate(ranking):
            scores[article_id] += weight / (rrf_k + rank + 1)
    return scores


def _chunk_scores(
    dense: list[tuple[str, ChunkPlace]], bm25: list[tuple[str, ChunkPlace]], cfg: RetrievalSettings
) -> tuple[dict[str, float], dict[str, ChunkPlace]]:
    """Fused score of each chunk (for choosing candidate passages) and where it sits."""
    scores: dict[str, float] = defaultdict(float)
    places: dict[str, ChunkPlace] = {}
    for ranking, weight in ((dense, cfg.dense_weight), (bm25, cfg.bm25_weight)):
        for rank, (cid, place) in enumerate(ranking):
            scores[cid] += weight / (cfg.rrf_k + rank + 1)
            places[cid] = place
    return scores, places


def _candidates(
    chunk_ids: list[str],
    scores: dict[str, float],
    places: dict[str, ChunkPlace],
    articles: dict[str, Article],
) -> list[Candidate]:
    """Every sentence of the best chunks, once, with its best chunk's normalised score."""
    if not chunk_ids:
        return []
    top_score = scores[chunk_ids[0]]
    out: dict[str, Candidate] = {}
    for cid in chunk_ids:
        article_id, s_from, s_to = places[cid]
        article = articles.get(article_id)
        if article is None:
            continue
        for n in range(s_from, min(s_to, len(article.sentences) - 1) + 1):
            sid = sentence_id(article_id, n)
            if sid not in out:
                out[sid] = Candidate(sentence=article.sentences[n], context=scores[cid] / top_score)
    return list(out.values())
