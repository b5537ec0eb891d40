"""Every sentence's vector, pooled from the model's own pass over its chunk at ingest ("late chunking").

Why: an answer ranks its candidate sentences by closeness in meaning to the question, and
embedding each candidate's opening at ask time was most of a first-time ask's cost (~45 of
~130 ms at 4k articles; bench/README.md). Ingest already runs the model over every chunk, and
the model's output holds a vector per wordpiece: the mean over a sentence's wordpieces is that
sentence's vector, read in the context of its chunk, at no extra model cost. On the 227 dev
questions with a gold article, ranking that article's sentences by them put the answer sentence
first for 58.6 % (MRR 0.730) against 56.8 % (0.714) for the openings embedded alone.

They are kept beside the index (``<index>/sentences.sqlite3``: a cache, like the BM25 one), one
row per article, int8 with a scale per sentence (a cosine moves by < 0.001). A row is used only
while its key (the model, and the title, text and sentences it was computed from) matches the
article as stored, so a changed or re-titled article, another machine's ingest into a shared
Chroma server, a damaged or deleted file only ever mean the old way: the opening embedded at ask
time (for every candidate of that question: :func:`briefing.qa.answering.pooled_sentences`).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from briefing.core.own_files import is_link

if TYPE_CHECKING:
    from briefing.core.models import Article, Chunk, Sentence
    from briefing.store.embedder import Embedder

Span = tuple[int, int]  # characters of an embedded text


@runtime_checkable
class SpanEmbedder(Protocol):
    """An embedder that can also pool the wordpieces inside given character spans."""

    def embed_spans(
        self, texts: list[str], spans: list[list[Span]], stop: Callable[[], bool] | None = None
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """The texts' vectors, and per text one L2-normalised vector per span (zeros: no wordpiece);
        once ``stop`` says yes, the texts left are not embedded (zero vectors)."""
        ...


def content_key(article: Article, model: str) -> str:
    """What a row's vectors were computed from: the model, the stored title, text and sentences."""
    digest = hashlib.blake2b(digest_size=12)
    bounds = ",".join(f"{s.start}:{s.end}" for s in article.sentences)
    for part in (model, article.title, article.text, bounds):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()


def embed_chunked(
    embedder: Embedder,
    chunked: Sequence[tuple[Article, Sequence[Chunk]]],
    texts: Sequence[Sequence[str]],
    stop: Callable[[], bool] | None = None,
) -> tuple[np.ndarray, list[np.ndarray | None], list[bool]]:
    """The chunks' vectors (what ``embed`` gives), each article's sentence matrix from the same
    model pass (none from an embedder that cannot pool spans: a remote one), and whether each
    article was embedded whole: ``stop`` (a stopped ingest) ends the pass between model calls,
    and an article with a chunk left unembedded must not be written."""
    flat = [text for article_texts in texts for text in article_texts]
    if not isinstance(embedder, SpanEmbedder):
        return embedder.embed(flat), [None] * len(chunked), [True] * len(chunked)
    pairs = zip(chunked, texts, strict=True)
    spans = [span for (article, chunks), ts in pairs for span in sentence_spans(article, chunks, ts)]
    vectors, pooled = embedder.embed_spans(flat, spans, stop)
    matrices: list[np.ndarray | None] = []
    whole: list[bool] = []
    offset = 0
    for article, chunks in chunked:
        mine = slice(offset, offset + len(chunks))
        whole.append(bool(np.all(np.any(vectors[mine] != 0, axis=1))))  # a zero row: not embedded
        matrix = sentence_matrix(article, chunks, pooled[mine], vectors.shape[1]) if whole[-1] else None
        matrices.append(matrix)
        offset += len(chunks)
    return vectors, matrices, whole


def sentence_spans(article: Article, chunks: Sequence[Chunk], texts: Sequence[str]) -> list[list[Span]]:
    """Per chunk, the character span in its embedded text (title prefix included) of every sentence
    it holds whole; a sentence cut at a chunk's edge is left to the chunk that holds it whole."""
    spans: list[list[Span]] = []
    for chunk, text in zip(chunks, texts, strict=True):
        shift = len(text) - len(chunk.text) - chunk.start  # article offsets -> embedded-text offsets
        spans.append([(s.start + shift, s.end + shift) for s in _whole(article, chunk)])
    return spans


def sentence_matrix(
    article: Article, chunks: Sequence[Chunk], pooled: Sequence[np.ndarray], dim: int
) -> np.ndarray:
    """One row per sentence of the article: its vector from the first chunk holding it whole
    (zeros for a sentence no chunk holds whole, or cut off by the model's length limit)."""
    matrix = np.zeros((len(article.sentences), dim), dtype=np.float32)
    done: set[int] = set()
    for chunk, vectors in zip(chunks, pooled, strict=True):
        for sentence, vector in zip(_whole(article, chunk), vectors, strict=True):
            if sentence.n not in done and vector.any():
                matrix[sentence.n] = vector
                done.add(sentence.n)
    return matrix


