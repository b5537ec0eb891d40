"""The distractor-rich news index of ``bench/data/news_qa.jsonl``: shared corpora plus derived copies.

Real news archives hold the same kind of story from other years (a recall, a launch, a daily
casualty round-up) and shorter wire versions of a story. The shared corpora have some of that
(FA-KES round-ups, MEANTIME's stock cluster); this module adds two kinds of distractor for the
gold article of each question, derived deterministically from the question file:

* a **twin from another year** (``twin:<id>``): the article without any sentence holding the
  answer, every number changed, years and the publication date moved by 1-3 years — the
  "similar story from another year" that a question about "this week" or "2.9 million" must
  not confuse with the one asked about;
* a **short wire copy** (``wire:<id>``): the same title and lead, cut before the answer's
  first sentence — a near-duplicate that does not answer.

Both are written so that they do not contain the answer; ``make_news_qa.py`` still sweeps them
(with every other article) for the answer when it lists the gold ids.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

CORPUS_FILES = {
    "fakes_syria": "fakes_syria/articles.jsonl",
    "meantime_en": "meantime_en/articles.jsonl",
    "wikinews_2004": "wikinews_2004/wikinews_articles.jsonl",
}
SEED = 20261207
TWIN_SHARE = 0.5  # of the gold articles get a twin from another year
WIRE_SHARE = 0.4  # get a short wire copy (when the answer is not in the first 3 sentences)
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_NUMBER_WORDS = "two three four five six seven eight nine ten eleven twelve fifteen twenty".split()  # noqa: SIM905
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def read_articles(root: Path, names: Iterable[str] = CORPUS_FILES) -> dict[str, dict[str, Any]]:
    """id -> record of the shared corpora (first record of a repeated id), non-empty texts only."""
    articles: dict[str, dict[str, Any]] = {}
    for name in names:
        with (root / CORPUS_FILES[name]).open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if (record.get("text") or "").strip():
                    articles.setdefault(str(record["id"]), {**record, "corpus": name})
    return articles


def contains(text: str, answer: str) -> bool:
    """The answer as whole words, case-insensitive."""
    return re.search(r"(?<!\w)" + re.escape(answer.lower()) + r"(?!\w)", text.lower()) is not None


def distractors(questions: list[dict[str, Any]], articles: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Twins and wire copies of the questions' first gold articles (deterministic)."""
    from briefing.text.sentences import split_sentences

    rng = random.Random(SEED)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in sorted(questions, key=lambda r: r["qid"]):
        source_id = row["source_article"]
        if source_id in seen:
            continue
        seen.add(source_id)
        record = articles[source_id]
        text = record["text"].replace("\r\n", "\n").strip()
        sentences = [text[a:b] for a, b in split_sentences(text)]
        answers = [row["answer"], *row.get("also_drop", [])]
        holds = [any(contains(s, a) for a in answers) for s in sentences]
        if rng.random() < TWIN_SHARE:
            out.append(_twin(record, sentences, holds, rng))
        first = holds.index(True) if True in holds else 0
        if rng.random() < WIRE_SHARE and first >= 3 and not contains(record["title"], row["answer"]):
            out.append(_wire(record, sentences[:first]))
    return out


def _twin(
    record: dict[str, Any], sentences: list[str], holds: list[bool], rng: random.Random
) -> dict[str, Any]:
    years = rng.choice([-3, -2, -1, 1, 2, 3])
    kept = [renumber(s, years, rng) for s, held in zip(sentences, holds, strict=True) if not held]
    published = record.get("published")
    if published:
        day = dt.date.fromisoformat(published)
        published = day.replace(year=day.year + years, day=min(day.day, 28)).isoformat()
    return {
        "id": f"twin:{record['id']}",
        "title": renumber(record["title"], years, rng),
        "published": published,
        "source": record.get("source"),
        "url": None,
        "text": " ".join(kept),
        "corpus": record["corpus"],
    }


def _wire(record: dict[str, Any], lead: list[str]) -> dict[str, Any]:
    return {
        "id": f"wire:{record['id']}",
        "title": record["title"],
        "published": record.get("published"),
        "source": record.get("source"),
        "url": None,
        "text": " ".join(lead),
        "corpus": record["corpus"],
    }


def renumber(text: str, years: int, rng: random.Random) -> str:
    """Every number changed: years moved by ``years``, counts scaled, number words swapped."""

    def number(match: re.Match[str]) -> str:
        raw = match.group()
        plain = raw.replace(",", "")
        try:
            value = float(plain)
        except ValueError:
            return raw
        if "." not in plain and 1950 <= value <= 2030:
            return str(int(value) + years)
        factor = rng.choice([0.5, 0.6, 0.7, 1.3, 1.5, 2.0])
        if "." in plain and not plain.endswith("."):
            decimals = len(plain.split(".")[1])
            new = f"{value * factor:.{decimals}f}"
        else:
            whole = round(value * factor)
            new = str(whole if whole != int(value) else whole + 1)
            if "," in raw:
                new = f"{int(new):,}"
        return new

    def word(match: re.Match[str]) -> str:
        raw = match.group()
        other = rng.choice([w for w in _NUMBER_WORDS if w != raw.lower()])
        return other.capitalize() if raw[0].isupper() else other

    return _NUMBER_WORD.sub(word, _NUMBER.sub(number, text))


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
