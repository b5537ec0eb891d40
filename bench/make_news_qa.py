"""Build ``bench/data/news_qa.jsonl`` from the hand-written drafts (how: ``bench/data/README.md``).

Steps, all deterministic: draw the articles the drafts were written from; find each draft's gold
sentence; derive the distractor copies (``news_corpus.distractors``); sweep every article of the
index (shared corpora and distractors) for other articles that state the answer; split the
questions into a dev half and a held-out ``test`` half. ``--review`` lists the borderline
articles of the sweep (the answer is there, the sentence shares few words) for reading by hand.

    python bench/make_news_qa.py [--review]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.news_corpus import contains, distractors, read_articles  # noqa: E402

SHARED = Path("/work/shared/data")
DRAFTS = HERE / "data" / "news_qa_drafts.txt"
OUT = HERE / "data" / "news_qa.jsonl"
SAMPLE_SEED = 20261207
WANT = {"fakes_syria": 150, "meantime_en": 50, "wikinews_2004": 30}
GOLD_OVERLAP = 0.35  # share of the gold sentence's terms another answer-holding sentence must have
REVIEW_OVERLAP = 0.15
_RELATIVE = re.compile(
    r"\b(today|yesterday|tonight|this (week|month|year|morning)|last (week|month|year)|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|previous \d+ hours)\b",
    re.IGNORECASE,
)
REVIEWED_GOLD = {  # read by hand among the borderline sweep hits (--review): they state the answer
    "news-010": ["fakes:1924058173", "fakes:1918398799"],  # the same July 2016 Manbij raids
    "news-018": ["fakes:1926479207"],  # the same Raqqa raids, "nine air raids on the city"
    "news-067": ["fakes:1923848289", "fakes:1923102911"],  # the Tall Tawil wedding bombing
    "news-080": ["fakes:1923102847"],  # the same Aleppo gas barrel, al-Quds hospital's manager
    "news-100": ["fakes:1923848257"],  # the same Maaret al-Numan market strike
    "news-106": ["fakes:1926479389"],  # "by one account - some 1300"
    "news-140": ["fakes:1918398785"],  # Hezbollah backing the army in Qalamoun (another day)
    "news-146": ["fakes:1923102889"],  # the October 13 Sulemaniyeh school shelling
    "news-156": ["meantime_en:199629"],  # the free iPhone 4 case, announced the day before
    "news-181": ["meantime_en:47720"],  # "14 plants closed by 2012"
}
_SPLIT = re.compile(r'(?<=[.!?])\s+(?=[A-Z"])')


def sample(articles: dict[str, dict[str, Any]], used: set[str]) -> list[tuple[str, str, str]]:
    """(corpus, article id, the sentence shown to the writer besides the lead), in drafting order."""
    rng = random.Random(SAMPLE_SEED)
    out = []
    for corpus, want in WANT.items():
        ids = sorted(
            a
            for a, r in articles.items()
            if r["corpus"] == corpus and a not in used and len(r["text"].split()) >= 120
        )
        for aid in rng.sample(ids, min(want, len(ids))):
            text = articles[aid]["text"].replace("\n", " ")
            shown = [x.strip() for x in _SPLIT.split(text) if 40 < len(x.strip()) < 400]
            if len(shown) < 4:
                continue
            body = shown[2:]
            with_number = [x for x in body if re.search(r"\d", x)]
            pick = rng.choice(with_number) if with_number and rng.random() < 0.6 else rng.choice(body)
            out.append((corpus, aid, pick))
    return out


def gold_sentence(record: dict[str, Any], answer: str, shown: str, where: str) -> str:
    """The sentence the draft was written from: the shown one (S), else the first holding the answer."""
    from briefing.text.sentences import split_sentences

    if where == "S":
        if not contains(shown, answer):
            raise SystemExit(f"{record['id']}: answer {answer!r} not in the shown sentence")
        return shown
    text = record["text"]
    for a, b in split_sentences(text):
        if contains(text[a:b], answer):
            return text[a:b]
    if contains(record["title"], answer):
        return record["title"]
    raise SystemExit(f"{record['id']}: answer {answer!r} not found")


@cache
def _sentences(text: str) -> tuple[str, ...]:
    from briefing.text.sentences import split_sentences

    return tuple(text[a:b] for a, b in split_sentences(text))


def sentences_with(record: dict[str, Any], answer: str) -> list[str]:
    text, title = record["text"], record["title"] or ""
    if answer.lower() not in f"{text}\n{title}".lower():
        return []
    found = [s for s in _sentences(text) if contains(s, answer)]
    return found + ([title] if contains(title, answer) else [])


def overlap(sentence: str, gold_terms: set[str]) -> float:
    from briefing.text.terms import terms

    return len(set(terms(sentence)) & gold_terms) / max(1, len(gold_terms))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--review", action="store_true", help="list borderline sweep hits")
    parser.add_argument("--corpora", type=Path, default=SHARED)
    args = parser.parse_args(argv)
    from briefing.text.terms import terms

    articles = read_articles(args.corpora)
    used = {
        a
        for name in ("dev_qa.jsonl", "dev_qa_hard.jsonl")
        for line in (HERE / "data" / name).read_text().splitlines()
        for a in json.loads(line)["gold_article_ids"]
    }
    drawn = sample(articles, used)
    rows = []
    for line in DRAFTS.read_text(encoding="utf-8").splitlines():
        index, question, answer, where = line.split("|")
        corpus, aid, shown = drawn[int(index)]
        record = articles[aid]
        rows.append(
            {
                "qid": f"news-{int(index):03d}",
                "question": question,
                "answer": answer,
                "source_article": aid,
                "gold_sentence": gold_sentence(record, answer, shown, where),
                "corpus": corpus,
                "as_of": record.get("published"),
            }
        )
    extra = distractors(rows, articles)
    everything = {**articles, **{r["id"]: r for r in extra}}
    rng = random.Random(SAMPLE_SEED + 1)
    halves: dict[str, str] = {}
    for corpus in WANT:
        qids = [r["qid"] for r in rows if r["corpus"] == corpus]
        rng.shuffle(qids)
        halves.update({q: ("dev" if n % 2 == 0 else "test") for n, q in enumerate(qids)})
    out = []
    for row in rows:
        gold_terms = set(terms(row["gold_sentence"]))
        gold, sentences, review = [row["source_article"]], [row["gold_sentence"]], []
        for aid, record in everything.items():
            if aid == row["source_article"]:
                continue
            held = sentences_with(record, row["answer"])
            best = max(((overlap(s, gold_terms), s) for s in held), default=(0.0, ""))
            derived = aid.split(":", 1)[1] == row["source_article"] and best[1] != ""
            if best[0] >= GOLD_OVERLAP or derived or aid in REVIEWED_GOLD.get(row["qid"], []):
                gold.append(aid)
                sentences.append(best[1])
            elif best[0] >= REVIEW_OVERLAP:
                review.append((round(best[0], 2), aid, best[1][:160]))
        question_terms = set(terms(row["question"]))
        shared = len(question_terms & set(terms(" ".join(sentences)))) / max(1, len(question_terms))
        out.append(
            {
                "qid": row["qid"],
                "question": row["question"],
                "answer": row["answer"],
                "gold_article_ids": gold,
                "gold_sentences": list(dict.fromkeys(sentences)),
                "corpus": row["corpus"],
                "half": halves[row["qid"]],
                "wording": "lexical" if shared >= 0.6 else "paraphrase",
                "relative_date": bool(_RELATIVE.search(row["question"])),
                "as_of": row["as_of"],
            }
        )
        if args.review and review:
            print(f"{row['qid']} {row['question']} [{row['answer']}] gold={gold}")
            for item in sorted(review, reverse=True)[:6]:
                print("   ", item)
    with OUT.open("w", encoding="utf-8") as handle:
        for row in out:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    multi = sum(1 for r in out if len(r["gold_article_ids"]) > 1)
    print(
        f"{len(out)} questions ({sum(r['half'] == 'test' for r in out)} held out), {len(extra)} distractors "
        f"({sum(r['id'].startswith('twin:') for r in extra)} twins), {multi} questions with >1 gold -> {OUT}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
