"""Crash safety: an ingest killed with SIGKILL at several points, then re-run, leaves the index a
clean run builds — same articles, sentences, chunks, vectors, origins and BM25 answers.

Index A is built by one clean ingest (in the test's process). Index B holds a first article, then the same
ingest is killed four times in a row, each run resuming what the one before left:

1. during start-up (a fixed 0.8 s: imports, model load);
2. as soon as a batch's chunks are in the store (polled from outside; the process is frozen with
   SIGSTOP at once, so usually its article records, the commit point, are not yet written);
3. once a batch's article records are in (its file's origin and later batches not yet);
4. with every article committed while the last input (a URL the local server holds open) is
   being fetched: nothing of the run's end — revision bump, BM25 cache — has happened.

A final run completes. Nothing in the product is patched: the test only watches what the killed
process wrote (read-only SQLite counts) and what the local server was asked.
"""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from briefing.core.models import Filters
from briefing.service.facade import Service
from briefing.text.terms import terms
from tests.conftest import SEEDS, settings_for
from tests.index_probe import counts, kill, run, serve, start, wait_until

FAKES = Path("/work/shared/data/fakes_syria/articles.jsonl")
QUESTIONS = [
    "How many Turkish soldiers were deployed in Idlib and Aleppo?",
    "What did the World Health Organization say about nerve agent symptoms?",
    "Who was killed in the air strikes on Aleppo?",
    "What did Russia say about the chemical attack?",
]


class _Feed(BaseHTTPRequestHandler):
    """``/feed-down`` answers 404; while ``held`` is set it first waits until the test releases it."""

    held = threading.Event()
    release = threading.Event()
    asked = threading.Event()

    def do_GET(self) -> None:
        self.asked.set()
        if self.held.is_set():
            self.release.wait(60)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client was killed
            self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _short(text: str) -> str:
    """The first sentences of a text, up to about 400 characters (one small chunk)."""
    cut = text[:400]
    end = cut.rfind(". ")
    return cut[: end + 1] if end > 100 else cut


