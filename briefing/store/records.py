"""How articles and chunks are written as Chroma metadata, and read back.

Chroma metadata is flat (strings, numbers, booleans), so dates are stored as ordinals (-1 when
unknown), lists as JSON strings, sentence offsets as one flat JSON list, and each source an
article was seen from as its own ``src:<name>`` flag so filters can match any of them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from briefing.core.models import Article, ArticleInfo, Filters, Sentence, sentence_id

UNKNOWN_DATE = -1


def date_ord(value: dt.date | None) -> int:
    return value.toordinal() if value else UNKNOWN_DATE


def date_from_ord(value: Any) -> dt.date | None:
    return dt.date.fromordinal(int(value)) if isinstance(value, int) and value > 0 else None


def chroma_where(filters: Filters) -> dict[str, Any] | None:
    """Chroma metadata filter for dates and source; undated articles never match a date range."""
    clauses: list[dict[str, Any]] = []
    if filters.since or filters.until:
        clauses.append({"published_ord": {"$gte": date_ord(filters.since) if filters.since else 1}})
    if filters.until:
        clauses.append({"published_ord": {"$lte": date_ord(filters.until)}})
    if filters.source:
        clauses.append({source_key(filters.source): True})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def source_key(name: str) -> str:
    """Metadata key flagging one source; case-insensitive, so `--source "press tv"` matches."""
    return "src:" + " ".join(name.split()).lower()


def source_flags(sources: list[str]) -> dict[str, bool]:
    return {source_key(name): True for name in sources if name.strip()}


def origin_key(origin: str) -> str:
    """The id of an origin's record (a hash: origins are URLs and paths of any length)."""
    return hashlib.sha256(origin.encode("utf-8")).hexdigest()[:32]


def article_meta(article: Article) -> dict[str, Any]:
    offsets = [value for s in article.sentences for value in (s.start, s.end)]
    return {
        "title": article.title,
        "source": article.source,
        "url": article.url or "",
        "published_ord": date_ord(article.published),
        "ingested_at": article.ingested_at.isoformat(),
        "origins": json.dumps(article.origins),
        "sources": json.dumps(article.sources),
        **source_flags(article.sources),
        "text_hash": article.text_hash,
        "offsets": json.dumps(offsets, separators=(",", ":")),
        "sentence_count": len(article.sentences),
    }


def article_info(article_id: str, meta: Any) -> ArticleInfo:
    return ArticleInfo(
        id=article_id,
        title=str(meta.get("title", "")),
        source=str(meta.get("source", "")),
        url=str(meta.get("url")) or None,
        published=date_from_ord(meta.get("published_ord")),
        ingested_at=dt.datetime.fromisoformat(str(meta["ingested_at"])),
        origins=json.loads(str(meta.get("origins", "[]"))),
        sources=json.loads(str(meta.get("sources", "[]"))),
        text_hash=str(meta.get("text_hash", "")),
        sentence_count=int(meta.get("sentence_count", 0)),
    )


def article_record(article_id: str, meta: Any, text: str) -> Article:
    info = article_info(article_id, meta)
    offsets = json.loads(str(meta.get("offsets", "[]")))
    sentences = [
        Sentence(id=sentence_id(article_id, n), article_id=article_id, n=n, start=s, end=e, text=text[s:e])
        for n, (s, e) in enumerate(zip(offsets[::2], offsets[1::2], strict=True))
    ]
    return Article(**info.model_dump(), text=text, sentences=sentences)
