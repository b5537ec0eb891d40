"""`briefing eval`: how well the index answers a file of questions with known answers.

Why: retrieval and answer changes are judged on numbers, not on a few hand-tried questions, and a
user should be able to check *their* index the same way the benchmarks check ours. Every
question goes through :meth:`briefing.service.facade.Service.ask`, exactly as ``briefing ask`` runs it.

Input: JSON Lines, one question per line::

    {"question": "...", "answer": "15,000 people",
     "gold_article_ids": ["..."], "gold_urls": ["https://..."], "gold_sentences": ["..."]}

All fields but ``question`` are optional; ``qid`` is echoed back, other fields are ignored.
``"answerable": false`` marks a question no indexed article answers: abstaining on it is right,
and the report counts it in an ``unanswerable`` block (n, abstained, rate) beside the abstention
rate on the answerable questions — the two numbers that say whether ``ask`` is honest. A
retrieved article is gold when its id is listed (``<id>~<hash>``, the service's name for a
changed text under a repeated id, counts too), its url is listed, or its text contains a listed
sentence (whitespace-normalised). Retrieval metrics (Hits@1/5/k, MRR@k) are over questions with
any gold list; answer accuracy — one of the answer's cited sentences contains ``answer``, case
and spacing ignored — is over questions with an ``answer``, abstentions counting as wrong.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from briefing.core.errors import InputError
from briefing.core.models import Answer, normalise_text

if TYPE_CHECKING:
    from briefing.store.index import ChromaIndex


class Asker(Protocol):
    """What evaluation needs: ``ask`` exactly as the CLI runs it, and the store to read gold texts."""

    @property
    def index(self) -> ChromaIndex: ...

    def ask(self, question: str, k: int | None = None, *, engine: str | None = None) -> Answer: ...


_GOLD_KEYS = ("gold_article_ids", "gold_urls", "gold_sentences")


@dataclass(frozen=True)
class Question:
    """One line of a QA file."""

    line: int
    question: str
    qid: str = ""
    answer: str | None = None
    gold_article_ids: tuple[str, ...] = ()
    gold_urls: tuple[str, ...] = ()
    gold_sentences: tuple[str, ...] = ()
    answerable: bool = True

    @property
    def has_gold(self) -> bool:
        return bool(self.gold_article_ids or self.gold_urls or self.gold_sentences)


@dataclass
class Outcome:
    """What happened to one question (the per-question detail of ``--json``)."""

    line: int
    qid: str
    question: str
    retrieved: list[str]
    has_gold: bool = False  # does the line name gold articles (ids, urls or sentences)?
    rank: int | None = None  # 1-based rank of the first gold article, None if not in the top k
    gold_found: list[str] = field(default_factory=list)
    gold_indexed: bool | None = None  # is any listed gold id in the index? (None: no ids listed)
    answer: str | None = None
    answer_correct: bool | None = None  # None when the line has no answer
    abstained: bool = False
    answerable: bool = True
    cited: list[str] = field(default_factory=list)
    ms: float = 0.0


@dataclass
class Report:
    """Aggregate metrics and per-question outcomes."""

    path: str
    k: int
    engine: str
    questions: int
    # a rate over no question is None (JSON null, "n/a"), never a score of 0.0
    retrieval: dict[str, float | None]  # n, hits@1, hits@5, hits@k, mrr@k
    # n, correct, accuracy, abstained, abstention_rate, answerable_abstention_rate
    answers: dict[str, float | None]
    unanswerable: dict[str, float | None]  # n, abstained, rate: questions marked "answerable": false
    latency_ms: dict[str, float]
    outcomes: list[Outcome]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_questions(path: Path) -> list[Question]:
    """Parse a QA file; a malformed line raises InputError naming the file and line number."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        reason = f"not valid UTF-8 text (bad byte at offset {exc.start})"
        raise InputError(f"cannot read {path}: {reason}") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"cannot read {path}: {reason}", "check the path given to --qa") from None
    questions = [_parse(path, n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    if not questions:
        raise InputError(f"{path} holds no questions", 'add lines like {"question": "...", "answer": "..."}')
    return questions


def _parse(path: Path, n: int, line: str) -> Question:
    def bad(reason: str) -> InputError:
        return InputError(f"{path} line {n}: {reason}", "fix the line (format: see `briefing eval --help`)")

    try:
        row = json.loads(line)
    except ValueError as exc:
        raise bad(f"not JSON ({exc.args[0].split(':')[0]})") from None
    if not isinstance(row, dict):
        raise bad("not a JSON object")
    question = row.get("question")
    if not isinstance(question, str) or not question.strip():
        raise bad('no "question" (a non-empty string)')
    answer = row.get("answer")
    if answer is not None and (not isinstance(answer, str) or not answer.strip()):
        raise bad('"answer" must be a non-empty string')
    gold: dict[str, tuple[str, ...]] = {}
    for key in _GOLD_KEYS:
        value = row.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise bad(f'"{key}" must be a list of non-empty strings')
        gold[key] = tuple(v.strip() for v in value)
    answerable = row.get("answerable", True)
    if not isinstance(answerable, bool):
        raise bad('"answerable" must be true or false')
    if not answerable and (answer is not None or any(gold.values())):
        raise bad('an "answerable": false line cannot have an answer or gold articles')
    qid = row.get("qid", "")
    return Question(
        line=n, question=question.strip(), qid=str(qid), answer=answer, answerable=answerable, **gold
    )


def _norm(text: str) -> str:
    return normalise_text(text).casefold()


def _is_gold(q: Question, article_id: str, url: str | None, text: str | None) -> bool:
    base = article_id.split("~", 1)[0]
    if article_id in q.gold_article_ids or base in q.gold_article_ids:
        return True
    if url and url.rstrip("/") in {u.rstrip("/") for u in q.gold_urls}:
        return True
    if text is not None and q.gold_sentences:
        flat = normalise_text(text)
        return any(normalise_text(s) in flat for s in q.gold_sentences)
    return False


def judge(service: Asker, q: Question, result: Answer, ms: float) -> Outcome:
    """Score one answer against its question's gold articles and answer string."""
    retrieved = result.retrieved
    texts: dict[str, str] = {}
    if q.gold_sentences and retrieved:
        articles = service.index.get_articles([r.article_id for r in retrieved])
        texts = {aid: a.text for aid, a in articles.items()}
    found = [r.article_id for r in retrieved if _is_gold(q, r.article_id, r.url, texts.get(r.article_id))]
    rank = (
        next((i for i, r in enumerate(retrieved, 1) if r.article_id in found), None) if q.has_gold else None
    )
    cited = list(dict.fromkeys(sid for part in result.answer for sid in part.citations))
    indexed = None
    if q.gold_article_ids:  # a wrong --index shows up as gold that is nowhere, not as bad retrieval
        indexed = bool(found) or bool(service.index.article_infos(list(q.gold_article_ids)))
    correct = None
    if q.answer is not None:
        wanted = _norm(q.answer)
        correct = any(sid in result.sources and wanted in _norm(result.sources[sid].text) for sid in cited)
    return Outcome(
        line=q.line,
        qid=q.qid,
        question=q.question,
        retrieved=[r.article_id for r in retrieved],
        has_gold=q.has_gold,
        rank=rank,
        gold_found=found,
        gold_indexed=indexed,
        answer=q.answer,
        answer_correct=correct,
        abstained=result.abstained,
        answerable=q.answerable,
        cited=cited,
        ms=round(ms, 1),
    )


def evaluate(
    service: Asker,
    questions: list[Question],
    k: int = 10,
    engine: str = "extractive",
    path: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Ask every question (top ``k`` articles) and aggregate retrieval and answer metrics."""
    outcomes = []
    for done, q in enumerate(questions, start=1):
        start = time.perf_counter()
        result = service.ask(q.question, k=k, engine=engine)
        outcomes.append(judge(service, q, result, (time.perf_counter() - start) * 1000))
        if progress:
            progress(done, len(questions))
    return Report(
        path=path,
        k=k,
        engine=engine,
        questions=len(questions),
        retrieval=retrieval_metrics(
            [o.rank for o, q in zip(outcomes, questions, strict=True) if q.has_gold], k
        ),
        answers=answer_metrics(outcomes),
        unanswerable=unanswerable_metrics(outcomes),
        latency_ms=_latency([o.ms for o in outcomes]),
        outcomes=outcomes,
    )


def _share(count: float, n: int) -> float | None:
    """``count / n``; None over no question: 0 of 0 is no score, not a score of 0.0."""
    return count / n if n else None


def retrieval_metrics(ranks: list[int | None], k: int) -> dict[str, float | None]:
    """Hits@1, Hits@5 (when k >= 5), Hits@k and MRR@k of first-gold ranks (None: not in top k)."""
    n = len(ranks)
    out: dict[str, float | None] = {"n": n}
    for cut in sorted({1, 5, k}):
        if cut <= k:
            out[f"hits@{cut}"] = _share(sum(1 for r in ranks if r is not None and r <= cut), n)
    out[f"mrr@{k}"] = _share(sum(1.0 / r for r in ranks if r is not None and r <= k), n)
    return out


def answer_metrics(outcomes: list[Outcome]) -> dict[str, float | None]:
    """Accuracy over questions with an answer (abstentions wrong) and abstention over all."""
    scored = [o for o in outcomes if o.answer_correct is not None]
    correct = sum(1 for o in scored if o.answer_correct)
    abstained = sum(1 for o in outcomes if o.abstained)
    answerable = [o for o in outcomes if o.answerable]
    return {
        "n": len(scored),
        "correct": correct,
        "accuracy": _share(correct, len(scored)),
        "abstained": abstained,
        "abstention_rate": _share(abstained, len(outcomes)),
        "answerable_abstention_rate": _share(sum(1 for o in answerable if o.abstained), len(answerable)),
    }


def unanswerable_metrics(outcomes: list[Outcome]) -> dict[str, float | None]:
    """How often ``ask`` abstained on the questions marked ``"answerable": false`` (right to)."""
    marked = [o for o in outcomes if not o.answerable]
    abstained = sum(1 for o in marked if o.abstained)
    return {"n": len(marked), "abstained": abstained, "rate": _share(abstained, len(marked))}


def _latency(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "max": 0.0}
    return {"p50": round(statistics.median(values), 1), "max": round(max(values), 1)}
