"""Verify bench/data/dev_qa.jsonl against the source corpora; exit non-zero on any problem.

Checks, per line:
* the record is a JSON object with the required fields and types, and a known corpus;
* questions (and qids, when present) are unique;
* every gold article id exists in that corpus;
* the ``answer`` string occurs verbatim in every gold sentence;
* every gold sentence occurs verbatim in the text of at least one gold article;
* every gold article contains at least one of the gold sentences (so each listed article is
  backed by a citable sentence, not just by a guess).

Usage: ``python bench/check_dev_qa.py [--data FILE] [--corpora DIR]``
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE / "data" / "dev_qa.jsonl"
DEFAULT_CORPORA = Path(os.environ.get("BRIEFING_BENCH_DATA", "/work/shared/data"))

# corpus name -> JSONL file under the corpora directory
CORPUS_FILES = {
    "fakes_syria": "fakes_syria/articles.jsonl",
    "meantime_en": "meantime_en/articles.jsonl",
    "wikinews_2004": "wikinews_2004/wikinews_articles.jsonl",
}
REQUIRED = {
    "question": str,
    "answer": str,
    "gold_article_ids": list,
    "gold_sentences": list,
    "corpus": str,
}


def load_corpus(path: Path) -> dict[str, list[str]]:
    """Article id -> texts of every record with that id (a few ids repeat in FA-KES)."""
    texts: dict[str, list[str]] = collections.defaultdict(list)
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                texts[str(record["id"])].append(record.get("text") or "")
    return texts


def check(data: Path, corpora: Path) -> tuple[list[str], collections.Counter]:
    problems: list[str] = []
    counts: collections.Counter = collections.Counter()
    corpus_cache: dict[str, dict[str, list[str]]] = {}
    seen_questions: set[str] = set()
    seen_qids: set[str] = set()

    with data.open(encoding="utf-8") as f:
        lines = f.readlines()
    for lineno, line in enumerate(lines, 1):
        where = f"line {lineno}"
        if not line.strip():
            problems.append(f"{where}: empty line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: invalid JSON ({exc})")
            continue
        if not isinstance(row, dict):
            problems.append(f"{where}: not a JSON object")
            continue
        where = f"line {lineno} ({row.get('qid', '?')})"
        bad_fields = [k for k, t in REQUIRED.items() if not isinstance(row.get(k), t) or not row.get(k)]
        if bad_fields:
            problems.append(f"{where}: missing, empty or mistyped fields {bad_fields}")
            continue
        corpus = row["corpus"]
        if corpus not in CORPUS_FILES:
            problems.append(f"{where}: unknown corpus {corpus!r}")
            continue
        counts[corpus] += 1

        question = row["question"].strip()
        if question in seen_questions:
            problems.append(f"{where}: duplicate question {question!r}")
        seen_questions.add(question)
        qid = row.get("qid")
        if qid is not None:
            if qid in seen_qids:
                problems.append(f"{where}: duplicate qid {qid!r}")
            seen_qids.add(qid)

        if corpus not in corpus_cache:
            path = corpora / CORPUS_FILES[corpus]
            if not path.is_file():
                problems.append(f"{where}: corpus file not found: {path}")
                return problems, counts
            corpus_cache[corpus] = load_corpus(path)
        texts = corpus_cache[corpus]

        ids = row["gold_article_ids"]
        sentences = row["gold_sentences"]
        answer = row["answer"]
        if len(set(ids)) != len(ids):
            problems.append(f"{where}: duplicate gold article ids")
        if not all(isinstance(s, str) and s for s in sentences):
            problems.append(f"{where}: gold_sentences must be non-empty strings")
            continue
        missing = [i for i in ids if i not in texts]
        if missing:
            problems.append(f"{where}: gold article ids not in {corpus}: {missing}")
        for sentence in sentences:
            if answer not in sentence:
                problems.append(f"{where}: answer {answer!r} not in gold sentence {sentence[:80]!r}")
            if not any(sentence in text for i in ids for text in texts.get(i, [])):
                problems.append(f"{where}: gold sentence not found in any gold article: {sentence[:80]!r}")
        for i in ids:
            if i in texts and not any(s in text for s in sentences for text in texts[i]):
                problems.append(f"{where}: gold article {i} contains none of the gold sentences")
    return problems, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the question file to check")
    parser.add_argument(
        "--corpora", type=Path, default=DEFAULT_CORPORA, help="directory holding the corpus folders"
    )
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"not found: {args.data}", file=sys.stderr)
        return 2
    problems, counts = check(args.data, args.corpora)
    total = sum(counts.values())
    summary = ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"FAILED: {len(problems)} problem(s) in {total} questions ({summary})", file=sys.stderr)
        return 1
    print(f"OK: {total} questions ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