def _corpus(root: Path) -> list[str]:
    """Three files (one article; 30 records, one batch; 10 records with a copy of an earlier text
    and a reused id) and a URL; most texts cut to one chunk, every 15th kept whole (three)."""
    records = [json.loads(line) for line in FAKES.read_text(encoding="utf-8").splitlines()[:40]]
    records = [r | {"text": r["text"] if n % 15 == 0 else _short(r["text"])} for n, r in enumerate(records)]
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "01-brief.md").write_bytes(next(SEEDS.glob("*.md")).read_bytes())
    second = [
        *records[30:],
        {"id": "copy-of-5", "source": "mirror", "title": "Copy", "text": records[5]["text"]},
        {"id": records[7]["id"], "title": "Same id", "text": _short(records[31]["text"]) + " More."},
    ]
    for name, rows in (("02-wire.jsonl", records[:30]), ("03-wire.jsonl", second)):
        (corpus / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return [str(p) for p in sorted(corpus.iterdir())]


def _snapshot(service: Service) -> dict[str, Any]:
    """Everything stored, keyed by id; article metadata without the ingest time."""
    index = service.index
    chunks = index.chunks.get(include=["documents", "metadatas", "embeddings"])
    articles = index.articles.get(include=["documents", "metadatas"])
    origins = index.origins.get(include=["metadatas"])
    assert len(set(chunks["ids"])) == len(chunks["ids"]) and len(set(articles["ids"])) == len(articles["ids"])
    metas = {aid: dict(m) for aid, m in zip(articles["ids"], articles["metadatas"] or [], strict=True)}
    hashes = [m["text_hash"] for m in metas.values()]
    assert len(set(hashes)) == len(hashes), "a text is stored twice"
    committed = set(articles["ids"])
    assert {m["article_id"] for m in chunks["metadatas"] or []} <= committed, "stray chunks left behind"
    return {
        "chunks": {
            cid: (doc, dict(meta))
            for cid, doc, meta in zip(
                chunks["ids"], chunks["documents"] or [], chunks["metadatas"] or [], strict=True
            )
        },
        "vectors": dict(zip(chunks["ids"], np.asarray(chunks["embeddings"]), strict=True)),
        "articles": {
            aid: (doc, {k: v for k, v in metas[aid].items() if k not in ("ingested_at", "changed_us")})
            for aid, doc in zip(articles["ids"], articles["documents"] or [], strict=True)
        },
        "sentences": {
            aid: [(s.id, s.start, s.end) for s in service.get_article(aid).sentences] for aid in committed
        },
        "origins": {str(m["origin"]): json.loads(str(m["article_ids"])) for m in origins["metadatas"] or []},
    }


def _bm25(service: Service) -> dict[str, Any]:
    """What the BM25 cache holds and finds; its revision must be the store's."""
    lexical = service.lexical()
    assert lexical.revision == service.index.revision
    found = {}
    for question in QUESTIONS:
        query, everything = terms(question), Filters()
        found[question] = (
            {cid: round(s, 5) for cid, _, s in lexical.search_chunks(query, 20, everything)},
            {aid: round(s, 5) for aid, s in lexical.search_articles(query, 20, everything)},
        )
    return {
        "chunks": sorted(lexical.live_ids("chunks")),
        "articles": sorted(lexical.live_ids("articles")),
        "found": found,
    }


def _asks(service: Service) -> list[tuple[list[str], list[list[str]]]]:
    out = []
    for question in QUESTIONS:
        answer = service.ask(question, engine="extractive")
        out.append(([r.article_id for r in answer.retrieved], [part.citations for part in answer.answer]))
    return out


@pytest.mark.skipif(not FAKES.is_file(), reason=f"needs the shared data set {FAKES}")
def test_sigkill_at_any_point_then_rerun_equals_a_clean_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = _corpus(tmp_path)
    index_a, index_b = tmp_path / "a" / "index", tmp_path / "b" / "index"
    with serve(_Feed) as base:
        inputs.append(f"{base}/feed-down")
        down = f"failed: {base}/feed-down: HTTP 404 from {base}/feed-down"
        index_a.parent.mkdir()
        clean = Service(settings_for(monkeypatch, index_a.parent)).ingest(inputs)  # in-process: no start-up
        assert [f.origin for f in clean.failed] == [f"{base}/feed-down"], clean.failed
        total = counts(index_a)

        first = run(["ingest", inputs[0], "--index", str(index_b)], cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        states = {"before": counts(index_b)}
        ingest = ["ingest", *inputs, "--index", str(index_b)]

        # 1. start-up
        proc = start(ingest, cwd=tmp_path)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(0.8)
        assert kill(proc) == -signal.SIGKILL
        states["startup"] = counts(index_b)

        # 2. chunks written, frozen at once
        before = counts(index_b)
        proc = start(ingest, cwd=tmp_path)
        wait_until(lambda: counts(index_b).get("chunks", 0) > before.get("chunks", 0), proc, "chunks written")
        proc.send_signal(signal.SIGSTOP)
        assert kill(proc) == -signal.SIGKILL
        states["chunks"] = counts(index_b)

        # 3. a batch's records committed
        before = counts(index_b)
        proc = start(ingest, cwd=tmp_path)
        wait_until(lambda: counts(index_b).get("articles", 0) > before.get("articles", 0), proc, "a commit")
        assert kill(proc) == -signal.SIGKILL
        states["batch"] = counts(index_b)

        # 4. everything committed, the run's end not reached
        _Feed.asked.clear()
        _Feed.held.set()
        proc = start(ingest, cwd=tmp_path)
        wait_until(_Feed.asked.is_set, proc, "the URL was requested")
        assert kill(proc) == -signal.SIGKILL
        states["end"] = counts(index_b)
        _Feed.held.clear()
        _Feed.release.set()

        rerun = run(ingest, cwd=tmp_path)  # the lock the killed runs held is gone with them
        assert rerun.returncode == 1 and rerun.stderr.splitlines() == [down], rerun.stderr

    assert states["before"]["articles"] == 1 < total["articles"]
    assert states["batch"]["articles"] < total["articles"], states  # killed with work left
    assert states["end"]["articles"] == total["articles"], states
    print("counts at each kill:", states, "clean run:", total)  # shown with pytest -s

    a = Service(settings_for(monkeypatch, tmp_path / "a"))
    b = Service(settings_for(monkeypatch, tmp_path / "b"))
    snap_a, snap_b = _snapshot(a), _snapshot(b)
    assert snap_a["articles"] == snap_b["articles"]
    assert snap_a["sentences"] == snap_b["sentences"]
    assert snap_a["chunks"] == snap_b["chunks"]
    assert snap_a["vectors"].keys() == snap_b["vectors"].keys()
    assert all(np.allclose(snap_a["vectors"][k], snap_b["vectors"][k], atol=1e-5) for k in snap_a["vectors"])
    assert snap_a["origins"] == snap_b["origins"]
    assert len(snap_a["articles"]) == total["articles"] == 42  # 1 + 30 + 10 + one id reused, one copy
    assert _bm25(a) == _bm25(b)
    assert _asks(a) == _asks(b)
