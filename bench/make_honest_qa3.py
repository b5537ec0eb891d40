"""Build bench/data/honest_qa3.jsonl: a third frozen answer-or-abstain set (bench/data/README.md).

Issue 12 found ``ask`` answering unanswerable questions over the README's own example, the 98
Wikinews articles of ``examples/eval_articles.jsonl`` (Sears Holdings' CFO, the capital of
France, Narathiwat's population), and a check kept aside asks more of them. This set asks the
same kind of question over exactly that corpus, to tune on, and is asked against an index of
only those 98 articles (the one ``eval_honest.py --set examples`` builds). It follows
``make_honest_qa2.py``:

* ``unanswerable`` (qids ``u3-NNN``): hand-written, short, reusing the names and words of the
  articles so that word overlap is the trap; ``trap`` as in honest_qa2. Each carries ``probes``:
  groups of regular expressions that a sentence answering it would have to match together;
  ``--check`` prints every sentence of the 98 articles matching a group, for reading by hand.
  Questions that a sentence answered are in ``DROPPED`` and left out. None repeats the 13
  unanswerable lines of ``examples/eval_qa.jsonl``.
* ``answerable`` (qids ``a3-NNN``): hand-written, paraphrased, one answer sentence each, none a
  copy of ``examples/eval_qa.jsonl``; ``answer`` occurs in the gold sentence and the gold sentence
  in the gold article (checked here). Same-story copies holding the answer in a sentence sharing
  at least half the gold sentence's content words are added as gold.

``half`` alternates dev/heldout within each kind and trap.

    python bench/make_honest_qa3.py --check   # print probe hits and the gold sweep
    python bench/make_honest_qa3.py           # verify and write the file
"""

# ruff: noqa: E501  (gold sentences and drop reasons are quoted verbatim, one string each)
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from make_honest_qa2 import probe_hits, same_story_gold

HERE = Path(__file__).resolve().parent
ARTICLES = HERE.parent / "examples" / "eval_articles.jsonl"
SE, SR, AM, OT, AA, GK = (
    "swapped-entity",
    "swapped-relation",
    "absent-measure",
    "other-time",
    "absent-attribute",
    "general-knowledge",
)
CORPUS = "examples"

