"""Chunking: articles cut into embeddable chunks by LlamaIndex's SentenceSplitter and our segmenter.

The only llama_index code. Chunks are sized in wordpieces of the embedder, title included, so no
chunk is ever truncated by the model; sentence boundaries come from our segmenter (LlamaIndex's
own splits after "U.S." and "Dr."); a chunk covers whole sentences and records which.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefing.core.models import Article, Chunk

if TYPE_CHECKING:
    from briefing.core.settings import Settings
    from briefing.store.embedder import Embedder


def chunk_article(article: Article, embedder: Embedder, settings: Settings) -> list[Chunk]:
    """SentenceSplitter over the article, sentence boundaries from our segmenter, sizes in wordpieces.

    The title is part of the embedded text (it carries much of a news article's meaning) and is
    counted against the chunk size, so no chunk exceeds the embedder's limit; a long title is
    shortened first (:func:`embedded_title`) so that the text keeps room and LlamaIndex never refuses.
    """
    from llama_index.core.node_parser import SentenceSplitter

    sentences = article.sentences
    if not sentences:
        return []
    limit = chunk_limit(embedder, settings)
    title = embedded_title(article.title, embedder, limit)
    size = limit - embedder.count_tokens(f"title: {title}") if title else limit
    pieces = _sentence_pieces(article)
    splitter = SentenceSplitter(
        chunk_size=size,
        chunk_overlap=min(settings.chunks.overlap, size // 4),
        tokenizer=_counting_tokenizer(embedder),
        chunking_tokenizer_fn=lambda text: pieces if text == article.text else [text],
        paragraph_separator="\n\n\n\n",
        include_prev_next_rel=False,
    )
    # split_text_metadata_aware with the title as metadata, minus its stdout warning; no nodes (~30% faster)
    return _texts_to_chunks(article, splitter.split_text(article.text))


def chunk_limit(embedder: Embedder, settings: Settings) -> int:
    return min(settings.chunks.size, embedder.max_tokens - 2)  # 2: the model's [CLS] and [SEP]


def embedded_title(title: str, embedder: Embedder, limit: int) -> str:
    """The title as embedded before each chunk: whole, or its longest prefix (cut at a space when
    there is one) within half of ``limit`` wordpieces — a lead pasted into a title field must not
    leave the chunks no room."""
    fits = lambda n: embedder.count_tokens(f"title: {title[:n]}") <= limit // 2  # noqa: E731
    if not title or fits(len(title)):
        return title
    low, high = 0, len(title)  # the longest fitting prefix, by bisection on characters
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if fits(mid) else (low, mid - 1)
    cut, at_space = title[:low], title[low].isspace()  # low < len(title): the whole title did not fit
    return (cut if at_space or " " not in cut.strip() else cut.rsplit(None, 1)[0]).strip()


def _counting_tokenizer(embedder: Embedder) -> Any:
    """What SentenceSplitter needs of a tokenizer (a list as long as the token count), memoised:
    the splitter measures each sentence several times while packing chunks."""
    from functools import lru_cache

    @lru_cache(maxsize=4096)
    def count(text: str) -> int:
        return embedder.count_tokens(text)

    return lambda text: [0] * count(text)


def _sentence_pieces(article: Article) -> list[str]:
    """Sentences with their trailing whitespace, so the pieces concatenate to the whole text."""
    text, sentences = article.text, article.sentences
    starts = [0] + [s.start for s in sentences[1:]] + [len(text)]
    return [text[starts[i] : starts[i + 1]] for i in range(len(sentences))]


def _texts_to_chunks(article: Article, texts: list[str]) -> list[Chunk]:
    """Each split becomes a chunk covering the sentences its character span overlaps."""
    chunks: dict[str, Chunk] = {}
    cursor = 0
    for text in texts:
        start = article.text.find(text, cursor)
        if start < 0:
            start = max(article.text.find(text), 0)
        end = start + len(text)
        cursor = start + 1
        covered = [s.id for s in article.sentences if s.start < end and s.end > start]
        if not covered:
            continue
        chunk_id = f"{covered[0]}#{len(chunks)}"
        chunks[chunk_id] = Chunk(
            id=chunk_id, article_id=article.id, text=text, sentence_ids=covered, start=start
        )
    return list(chunks.values())


def embed_text(chunk: Chunk | str, title: str) -> str:
    """The text the embedder sees for a chunk (or a chunk's text): LlamaIndex's metadata template
    with the title."""
    text = chunk if isinstance(chunk, str) else chunk.text
    return f"title: {title}\n\n{text}" if title else text