def _whole(article: Article, chunk: Chunk) -> list[Sentence]:
    """The article's sentences that lie whole inside the chunk, in order."""
    numbers = sorted(int(sid.rsplit(":", 1)[1]) for sid in chunk.sentence_ids)
    end = chunk.start + len(chunk.text)
    held = (article.sentences[n] for n in numbers if 0 <= n < len(article.sentences))
    return [s for s in held if s.start >= chunk.start and s.end <= end]


class SentenceVectors:
    """The kept sentence vectors of an index (``None`` path: nothing kept, nothing read)."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # ingest writes on its writer thread

    def put(self, rows: Iterable[tuple[str, str, np.ndarray]]) -> None:
        """Keep (article id, content key, one row per sentence) — before the article's commit, so
        a crash leaves at most vectors nobody's key matches."""
        packed = [(aid, key, *_quantise(matrix)) for aid, key, matrix in rows]
        if packed:
            self._write("INSERT OR REPLACE INTO sentences VALUES (?, ?, ?, ?, ?)", packed)

    def get(self, wanted: dict[str, str], dim: int) -> dict[str, np.ndarray]:
        """Article id -> its sentence matrix, for the articles whose kept key matches ``wanted``'s."""
        if not wanted or (db := self._open(write=False)) is None:
            return {}
        marks = ",".join("?" * len(wanted))
        try:
            with self._lock:
                rows = db.execute(
                    f"SELECT article_id, key, n, scales, data FROM sentences WHERE article_id IN ({marks})",
                    list(wanted),
                ).fetchall()
        except sqlite3.Error:  # damaged or locked for long: the slower way still answers
            return {}
        current = [(aid, n, scales, blob) for aid, key, n, scales, blob in rows if key == wanted[aid]]
        matching = [(aid, _dequantise(n, scales, blob, dim)) for aid, n, scales, blob in current]
        return {aid: matrix for aid, matrix in matching if matrix is not None}

    def count(self) -> int:
        """Articles with kept vectors (whether their keys still match is checked on reading)."""
        if (db := self._open(write=False)) is None:
            return 0
        try:
            with self._lock:
                return int(db.execute("SELECT count(*) FROM sentences").fetchone()[0])
        except sqlite3.Error:
            return 0

    def delete(self, article_ids: list[str]) -> None:
        if article_ids:
            self._write("DELETE FROM sentences WHERE article_id = ?", [(a,) for a in article_ids])

    def _write(self, statement: str, rows: list[tuple]) -> None:
        """One transaction. A damaged or unwritable file never fails an ingest: the file is set
        aside for this process (its rows stay unread or unmatched) and asks embed as before."""
        if (db := self._open(write=True)) is None:
            return
        try:
            with self._lock, db:
                db.executemany(statement, rows)
        except sqlite3.Error:
            self.close()
            self._path = None

    def _open(self, write: bool) -> sqlite3.Connection | None:
        """The connection, made on first use; ``None`` where there is no file to read or none can be
        written (a read-only index keeps answering, only more slowly)."""
        if self._db is not None or self._path is None:
            return self._db
        if not write and not self._path.exists():
            return None
        if is_link(self._path):  # sqlite3 would follow it: another database written, or read
            self._path = None
            return None
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self._path, timeout=10, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS sentences (article_id TEXT PRIMARY KEY, key TEXT NOT NULL,"
                " n INTEGER NOT NULL, scales BLOB NOT NULL, data BLOB NOT NULL)"
            )
        except (sqlite3.Error, OSError):
            self._path = None  # not again for every ask
            return None
        self._db = db
        return db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _quantise(matrix: np.ndarray) -> tuple[int, bytes, bytes]:
    """int8 per row with its own scale: a quarter of the float32 size; a zero row stays zero."""
    scales = (np.abs(matrix).max(axis=1) / 127.0).astype(np.float32)
    safe = np.where(scales > 0, scales, 1.0)[:, None]
    codes = np.clip(np.rint(matrix / safe), -127, 127).astype(np.int8)
    return len(matrix), scales.tobytes(), codes.tobytes()


def _dequantise(n: int, scales: bytes, data: bytes, dim: int) -> np.ndarray | None:
    codes = np.frombuffer(data, dtype=np.int8)
    if codes.size != n * dim or len(scales) != 4 * n:  # another model's rows (its key differs too)
        return None
    matrix = codes.reshape(n, dim).astype(np.float32) * np.frombuffer(scales, dtype=np.float32)[:, None]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