# (trap, question, probes: each probe is a list of regexes one sentence must all match)
UNANSWERABLE: list[tuple[str, str, list[list[str]]]] = [
    # swapped-entity: the fact exists for another person, place, company or country
    (SE, "How much did Germany pledge for tsunami relief?", [["German", "pledge|\\$|donat|aid|relief"]]),
    (SE, "How many people marched against Bush in Halifax?", [["Halifax", "march|protest|demonstrat"]]),
    (SE, "What share of the world's spam comes from Japan?", [["Japan", "spam"]]),
    (SE, "Who is Boeing's chief executive?", [["Boeing", "CEO|chief executive|president"]]),
    (SE, "What does an Ariane 5 launch cost?", [["Ariane", "cost|\\$|price"]]),
    (SE, "How many trees has the Red Cross planted in Kenya?", [["Red Cross", "tree|plant"]]),
    (SE, "How many shanties were demolished in Delhi?", [["Delhi", "shant|demoli|homes"]]),
    (SE, "How many people died in the tsunami in Sri Lanka?", [["Sri Lanka", "dead|died|toll|killed|death"]]),
    (SE, "How many games was Derek Anderson suspended?", [["Anderson", "suspen"]]),
    (SE, "How many seats will Frelimo take in parliament?", [["Frelimo", "seat"]]),
    # swapped-relation: the right entity, another relation
    (SR, "Who founded the Mozilla Foundation?", [["Mozilla", "found(ed|er)|establish|creat"]]),
    (SR, "Who sued SuprNova.org?", [["SuprNova"]]),
    (SR, "Who is the director of the Green Belt Movement?", [["Green Belt", "direct|head|lead|run|chair"]]),
    (SR, "Who founded Sophos?", [["Sophos", "found|establish|creat"]]),
    (SR, "Who is the mayor of Ottawa?", [["Ottawa", "mayor"]]),
    (SR, "Who owns the Noroeste Farm?", [["Noroeste", "own"]]),
    (
        SR,
        "Which company builds the Delta 4's RS68 engine?",
        [["RS68|RS-68", "built|build|made|make|manufactur|design|Rocketdyne"]],
    ),
    (SR, "Who directed The Assassination of Richard Nixon?", [["Nixon", "direct"]]),
    (SR, "Who is the president of Rwanda?", [["Rwand", "president"]]),
    (SR, "Who founded Lycos?", [["Lycos", "found|establish|creat"]]),
    # absent-measure: a figure no article gives
    (
        AM,
        "What is the population of Aceh province?",
        [["Aceh", "population|inhabitants|residents|people live"]],
    ),
    (AM, "How many employees does Sears have?", [["Sears|Kmart", "employ|staff|workers|jobs"]]),
    (
        AM,
        "How much did Mozilla spend developing Firefox?",
        [["Firefox|Mozilla", "cost|\\$|budget|spent|spend"]],
    ),
    (AM, "What is the area of Tatarstan?", [["Tatarstan"]]),
    (AM, "How many members does Austria's Social Democrat Party have?", [["SPOE|Social Democrat", "member"]]),
    (
        AM,
        "How long is the highway that will link Brazil and Peru?",
        [["highway|road", "km|kilomet|miles|long"]],
    ),
    (AM, "How many people live in Cabixi?", [["Cabixi"]]),
    (
        AM,
        "How fast was asteroid 2004 YD5 travelling?",
        [["YD5|asteroid", "speed|mph|km/h|per (second|hour)|fast|velocity"]],
    ),
    (
        AM,
        "How many people died in the 2003 European heatwave?",
        [["heatwave|heat wave|summer", "died|deaths|killed|dead|toll"]],
    ),
    (AM, "How much ransom was paid for Robinho's mother?", [["ransom"]]),
    # other-time: the fact exists for another year, season, match or vote
    (OT, "How many MST camps were there in Brazil in 2004?", [["MST|camps", "2004"]]),
    (OT, "What share of the vote did Gusenbauer get in 1999?", [["Gusenbauer", "1999"]]),
    (OT, "Who won the Nobel Peace Prize in 2003?", [["Nobel", "2003"]]),
    (
        OT,
        "How much did Meet the Parents make at the box office in 2000?",
        [["Parents", "\\$|million|earn|gross|box office"]],
    ),
    (
        OT,
        "How much will Japan's aid to China total in 2005?",
        [["China", "2005"], ["aid|ODA|assistance", "next year"]],
    ),
    (OT, "How many times was Ron Artest suspended in the 2001-2002 season?", [["Artest", "2001|2002"]]),
    (OT, "What did Matthew Hayden score in the Brisbane test?", [["Hayden", "Brisbane"], ["Hayden", "\\d+"]]),
    (OT, "Who won the Brazilian football championship in 2003?", [["champion", "2003"]]),
    (OT, "What was the turnout in Ukraine's December re-run?", [["turnout"]]),
    (OT, "Where did the Sensex close in 2003?", [["Sensex|BSE|index|Nifty", "2003"]]),
    # absent-attribute: a name, type or model nobody gives
    (
        AA,
        "What is the name of the man missing after the Stockholm explosion?",
        [["Stockholm"], ["tenant|the man"]],
    ),
    (AA, "Who refereed the Pistons-Pacers game?", [["referee"]]),
    (
        AA,
        "Who was the captain of the Chinese submarine that entered Japanese waters?",
        [["submarine", "captain|commander|commanded"]],
    ),
    (
        AA,
        "What breed is the dog that Mount Lee Lacy bit?",
        [["dog", "breed|terrier|retriever|shepherd|poodle|pit|labrador"]],
    ),
    (
        AA,
        "Which company built the Queensland tilt train?",
        [["tilt|train", "built|manufactur|made by|Walkers|Hitachi"]],
    ),
    (AA, "Which hospital treated Robinho's mother?", [["hospital"]]),
    (AA, "Who is the lawyer of the bouncer charged over David Hookes's death?", [["Micevic|Hookes|bouncer"]]),
    (AA, "Which helicopter model tracked the Chinese submarine?", [["helicopter", "submarine|Japan"]]),
    (AA, "What is the title of David DeBatto's fiction series?", [["DeBatto", "series|fiction"]]),
    (AA, "Who was the cracker who took over the makelovenotspam page?", [["cracker|hacker|takeover"]]),
    # general-knowledge: shares words with the articles only
    (GK, "What is the capital of Australia?", [["capital", "Australia|Canberra"]]),
    (GK, "At what temperature does water freeze?", [["freez|0 degrees"]]),
    (GK, "Who was the first man on the Moon?", [["moon|Armstrong"]]),
    (GK, "What is the speed of light?", [["speed of light|light travels|300,000 k|299"]]),
    (GK, "When did World War II end?", [["World War II|Second World War|1945"]]),
    (
        GK,
        "How many players are on a cricket team?",
        [["eleven players|11 players"], ["cricket", "team", "players"]],
    ),
]

