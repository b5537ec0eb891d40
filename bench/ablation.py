"""Lever ablations for ``eval_retrieval.py --ablate``: each retrieval lever turned off in turn.

Every variant is the shipped configuration with one weight set to 0, asked the same questions
on the same index. Differences are paired (the same questions), so their standard error is that
of the per-question differences: much smaller than the two systems' own errors combined.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Ranker = Callable[[str], list[str]]
LEVERS: dict[str, dict[str, Any]] = {  # variant name -> the retrieval settings it changes
    "-dense": {"dense_weight": 0.0},
    "-bm25-chunks": {"bm25_weight": 0.0},
    "-bm25-articles": {"article_bm25_weight": 0.0},
    "-exact-match": {"exact_weight": 0.0},
    "-proximity": {"proximity_weight": 0.0},
    "-passage-rerank": {"passage_weight": 0.0},
    "-date-boost": {"date_weight": 0.0},
    "-number-forms": {"number_forms": False},
}
TRIALS: dict[str, dict[str, Any]] = {  # levers off by default, tried on the dev half (issue 16)
    "+article-dense": {"article_dense_weight": 1.0},
    "+lead-dense": {"lead_dense_weight": 1.0},
    "+both-dense": {"lead_dense_weight": 1.0, "article_dense_weight": 1.0},
    "before-session-4": {"number_forms": False},
}
METRICS = ("hits@1", "hits@5", "hits@10", "mrr@10")


def variants(names: str | None) -> dict[str, dict[str, Any]] | None:
    """The named variants (comma-separated, from LEVERS and TRIALS); None: all of LEVERS."""
    if not names:
        return None
    known = {**LEVERS, **TRIALS}
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    missing = [n for n in wanted if n not in known]
    if missing:
        raise SystemExit(f"unknown variants {missing}; known: {', '.join(known)}")
    return {n: known[n] for n in wanted}


def _value(metric: str, rank: int | None) -> float:
    if rank is None:
        return 0.0
    if metric == "mrr@10":
        return 1.0 / rank
    return float(rank <= int(metric.split("@")[1]))


def _paired(full: list[int | None], other: list[int | None], metric: str) -> tuple[float, float]:
    """Mean and standard error of (variant - full) per question."""
    diffs = [_value(metric, b) - _value(metric, a) for a, b in zip(full, other, strict=True)]
    n = len(diffs)
    mean = sum(diffs) / n
    variance = sum((d - mean) ** 2 for d in diffs) / max(1, n - 1)
    return mean, (variance / n) ** 0.5


def ablate(
    make_ranker: Callable[[dict[str, Any]], Ranker],
    evaluate: Callable[[str, Ranker], dict[str, Any]],
    full: dict[str, Any],
    levers: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Scores of each variant whose setting exists, with paired differences from ``full``.

    ``levers`` (default :data:`LEVERS`): variant name -> the retrieval settings it changes."""
    from briefing.core.settings import RetrievalSettings

    known = set(RetrievalSettings.model_fields)
    full_ranks = [q["rank"] for q in full["questions"]]
    out: dict[str, Any] = {"full": full["overall"]}
    for name, settings in (levers or LEVERS).items():
        if not set(settings) <= known:
            continue
        result = evaluate(name, make_ranker({f"retrieval.{s}": v for s, v in settings.items()}))
        ranks = [q["rank"] for q in result["questions"]]
        out[name] = {
            **result["overall"],
            "delta": {m: _paired(full_ranks, ranks, m) for m in METRICS},
            "p50_ms": result["latency_ms"]["p50"],
        }
    return out


def ablation_table(ablation: dict[str, Any]) -> str:
    """One line per variant: scores, and the change from the full system ± its paired s.e."""
    lines = [
        f"{'variant':<16} {'n':>4} {'Hits@1':>7} {'Hits@5':>7} {'Hits@10':>8} {'MRR@10':>7}   "
        + "   ".join(f"Δ{m} ± s.e." for m in ("H@1", "H@10", "MRR")),
    ]
    full = ablation["full"]
    lines.append(
        f"{'full':<16} {full['n']:>4} {full['hits@1']:>7.3f} {full['hits@5']:>7.3f} "
        f"{full['hits@10']:>8.3f} {full['mrr@10']:>7.3f}"
    )
    for name, s in ablation.items():
        if name == "full":
            continue
        deltas = "   ".join(
            f"{s['delta'][m][0]:+.3f} ± {s['delta'][m][1]:.3f}" for m in ("hits@1", "hits@10", "mrr@10")
        )
        lines.append(
            f"{name:<16} {s['n']:>4} {s['hits@1']:>7.3f} {s['hits@5']:>7.3f} "
            f"{s['hits@10']:>8.3f} {s['mrr@10']:>7.3f}   {deltas}"
        )
    return "\n".join(lines)
