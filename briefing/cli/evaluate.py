"""`briefing eval`: score the index on a file of questions with known answers.

Registered on the main group by :mod:`briefing.cli.main`; the metrics live in
:mod:`briefing.service.evaluate`, the shared options in :mod:`briefing.cli.options`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefing.cli.options import friendly_errors, index_options, make_service, print_json

if TYPE_CHECKING:
    from briefing.service.evaluate import Report

EXAMPLES = """
\b
Examples:
  briefing ingest examples/eval_articles.jsonl --index /tmp/wikinews
  briefing eval --qa examples/eval_qa.jsonl --index /tmp/wikinews
  briefing eval --qa my_questions.jsonl --k 5 --json > scores.json

\b
QA file: one JSON object per line, every field but "question" optional:
  {"qid": "q1", "question": "...", "answer": "15,000 people",
   "gold_article_ids": ["..."], "gold_urls": ["https://..."], "gold_sentences": ["..."]}
  {"qid": "q2", "question": "What is the capital of France?", "answerable": false}
"""


@click.command(name="eval", epilog=EXAMPLES)
@click.option(
    "--qa",
    "qa",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.jsonl",
    help="Questions with gold articles and/or answers.",
)
@click.option(
    "-k", "--k", "k", type=click.IntRange(1, 100), default=10, show_default=True, help="Articles retrieved."
)
@click.option(
    "--engine",
    type=click.Choice(["extractive", "auto", "llm"]),
    default="extractive",
    show_default=True,
    help="Answer engine (auto/llm use the configured LLM for every question).",
)
@click.option("--json", "as_json", is_flag=True, help="Print metrics and per-question details as JSON.")
@index_options
def eval_command(**kwargs: Any) -> None:
    """Retrieval Hits@1/5/k and MRR@k, answer accuracy and abstention on a QA file.

    Every question is asked as `briefing ask` would. A retrieved article is gold when its id is
    in gold_article_ids, its url in gold_urls, or its text contains one of gold_sentences
    (spacing ignored). An answer is correct when one of its cited sentences contains "answer"
    (case and spacing ignored); abstaining counts as wrong. A malformed line stops the run with
    its line number. Lines marked "answerable": false are scored by abstention: the report adds
    the share of them abstained on, beside the abstention rate on the answerable questions.
    """
    friendly_errors(_eval)(**kwargs)


def _eval(qa: Path, k: int, engine: str, as_json: bool, index: str | None, chroma_url: str | None) -> None:
    from briefing.service import evaluate as evaluation

    questions = evaluation.load_questions(qa)
    service = make_service(index, chroma_url)
    progress = None
    if not as_json and sys.stderr.isatty():

        def progress(done: int, total: int) -> None:
            click.echo(f"\r{done}/{total} questions", err=True, nl=done == total)

    report = service.evaluate(questions, k=k, engine=engine, path=str(qa), progress=progress)
    if as_json:
        print_json(report.to_dict())
        return
    click.echo("\n".join(summary_lines(report)))


def summary_lines(report: Report) -> list[str]:
    """The human-readable report: metrics, then the questions that missed."""
    r, a, k = report.retrieval, report.answers, report.k
    lines = [
        f"{report.path}: {_many(report.questions, 'question')}, top {_many(k, 'article')}, "
        f"{report.engine} engine"
    ]
    hits = "  ".join(f"Hits@{cut} {_rate(r[f'hits@{cut}'])}" for cut in sorted({1, 5, k}) if cut <= k)
    lines.append(f"retrieval  {_count(r['n'])} with gold articles:  {hits}  MRR@{k} {_rate(r[f'mrr@{k}'])}")
    lines.append(
        f"answers    {_count(a['n'])} with an answer:  correct {_rate(a['accuracy'])} "
        f"({_count(a['correct'])} of {_count(a['n'])})"
    )
    lines.append(
        f"abstained  {_rate(a['abstention_rate'])} ({_count(a['abstained'])} of {report.questions})  "
        f"ask p50 {report.latency_ms['p50']:.0f} ms"
    )
    u = report.unanswerable
    if u["n"]:
        answerable = report.questions - _count(u["n"])
        lines.append(
            f'unanswerable  {_count(u["n"])} marked "answerable": false:  abstained {_rate(u["rate"])} '
            f"({_count(u['abstained'])} of {_count(u['n'])}); abstained on "
            f"{_rate(a['answerable_abstention_rate'])} of the {answerable} answerable"
        )
    name = {o.line: (o.qid or f"line {o.line}") for o in report.outcomes}
    missed = [name[o.line] for o in report.outcomes if o.has_gold and o.rank is None]
    wrong = [name[o.line] for o in report.outcomes if o.answer_correct is False]
    answered = [name[o.line] for o in report.outcomes if not o.answerable and not o.abstained]
    nowhere = [name[o.line] for o in report.outcomes if o.gold_indexed is False]
    if missed:
        lines.append(f"no gold article in the top {k}: {', '.join(missed)}")
    if wrong:
        lines.append(f"answer not in a cited sentence: {', '.join(wrong)}")
    if answered:
        lines.append(f"answered although marked unanswerable: {', '.join(answered)}")
    if nowhere:
        lines.append(f"warning: no gold article id of {', '.join(nowhere)} is in this index (wrong --index?)")
    return lines


def _rate(value: float | None) -> str:
    """A share to three places; "n/a" when it is over no question (never a fake 0.000)."""
    return "n/a" if value is None else f"{value:.3f}"


def _count(value: float | None) -> int:
    return int(value or 0)


def _many(n: int, noun: str) -> str:
    """ "1 question", "2 questions" (a one-line QA file read "1 questions")."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