# Questions written but dropped because a sentence of the 98 articles answers them (with the reason).
DROPPED: list[tuple[str, str]] = [
    (
        "Who wrote The Merchant of Venice?",
        "wikinewssum_en:091: 'Sony Pictures Classics William Shakespeare's The Merchant of Venice' (rejected while writing)",
    ),
    (
        "Who directed White Noise?",
        "wikinewssum_en:099: 'Geoffrey Sax, a British television director making his theatrical debut, lavishes enough craft on the paranormal thriller' (rejected while writing)",
    ),
    (
        "What is the name of Robinho's mother?",
        "wikinewssum_en:004 calls her 'Ms. Souza' (rejected while writing)",
    ),
    (
        "How many games was Reggie Miller suspended?",
        "wikinewssum_en:035: 'Reggie Miller from Indiana, and Detroit Pistons Chauncey Billups, Elden Campbell and Derrick Coleman were each suspended one game' (rejected while writing)",
    ),
    (
        "How old is Augusto Pinochet?",
        "wikinewssum_en:098: 'The 89-year-old retired general' (rejected while writing)",
    ),
]

# Same-story sweep hits that are another fact (answer string shared by chance): not gold.
NOT_GOLD: set[tuple[str, str]] = set()

# (question, answer, article id, gold sentence)
ANSWERABLE: list[tuple[str, str, str, str]] = [
    (
        "How many seconds were left when the Pistons-Pacers brawl began?",
        "45.9 seconds",
        "wikinewssum_en:035",
        "The brawl began with 45.9 seconds left in the game, as Ben Wallace shoved Ron Artest after a particularly hard foul by Artest.",
    ),
    (
        "Who will chair the company formed by Kmart and Sears?",
        "Edward Lampert",
        "wikinewssum_en:024",
        "Edward Lampert, the chairman of Kmart, will become the chairman of the new company, while Alan Lacy, current chairman and chief executive of Sears will be the new chief executive.",
    ),
    (
        "How much did Sears shares rise on the day of the Kmart deal?",
        "22 percent",
        "wikinewssum_en:024",
        "Shares of both companies soared after the announcement, Sears was up 22 percent on Wednesday, whilst Kmart gained 15 percent.",
    ),
    (
        "How much prize money comes with the 2004 Nobel Peace Prize?",
        "10 million Swedish Kronor",
        "wikinewssum_en:065",
        "The award includes a cash component of 10 million Swedish Kronor (approximately US$1.4 million).",
    ),
    (
        "How many trees does the Green Belt Movement say it has planted?",
        "30 million trees",
        "wikinewssum_en:065",
        "Since its founding in 1997, the organization claims to have planted over 30 million trees, in the process employing thousands of women &mdash; offering them empowerment, education and even family planning.",
    ),
    (
        "What is the published launch cost of the Delta 4 Heavy?",
        "$170 million",
        "wikinewssum_en:052",
        "The Delta 4 Heavy's published launch cost is $170 million, compared to the Titan 4's $400 million (1999 dollars).",
    ),
    (
        "How much can the Delta 4 Heavy put into geostationary transfer orbit?",
        "13,100 kg",
        "wikinewssum_en:052",
        "The Heavy variant of the Delta 4 rocket can place 13,100 kg (28,950 Lb) into geostationary transfer orbit, greater than any other current rocket.",
    ),
    (
        "How tall is NASA's new shuttle fuel tank?",
        "15-story",
        "wikinewssum_en:092",
        "The transportation of a new 15-story external fuel tank from the Michoud Assembly Facility near New Orleans today to The Kennedy Space Centre.",
    ),
    (
        "How much did Japan pledge for tsunami relief?",
        "$500 million pledge",
        "wikinewssum_en:093",
        "In comparison, there was a $500 million pledge made recently by the government of Japan.",
    ),
    (
        "How much did Amazon.com raise for the American Red Cross?",
        "more than $8 million",
        "wikinewssum_en:093",
        "Amazon.com placed a link for the American Red Cross, collecting more than $8 million from 100,000 people as of Friday, December 31st.",
    ),
    (
        "At what level did the Sensex close when it hit its new record?",
        "6,679.20",
        "wikinewssum_en:095",
        "The 30-Stock index of the Bombay Stock Exchange (BSE) of India today closed at a new All-time High of 6,679.20, gaining 76.51 points.",
    ),
    (
        "Which security firm reported a virus disguised as the Lycos screensaver?",
        "F-Secure",
        "wikinewssum_en:063",
        "On December 6, F-Secure reported a virus email disguised as the anti-spam screensaver.",
    ),
    (
        "Which year in power will 2005 be for Frelimo?",
        "30th year",
        "wikinewssum_en:073",
        "For Frelimo, 2005 will mark the party's 30th year in power &mdash; uninterrupted since the country's independence from Portugal.",
    ),
    (
        "How far ahead was Dino Rossi after the first recount?",
        "42 votes",
        "wikinewssum_en:088",
        "After this first recount, Rossi's lead was shortened to 42 votes.",
    ),
    (
        "How many arrested demonstrators died in southern Thailand?",
        "85 demonstrators",
        "wikinewssum_en:056",
        "Tensions in this area have increased recently, peaking with the recent death of 85 demonstrators arrested during a protest.",
    ),
    (
        "How many members does Vanuatu's parliament have?",
        "52-member",
        "wikinewssum_en:058",
        "The opposition MPs are confident that the no-confidence vote would pass in the parliament, as 16 more MPs have recently deserted Mr. Vohor and sided with the opposition, which now holds a 36 to 14 majority in the 52-member parliament, including the prime minister himself and the speaker.",
    ),
    (
        "How much does Loki Torrent need a month for its legal defence?",
        "$30,000 per month",
        "wikinewssum_en:089",
        "The site operators have set up a legal defense fund in order to raise the $30,000 per month they estimate will be necessary to cover legal costs.",
    ),
    (
        "For how long did Pinochet's dictatorship rule Chile?",
        "from 1973 until 1990",
        "wikinewssum_en:098",
        "The Pinochet dictatorship ruled Chile from 1973 until 1990, gaining power after a military coup overthrew the democratically-elected socialist President Salvador Allende.",
    ),
    (
        "When is the Connecticut serial killer Ross due to be executed?",
        "January 26, 2005",
        "wikinewssum_en:081",
        "Ross is scheduled to die January 26, 2005.",
    ),
    (
        "When will Scott Peterson's official sentence be announced?",
        "February 25th, 2005",
        "wikinewssum_en:066",
        "The official sentence will be announced on February 25th, 2005.",
    ),
    (
        "How wide was asteroid 2004 YD5?",
        "16 feet",
        "wikinewssum_en:072",
        "The asteroid, named 2004 YD5, was roughly 16 feet (5 meters) wide.",
    ),
    (
        "Who heads the UN disaster relief operation in Indonesia?",
        "Michael Elmquist",
        "wikinewssum_en:094",
        '"We are relying on the helicopter system because that is the only way we can reach the most remote areas," said Michael Elmquist, head of the UN disaster relief operation in Indonesia.',
    ),
    (
        "How big was the daily fine on reporter Jim Taricani?",
        "USD $1000",
        "wikinewssum_en:031",
        "A USD $1000 fine was to be issued every day until Taricani revealed his source.",
    ),
    (
        "What is WHINSEC's yearly budget?",
        "$8 million",
        "wikinewssum_en:036",
        'WHINSEC operates with an annual budget of approximately $8 million, the school curriculum now includes a mandated 8 hours of training in human rights which includes "human rights, rule of law, due process, civilian control of the military, and the role of the military in a democratic society."',
    ),
    (
        "How many years of public service did Tom Ridge mention when he resigned?",
        "22 consecutive years",
        "wikinewssum_en:048",
        'He cited family and personal issues as major reasons for his resignation stating that, "After more than 22 consecutive years of public service, it is time to give personal and family matters a higher priority."',
    ),
    (
        "Who got Matthew Hayden out in Adelaide?",
        "Paul Wiseman",
        "wikinewssum_en:039",
        "Hayden was later caught and bowled by Paul Wiseman for 70.",
    ),
    (
        "How many women testified to the Valech commission?",
        "3,399 women",
        "wikinewssum_en:044",
        "This Commission heard testimony from 3,399 women, almost all of whom said they were the object of sexual violence; 316 said they were raped.",
    ),
    (
        "How many downloads did the Firefox 1.0 preview release pass?",
        "10 million downloads",
        "wikinewssum_en:016",
        "Firefox has grown rapidly in popularity, with a Preview Release of the 1.0 version surpassing 10 million downloads in days.",
    ),
]


