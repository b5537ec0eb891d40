"""Build bench/data/honest_qa.jsonl: the frozen answer-or-abstain dev set (see bench/data/README.md).

Three kinds of question over the shared corpora (fakes_syria, meantime_en, wikinews_2004):

* ``unanswerable``: hand-written questions that reuse the names and words of real articles but
  ask for something no article says (a swapped entity, another event, an absent relation or
  measure). Each was checked by searching every sentence of its corpus for the words an answer
  would need (``probe`` terms kept in the commit message of the set's first version);
* ``removed``: questions of ``dev_qa.jsonl`` whose gold articles are left out of the index and
  whose answer string occurs in no remaining article of the corpus;
* ``answerable``: questions of ``dev_qa_hard.jsonl`` whose gold articles stay in the index.

Every question goes to the ``dev`` or the ``heldout`` half, alternating within each kind and
corpus (seeded, stable). The index to ask them against holds the three corpora minus
``removed_article_ids`` (one list in the first line's ``remove`` field is not used: the bench
script takes the union over all lines).

Run once; the output is committed and frozen: ``python bench/make_honest_qa.py``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = Path("/work/shared/data")
FILES = {
    "fakes_syria": "fakes_syria/articles.jsonl",
    "meantime_en": "meantime_en/articles.jsonl",
    "wikinews_2004": "wikinews_2004/wikinews_articles.jsonl",
}
SEED = 12
N_REMOVED = 24
N_ANSWERABLE = 60

UNANSWERABLE = [
    ("meantime_en", "absent-relation", "Who is the chief executive of Ryanair?"),
    ("meantime_en", "absent-measure", "How many passengers can the Airbus A400M carry?"),
    ("meantime_en", "swapped-relation", "Who succeeded Mary Barra as chief executive of General Motors?"),
    ("meantime_en", "absent-measure", "How many employees does Apple Corps have?"),
    ("meantime_en", "absent-measure", "What is the top speed of the Boeing 787 Dreamliner?"),
    ("meantime_en", "absent-relation", "How much did Penske pay for General Motors' Saturn unit?"),
    ("meantime_en", "swapped-entity", "Who is the chief executive of Aer Lingus' rival Ryanair?"),
    ("meantime_en", "absent-measure", "What is the population of Romania?"),
    ("meantime_en", "swapped-entity", "How many dealerships does Ford plan to close?"),
    ("meantime_en", "swapped-entity", "How many jobs will Boeing cut?"),
    ("meantime_en", "swapped-entity", "How much annual profit did Chrysler post in 2010?"),
    ("meantime_en", "absent-relation", "Who designed the iPhone 4 antenna?"),
    ("meantime_en", "absent-measure", "What was Japan's unemployment rate when it entered recession?"),
    ("meantime_en", "absent-measure", "How much did Singapore Airlines pay for its first A380?"),
    ("meantime_en", "absent-measure", "How many branches does Bank of America have?"),
    ("meantime_en", "absent-measure", "How many cars did Fiat sell in 2010?"),
    (
        "meantime_en",
        "absent-relation",
        "How much did Apple pay Cisco to settle the iPhone trademark dispute?",
    ),
    ("meantime_en", "absent-measure", "How tall is the Airbus A380?"),
    ("meantime_en", "absent-relation", "Who founded Northrop Grumman?"),
    ("meantime_en", "absent-measure", "What was the price of a barrel of oil when the Dow fell 340 points?"),
    ("meantime_en", "swapped-entity", "How many Boeing 787 Dreamliners did Aer Lingus order?"),
    ("meantime_en", "absent-relation", "Who is the chairman of the Government Accountability Office?"),
    ("meantime_en", "absent-measure", "What is the seating capacity of the Boeing 717?"),
    ("wikinews_2004", "absent-measure", "How much money did Boeing pay Darleen Druyun?"),
    ("wikinews_2004", "absent-relation", "Who replaced Hari Kostov as prime minister of Macedonia?"),
    ("wikinews_2004", "absent-measure", "What is the population of Vanuatu?"),
    ("wikinews_2004", "absent-relation", "Who directed Meet the Fockers?"),
    ("wikinews_2004", "absent-measure", "What is the population of Mumbai?"),
    ("wikinews_2004", "absent-measure", "How fast was the Chinese submarine travelling in Japanese waters?"),
    (
        "wikinews_2004",
        "absent-measure",
        "How long did the jury deliberate before recommending death for Scott Peterson?",
    ),
    ("wikinews_2004", "absent-relation", "Who is the wife of the world's most-spammed man?"),
    (
        "wikinews_2004",
        "swapped-entity",
        "What Torino Scale rating did the 16-foot asteroid that passed between Earth and satellites get?",
    ),
    ("wikinews_2004", "absent-measure", "How much bail did Pinochet pay?"),
    ("wikinews_2004", "absent-relation", "Who is the mayor of Brisbane?"),
    (
        "wikinews_2004",
        "absent-measure",
        "What was the score of the Champions League match between Real Madrid and Juventus?",
    ),
    ("wikinews_2004", "absent-measure", "How old is the drug dealer Beira-Mar?"),
    ("wikinews_2004", "absent-relation", "Which company built the engines of the Delta 4 Heavy rocket?"),
    ("wikinews_2004", "absent-relation", "What is the name of Robinho's father?"),
    ("wikinews_2004", "absent-measure", "What is the GDP of Zambia?"),
    ("wikinews_2004", "absent-relation", "When did Tom Ridge become governor of Pennsylvania?"),
    (
        "wikinews_2004",
        "absent-measure",
        "How many votes did Harry Reid receive in the Democratic leadership election?",
    ),
    ("wikinews_2004", "absent-relation", "Who designed the Firefox logo?"),
    ("wikinews_2004", "absent-measure", "How many people live in Rondonia?"),
    ("wikinews_2004", "swapped-entity", "How many people died in the Stockholm explosion?"),
    ("wikinews_2004", "absent-measure", "How many Lycos Europe employees ran the anti-spam campaign?"),
    ("wikinews_2004", "absent-relation", "Which architect designed the Baghdad Green Zone?"),
    ("wikinews_2004", "swapped-entity", "How much aid did Germany pledge to the tsunami relief effort?"),
    ("wikinews_2004", "absent-measure", "What is the length of the Battle of the Bulge reenactment route?"),
    ("wikinews_2004", "absent-relation", "Who is the Vanuatu envoy's employer?"),
    ("fakes_syria", "absent-relation", "Who is the governor of Idlib?"),
    ("fakes_syria", "absent-relation", "Who commanded the Russian airstrike on the MSF hospital in Idlib?"),
    (
        "fakes_syria",
        "absent-relation",
        "What is the name of the pilot who carried out the Khan Sheikhoun chemical attack?",
    ),
    ("fakes_syria", "swapped-entity", "How many cruise missiles did Russia fire at the Shayrat airbase?"),
    ("fakes_syria", "absent-relation", "When was the Syrian Observatory for Human Rights founded?"),
    ("fakes_syria", "absent-relation", "Who funds the Syrian Observatory for Human Rights?"),
    (
        "fakes_syria",
        "swapped-entity",
        "How many Turkish soldiers were killed in the coalition airstrikes on Manbij?",
    ),
    ("fakes_syria", "absent-measure", "How tall is the Aleppo citadel?"),
    ("fakes_syria", "absent-relation", "Who is the mayor of Homs?"),
    ("fakes_syria", "absent-measure", "What is the annual budget of the White Helmets?"),
    ("fakes_syria", "absent-relation", "Who was Iran's foreign minister before Mohammad Javad Zarif?"),
    ("fakes_syria", "absent-relation", "Which company manufactured the sarin used in Khan Sheikhoun?"),
    ("fakes_syria", "absent-measure", "What is the population of Atareb?"),
    ("fakes_syria", "absent-relation", "When did Zahran Alloush found Jaysh al-Islam?"),
    ("fakes_syria", "absent-measure", "How many Hezbollah fighters died in Qalamoun in July 2016?"),
    ("fakes_syria", "absent-measure", "How many Kurdish fighters defend Hasaka city?"),
    ("fakes_syria", "absent-relation", "Who is the commander of the Russian forces at Hmeimim air base?"),
    ("fakes_syria", "absent-measure", "How much did the UN aid convoy struck near Aleppo cost?"),
    ("fakes_syria", "absent-relation", "Who is the Syrian minister of health?"),
    ("fakes_syria", "absent-measure", "How many tonnes of sarin did Syria produce in 2016?"),
    ("fakes_syria", "other-event", "How many people were killed in the 2019 Idlib chemical attack?"),
    ("fakes_syria", "absent-relation", "Who is the spokesman of the Kurdish YPG in Afrin?"),
    ("fakes_syria", "absent-measure", "What is the area of Eastern Ghouta in square kilometres?"),
    (
        "fakes_syria",
        "absent-relation",
        "What is the name of the hospital director killed in the Idlib MSF hospital strike?",
    ),
]


def _texts(corpus: str) -> dict[str, str]:
    rows = [json.loads(line) for line in (DATA / FILES[corpus]).open(encoding="utf-8")]
    return {r["id"]: f"{r.get('title', '')}\n{r['text']}" for r in rows}


def _removed(rng: random.Random) -> list[dict]:
    """dev_qa questions whose answer is nowhere once their gold articles are gone."""
    rows = [json.loads(line) for line in (HERE / "data" / "dev_qa.jsonl").open(encoding="utf-8")]
    texts = {c: _texts(c) for c in FILES}
    eligible = []
    for row in rows:
        rest = [t for aid, t in texts[row["corpus"]].items() if aid not in row["gold_article_ids"]]
        if not any(row["answer"].casefold() in t.casefold() for t in rest):
            eligible.append(row)
    rng.shuffle(eligible)
    return eligible[:N_REMOVED]


def main() -> None:
    rng = random.Random(SEED)
    out: list[dict] = []
    for n, (corpus, trap, question) in enumerate(UNANSWERABLE, 1):
        out.append(
            {
                "qid": f"un-{n:03d}",
                "question": question,
                "answerable": False,
                "kind": "unanswerable",
                "trap": trap,
                "corpus": corpus,
            }
        )
    removed = _removed(rng)
    gone = {aid for row in removed for aid in row["gold_article_ids"]}
    for row in removed:
        out.append(
            {
                "qid": f"rm-{row['qid']}",
                "question": row["question"],
                "answerable": False,
                "kind": "removed",
                "trap": "answer article removed",
                "corpus": row["corpus"],
                "removed_article_ids": row["gold_article_ids"],
                "absent_answer": row["answer"],
            }
        )
    hard = [json.loads(line) for line in (HERE / "data" / "dev_qa_hard.jsonl").open(encoding="utf-8")]
    hard = [r for r in hard if not gone & set(r["gold_article_ids"])]
    rng.shuffle(hard)
    for row in sorted(hard[:N_ANSWERABLE], key=lambda r: r["qid"]):
        out.append(
            {
                "qid": f"an-{row['qid']}",
                "question": row["question"],
                "answerable": True,
                "kind": "answerable",
                "corpus": row["corpus"],
                "answer": row["answer"],
                "gold_article_ids": row["gold_article_ids"],
                "gold_sentences": row["gold_sentences"],
            }
        )
    counters: dict[tuple[str, str], int] = {}
    for row in out:
        key = (row["kind"], row["corpus"])
        counters[key] = counters.get(key, 0) + 1
        row["half"] = "dev" if counters[key] % 2 else "heldout"
    path = HERE / "data" / "honest_qa.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} questions -> {path}")


if __name__ == "__main__":
    main()
