"""Build ``bench/data/quiz_qa.jsonl``: quiz-style questions over long articles with other-year twins.

The kept-aside check of issue 16 asks short quiz questions ("Which carmaker recalled 2.9 million
vehicles this week?") about the main story of long news articles, in an archive that also holds
similar stories from other years. This set is made in that image (how: ``bench/data/README.md``):

1. ``--show`` draws the long articles (deterministic) and prints what the question writer saw:
   title, lead and one sentence with a number. The drafts (``quiz_qa_drafts.txt``) were written
   from that view, before any retrieval change was measured on them, and are frozen.
2. Every drawn article gets a **twin from another year** (``qtwin:<id>``): the same story with a
   fifth of its sentences dropped, every number changed and dates moved 1-3 years — it would
   answer the question but for the number or the date the question pins. Twins are never gold.
3. Gold: the drawn article plus every other article (shared corpora, and the news set's short
   wire copies, which the evaluation index also holds) that states the answer in a sentence
   sharing >= 50 % of the answer sentence's terms (the copies of one wire story).
4. Halves: ``dev`` for tuning, ``test`` held out (alternating within each corpus, shuffled).

    python bench/make_quiz_qa.py --show     # the drafting view
    python bench/make_quiz_qa.py            # drafts -> quiz_qa.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.make_news_qa import overlap, sentences_with  # noqa: E402
from bench.news_corpus import read_articles, renumber  # noqa: E402

SHARED = Path("/work/shared/data")
DRAFTS = HERE / "data" / "quiz_qa_drafts.txt"
OUT = HERE / "data" / "quiz_qa.jsonl"
SEED = 20261208
WANT = {"fakes_syria": 150, "meantime_en": 50, "wikinews_2004": 20}
MIN_WORDS = {"fakes_syria": 350, "meantime_en": 230, "wikinews_2004": 220}  # "long" per corpus
GOLD_OVERLAP = 0.5  # stricter than news_qa: quiz answers are often a bare place or group name
TWIN_DROP = 0.2  # share of a twin's sentences dropped
_RELATIVE = re.compile(
    r"\b(today|yesterday|tonight|this (week|month|year|weekend)|last (week|month|year)|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion)\b", re.I
)


def _five_grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def draw(articles: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """(corpus, article id) of the long articles questions are written about; one per wire story."""
    rng = random.Random(SEED)
    out = []
    for corpus, want in WANT.items():
        ids = sorted(
            a
            for a, r in articles.items()
            if r["corpus"] == corpus and len(r["text"].split()) >= MIN_WORDS[corpus]
        )
        rng.shuffle(ids)
        kept: dict[str, set[tuple[str, ...]]] = {}
        for aid in ids:
            grams = _five_grams(articles[aid]["text"])
            if any(len(grams & g) >= 0.5 * min(len(grams), len(g)) for g in kept.values()):
                continue  # a copy of a story already drawn
            kept[aid] = grams
            out.append((corpus, aid))
            if len(kept) == want:
                break
    return out


def _sentences(text: str) -> list[str]:
    from briefing.text.sentences import split_sentences

    return [text[a:b] for a, b in split_sentences(text)]


def show(articles: dict[str, dict[str, Any]]) -> None:
    rng = random.Random(SEED + 2)
    for index, (corpus, aid) in enumerate(draw(articles)):
        record = articles[aid]
        sentences = _sentences(record["text"].replace("\n", " "))
        lead = " ".join(sentences[:2])[:420]
        numbered = [s for s in sentences[2:] if re.search(r"\d", s) and len(s) < 300]
        print(f"#{index} {corpus} {record.get('published')} | {record['title'][:150]}")
        print(f"   LEAD: {lead}")
        if numbered:
            print(f"   NUM: {rng.choice(numbered)}")


def twin(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The same story from another year: some sentences dropped, numbers changed, dates moved."""
    import datetime as dt

    years = rng.choice([-3, -2, -1, 1, 2, 3])
    sentences = _sentences(record["text"].replace("\r\n", "\n").strip())
    kept = [s for n, s in enumerate(sentences) if n == 0 or rng.random() >= TWIN_DROP]
    published = record.get("published")
    if published:
        day = dt.date.fromisoformat(published)
        published = day.replace(year=day.year + years, day=min(day.day, 28)).isoformat()
    return {
        "id": f"qtwin:{record['id']}",
        "title": renumber(record["title"], years, rng),
        "published": published,
        "source": record.get("source"),
        "url": None,
        "text": " ".join(renumber(s, years, rng) for s in kept),
        "corpus": record["corpus"],
    }


def twins(rows: list[dict[str, Any]], articles: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The twin of every question's drawn article (deterministic in the question order)."""
    rng = random.Random(SEED + 3)
    return [twin(articles[row["source_article"]], rng) for row in sorted(rows, key=lambda r: r["qid"])]


def news_wire_copies(articles: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The short wire copies of the news set's distractors (same story, same day: gold when they
    state the answer); its other-year twins, like this set's, never are."""
    from bench.news_corpus import distractors

    news = [json.loads(line) for line in (HERE / "data" / "news_qa.jsonl").open(encoding="utf-8")]
    for row in news:
        row["source_article"] = row["gold_article_ids"][0]
    return [r for r in distractors(news, articles) if r["id"].startswith("wire:")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", action="store_true", help="print the drafting view and stop")
    parser.add_argument("--corpora", type=Path, default=SHARED)
    args = parser.parse_args(argv)
    from briefing.text.terms import terms

    articles = read_articles(args.corpora)
    if args.show:
        show(articles)
        return 0
    drawn = draw(articles)
    rows = []
    for line in DRAFTS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        index, question, answer = line.split("|")
        corpus, aid = drawn[int(index)]
        held = sentences_with(articles[aid], answer)
        if not held:
            raise SystemExit(f"q{index} {aid}: answer {answer!r} not in the article")
        rows.append(
            {
                "qid": f"quiz-{int(index):03d}",
                "question": question,
                "answer": answer,
                "source_article": aid,
                "gold_sentence": held[0],
                "corpus": corpus,
                "as_of": articles[aid].get("published"),
            }
        )
    rng = random.Random(SEED + 1)
    halves: dict[str, str] = {}
    for corpus in WANT:
        qids = [r["qid"] for r in rows if r["corpus"] == corpus]
        rng.shuffle(qids)
        halves.update({q: ("dev" if n % 2 == 0 else "test") for n, q in enumerate(qids)})
    out = []
    swept = {**articles, **{r["id"]: r for r in news_wire_copies(articles)}}
    for row in rows:
        gold_terms = set(terms(row["gold_sentence"]))
        gold, sentences = [row["source_article"]], [row["gold_sentence"]]
        for aid, record in swept.items():
            if aid == row["source_article"]:
                continue
            held = sentences_with(record, row["answer"])
            best = max(((overlap(s, gold_terms), s) for s in held), default=(0.0, ""))
            if best[0] >= GOLD_OVERLAP:
                gold.append(aid)
                sentences.append(best[1])
        question = row["question"]
        out.append(
            {
                "qid": row["qid"],
                "question": question,
                "answer": row["answer"],
                "gold_article_ids": gold,
                "gold_sentences": list(dict.fromkeys(sentences)),
                "corpus": row["corpus"],
                "half": halves[row["qid"]],
                "relative_date": bool(_RELATIVE.search(question)),
                "number": bool(_NUMBER.search(question)),
                "as_of": row["as_of"],
            }
        )
    with OUT.open("w", encoding="utf-8") as handle:
        for row in out:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    held_out = sum(r["half"] == "test" for r in out)
    print(f"{len(out)} questions ({held_out} held out) -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