def _articles() -> dict[str, str]:
    rows = [json.loads(line) for line in ARTICLES.open(encoding="utf-8")]
    return {r["id"]: f"{r.get('title', '')}\n{r['text']}" for r in rows}


def _half(seen: dict[str, int], key: str) -> str:
    seen[key] = seen.get(key, 0) + 1
    return "dev" if seen[key] % 2 else "heldout"


def _unanswerable(texts: dict[str, str], show: bool, seen: dict[str, int]) -> list[dict]:
    out = []
    for n, (trap, question, probes) in enumerate(UNANSWERABLE, 1):
        if show:
            hits = probe_hits(CORPUS, probes, texts)
            print(f"\nu3-{n:03d} [{trap}] {question}  ({len(hits)} probe hits)")
            for aid, sentence in hits[:12]:
                print(f"    {aid}: {sentence[:240]}")
        row = {"qid": f"u3-{n:03d}", "question": question, "answerable": False, "kind": "unanswerable"}
        row.update({"trap": trap, "corpus": CORPUS, "probes": probes, "half": _half(seen, trap)})
        out.append(row)
    return out


def _answerable(texts: dict[str, str], show: bool, seen: dict[str, int]) -> list[dict]:
    out = []
    for n, (question, answer, aid, sentence) in enumerate(ANSWERABLE, 1):
        text = texts.get(aid)
        if text is None or sentence not in text or answer not in sentence:
            sys.exit(f"a3-{n:03d}: gold sentence not in {aid} or answer {answer!r} not in it")
        gold = [(aid, sentence)] + [
            g
            for g in same_story_gold(answer, sentence, texts)
            if g[0] != aid and (answer, g[0]) not in NOT_GOLD
        ]
        if show and len(gold) > 1:
            print(
                f"\na3-{n:03d} {question} [{answer}] extra gold: "
                + "; ".join(f"{g[0]}: {g[1][:120]}" for g in gold[1:])
            )
        row = {"qid": f"a3-{n:03d}", "question": question, "answerable": True, "kind": "answerable"}
        row.update(
            {"corpus": CORPUS, "answer": answer, "gold_article_ids": list(dict.fromkeys(g[0] for g in gold))}
        )
        row.update(
            {"gold_sentences": list(dict.fromkeys(g[1] for g in gold)), "half": _half(seen, "answerable")}
        )
        out.append(row)
    return out


def build(texts: dict[str, str], show: bool) -> list[dict]:
    seen: dict[str, int] = {}
    return _unanswerable(texts, show, seen) + _answerable(texts, show, seen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print probe hits and extra gold; write nothing")
    args = parser.parse_args(argv)
    out = build(_articles(), show=args.check)
    if args.check:
        return 0
    path = HERE / "data" / "honest_qa3.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} questions ({len(DROPPED)} unanswerable dropped) -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
