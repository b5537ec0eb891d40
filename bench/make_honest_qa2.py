"""Build bench/data/honest_qa2.jsonl: a second frozen answer-or-abstain set (bench/data/README.md).

``honest_qa.jsonl`` saturated on its dev half once the abstention rules were fitted to it; this
set was written afresh, before anyone tuned on it, and is asked against the FULL three corpora
(no removed articles):

* ``unanswerable`` (qids ``u2-NNN``): hand-written in an analyst's words, reusing the names,
  places and words of real articles so that word overlap is the trap. ``trap`` is one of
  ``swapped-entity``, ``swapped-relation``, ``absent-measure``, ``other-time``,
  ``absent-attribute``, ``general-knowledge``. Each carries ``probes``: groups of regular
  expressions that a sentence answering it would have to match together; ``--check`` prints every
  corpus sentence matching a group, for reading by hand. Questions that some sentence answered
  are listed in ``DROPPED`` and left out.
* ``answerable`` (qids ``a2-NNN``): hand-written, paraphrased, one answer sentence each;
  ``answer`` occurs in the gold sentence and the gold sentence in the gold article (checked here).
  Same-story copies that hold the answer in a sentence sharing at least half the gold sentence's
  content words are added as gold with their own sentence.

``half`` alternates dev/heldout within each kind and trap (answerable: within each corpus).

    python bench/make_honest_qa2.py --check   # print probe hits and the gold sweep
    python bench/make_honest_qa2.py           # verify and write the file
"""

# ruff: noqa: E501  (gold sentences and drop reasons are quoted verbatim, one string each)
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = Path("/work/shared/data")
FILES = {
    "fakes_syria": "fakes_syria/articles.jsonl",
    "meantime_en": "meantime_en/articles.jsonl",
    "wikinews_2004": "wikinews_2004/wikinews_articles.jsonl",
}
F, M, W = "fakes_syria", "meantime_en", "wikinews_2004"
SE, SR, AM, OT, AA, GK = (
    "swapped-entity",
    "swapped-relation",
    "absent-measure",
    "other-time",
    "absent-attribute",
    "general-knowledge",
)

# (corpus, trap, question, probes: each probe is a list of regexes one sentence must all match)
UNANSWERABLE: list[tuple[str, str, str, list[list[str]]]] = [
    # --- fakes_syria
    (F, SE, "How many people did the suicide bomber kill at a bakery in Qamishli?", [["bakery", "Qamishl"]]),
    (
        F,
        SE,
        "How many Hezbollah fighters did the drone strike near Palmyra kill?",
        [["Hezbollah", "Palmyra", "drone"]],
    ),
    (
        F,
        SE,
        "Which journalist was killed in the bus bombing in Latakia?",
        [["journalist", "Latakia"], ["Fakhreddine"]],
    ),
    (F, SE, "How many Alawites did Nusra fighters kill in villages of Hama?", [["Alawite", "Hama"]]),
    (
        F,
        SE,
        "How many White Helmets volunteers died in the air strikes on Deir Ezzor?",
        [["White Helmets", "Deir"]],
    ),
    (
        F,
        SR,
        "Who founded the Syrian Network for Human Rights?",
        [["Syrian Network for Human Rights", "found|establish|head|direct"]],
    ),
    (F, SR, "Who runs the Homs Media Center?", [["Homs Media Cent"]]),
    (F, SR, "Who owns the Al Mayadeen TV channel?", [["Mayadeen", "own|fund|financ|back"]]),
    (F, SR, "Which country trained the Jund al-Aqsa fighters?", [["Jund al-Aqsa", "train|arm|back|support"]]),
    (
        F,
        AM,
        "What is the population of Ras al-Ain?",
        [["Ras al-Ain|Ras al Ain|Serekaniye", "population|inhabitants|residents|people live"]],
    ),
    (F, AM, "How far is Khan Sheikhoun from Idlib city?", [["Khan Sh", "km|kilomet|miles"]]),
    (F, AM, "How much does a barrel bomb cost to make?", [["barrel", "cost|\\$|dollar|price"]]),
    (F, AM, "How long is the Castello road?", [["Castello", "km|kilomet|miles|long"]]),
    (
        F,
        OT,
        "How many IS fighters did the Kurds kill around Kobane in 2016?",
        [["Kobane|Ain al-Arab", "2016"]],
    ),
    (F, OT, "How many children did barrel bombs kill in Aleppo in 2012?", [["barrel", "Aleppo", "2012"]]),
    (F, AA, "What is the name of the suicide bomber who hit the Hasaka bakery?", [["bakery"]]),
    (
        F,
        AA,
        "What is the name of the helicopter pilot who dropped chlorine on al-Latamineh?",
        [["pilot", "Latamin|chlorine"]],
    ),
    (
        F,
        AA,
        "What type of drone hit the Hezbollah position near Sukhna?",
        [["Sukhna"], ["drone", "Hezbollah"]],
    ),
    (
        F,
        AA,
        "What model of missile did the Syrian army fire at the Jund al-Aqsa vehicle?",
        [["Jund al-Aqsa", "missile"]],
    ),
    (F, GK, "When did the Ottoman Empire collapse?", [["Ottoman"]]),
    (F, GK, "What is the official language of Turkey?", [["language", "Turk"]]),
    (F, GK, "Who wrote the Geneva Conventions?", [["Geneva Convention"]]),
    # --- meantime_en
    (M, SE, "How many A320 jets is China Southern buying?", [["China Southern"]]),
    (
        M,
        SE,
        "What net profit did GM post in the third quarter of 2009?",
        [["GM|General Motors", "third.quarter|Q3", "profit|earn|net"]],
    ),
    (M, SE, "How many long-haul jets did Ryanair buy from Airbus?", [["Ryanair", "Airbus|jets|aircraft"]]),
    (
        M,
        SR,
        "Who is the chairman of China Eastern Airlines?",
        [["China Eastern", "chairman|president|chief"]],
    ),
    (M, SR, "Who is Ford's chief financial officer?", [["Ford", "financial officer|CFO|finance chief"]]),
    (
        M,
        SR,
        "Who was Apple's chief executive when Jobs was fired in 1985?",
        [["Sculley"], ["fired|ousted|forced out", "Jobs"]],
    ),
    (M, AM, "How much does a single Airbus A350 XWB cost?", [["A350", "cost|price|€|\\$|value"]]),
    (M, AM, "How many seats does the Airbus A330-300 have?", [["A330", "seat|passengers"]]),
    (M, AM, "How many employees does Aer Lingus have?", [["Aer Lingus", "employ|staff|workers|jobs"]]),
    (
        M,
        OT,
        "How much profit did Ford make in the third quarter of 2008?",
        [["Ford", "2008"], ["Ford", "third.quarter"]],
    ),
    (
        M,
        OT,
        "Where did the Dow Jones close on March 13, 2008?",
        [["Dow|INDU", "March 13|13 March"], ["Dow", "2008", "clos|finish"]],
    ),
    (M, OT, "How many A320s did China Eastern order in 2005?", [["China Eastern"]]),
    (M, OT, "What was Apple's market value in 1996?", [["market val|market cap", "Apple"]]),
    (M, AA, "What was the name of Steve Jobs's doctor?", [["Jobs", "doctor|physician|surgeon|oncolog"]]),
    (
        M,
        AA,
        "What was the registration of the first A380 delivered to Singapore Airlines?",
        [["Singapore Airlines", "A380"]],
    ),
    (M, GK, "Who invented the telephone?", [["telephone|phone", "invent"]]),
    # --- wikinews_2004
    (W, SE, "How many games was Rasheed Wallace suspended after the Pistons-Pacers brawl?", [["Rasheed"]]),
    (
        W,
        SE,
        "Which senator put Lockheed Martin's internal emails into the Congressional Record?",
        [["Lockheed"]],
    ),
    (W, SE, "How much aid will Japan give India this year?", [["Japan", "India", "aid|assistance|ODA"]]),
    (
        W,
        SE,
        "When do the British travel warnings for the tsunami-hit areas expire?",
        [["expire"], ["U.K.|British|Foreign and Commonwealth", "travel"]],
    ),
    (
        W,
        SR,
        "Who founded the School of the Americas?",
        [["School of the Americas|SOA", "found|establish|created"]],
    ),
    (W, SR, "Who chairs the Defense Science Board?", [["Defense Science Board"]]),
    (W, SR, "Who founded Queensland Rail?", [["Queensland Rail"]]),
    (W, SR, "Who prosecuted Sergeant Frank Ford?", [["Ford", "prosecut|court.martial|charg"]]),
    (
        W,
        AM,
        "How fast was the tilt train going when it derailed in Queensland?",
        [["tilt|train", "km|speed|mph|kilomet"]],
    ),
    (
        W,
        AM,
        "How many votes did Armando Guebuza receive?",
        [["Guebuza|Frelimo|Renamo|Dhlakama", "votes|ballots"]],
    ),
    (W, AM, "How much did the NBA fine the Indiana Pacers?", [["fine|fined|\\$"], ["Pacers|NBA", "fine"]]),
    (
        W,
        AM,
        "How many people were arrested at the School of the Americas protest?",
        [["arrest", "SOA|School|Benning|protest"]],
    ),
    (W, OT, "How much aid did Japan give China in 1997?", [["1997"]]),
    (
        W,
        OT,
        "Who won Mozambique's 1999 presidential election?",
        [["1999"], ["Mozambique", "previous|last election|Chissano"]],
    ),
    (
        W,
        OT,
        "How many votes did the European Commission get in the 2009 Parliament vote?",
        [["2009"], ["449|in favour"]],
    ),
    (
        W,
        OT,
        "How many people died in the Queensland train derailment of 2003?",
        [["2003", "train|rail|derail"]],
    ),
    (W, AA, "What is the name of the fan who threw a cup at Ron Artest?", [["cup|fan", "Artest"]]),
    (W, AA, "What was the name of the driver of the derailed Queensland tilt train?", [["driver"]]),
    (W, GK, "What is the boiling point of water?", [["boiling|boils"]]),
    (W, GK, "Who wrote Hamlet?", [["Hamlet|Shakespeare"]]),
    # --- added after the first probe pass replaced the dropped questions
    (F, OT, "How many people died in car bombings in Qamishli in 2015?", [["Qamishl", "2015"]]),
    (M, OT, "What net profit did Ford report for the third quarter of 2010?", [["Ford", "2010"]]),
    (
        F,
        AA,
        "What was the name of the Chinese jihadist killed near Kobane?",
        [["Chinese|China", "Kobane|Ain al-Arab"]],
    ),
    (M, AA, "What was Steve Jobs's middle name?", [["Steven Paul|middle name"]]),
    (
        W,
        AA,
        "Who chairs Mozambique's National Elections Committee?",
        [["CNE|Elections Committee|National Elections"]],
    ),
    (F, AM, "What is the population of Hasaka city?", [["Hasak", "population|inhabitants|residents"]]),
]

# Questions written but dropped because a sentence of their corpus answers them (with the reason).
DROPPED: list[tuple[str, str]] = [
    (
        "How many people live in the Alwaer district of Homs?",
        "fakes:1923102863 gives an estimated 50000 civilians trapped in Al-Waer; fakes:1923848300 'home to hundreds of thousands of civilians'",
    ),
    (
        "How many civilians were killed in Khan Sheikhoun in 2015?",
        "fakes:1923848197 / fakes:1924058053 (Feb 2015): 11 / 15 people killed at Khan Sheikhun",
    ),
    (
        "How many people died in the Midan bombing in Damascus in 2015?",
        "fakes:1923848189 (July 2015): four civilians killed by rebel rocket fire on Midane (not a bombing, but close enough to count as an answer)",
    ),
    (
        "How many civilians did US-led coalition strikes kill near Raqqa in 2014?",
        "fakes:1965495328 (Nov 2014): some 50 civilians killed in US-led coalition strikes in Syria (place not given, close enough)",
    ),
    (
        "Who founded Pixar?",
        "meantime_en:23973: 'Pixar, which was founded by current Apple CEO Steve Jobs' (the corpus says so)",
    ),
    ("What was the price of the iPod nano at launch?", "meantime_en:21302: 'will cost $199 and $249 USD'"),
    (
        "What is the name of the army psychiatrist who examined Sergeant Ford?",
        "wikinewssum_en:062 names Tsai, a military psychiatrist who examined Ford at Landstuhl",
    ),
]

# Same-story sweep hits that are another event (answer string shared by chance): not gold.
NOT_GOLD = {
    ("Jund al-Aqsa", "fakes:1965511201"),  # clashes north of Hama city, not the missile strike
    ("Redur Xelil", "fakes:1926479296"),  # the Tel Abyad attack, not Tel Hamis
}

# Errata after the freeze (found by a looser sweep, 20% word overlap, read by hand, after the first dev
# run): same-story copies that state the answer but share under half of the gold sentence's words.
# They complete ``gold_article_ids``; no score of eval_honest.py depends on them.
EXTRA_GOLD = {
    "Ras al-Ain": [
        (
            "fakes:1923848204",
            "The assault on the strategic border town of Ras al-Ain from which the jihadists were expelled by Kurdish militia last month sparked an exodus of civilians into neighbouring Turkey an activist said.",
        )
    ],
    "four suicide bombers": [
        (
            "fakes:1965495346",
            "In early October four suicide bombers blew themselves up in the al Midan district of Damascus killing 15 people including five policemen.",
        )
    ],
    "31 children": [
        (
            "fakes:1923102878",
            "Earlier this week a suspected chemical attack hit the town of Khan Sheikhun in Idlib killing at least 87 civilians including 31 children.",
        ),
        (
            "fakes:1923102880",
            "At least 87 people including 31 children died in the suspected attack that the West blames on Syria President Bashar al-Assads forces.",
        ),
        (
            "fakes:1924058142",
            "Earlier this week a chemical attack hit the town of Khan Sheikhun in Idlib killing at least 87 civilians including 31 children.",
        ),
    ],
}

# Errata: questions that other articles answer with another figure (kept as written, flagged).
NOTES = {
    "four suicide bombers": "Conflicting counts for the 2 October 2017 Midan attack: two suicide bombers (interior ministry, fakes:1923102965), three (fakes:1924058110), four (Sputnik). Only 'four' is gold.",
    "15 others": "Several rocket attacks hit Salah Eddin in August 2016 (16, 12 and 8 injured in fakes:1926479027, fakes:1926479136); the question does not pin the 25 August one.",
}

# (corpus, question, answer, article id, gold sentence)
ANSWERABLE: list[tuple[str, str, str, str, str]] = [
    (
        W,
        "Where will the derailed tilt train's black box be analysed?",
        "Brisbane",
        "wikinewssum_en:006",
        "ueensland Transport Minister Paul Lucas visited the site, and reported that the black box recording device on board the train would be sent back to Brisbane for analysis, in order to determine the cause of the accident.",
    ),
    (
        W,
        "How many MEPs abstained in the vote approving Barroso's Commission?",
        "82 abstentions",
        "wikinewssum_en:022",
        "The vote ended with 449 in favour, 149 against and 82 abstentions, CNN reports.",
    ),
    (
        W,
        "Until what date does the State Department's tsunami travel warning run?",
        "January 25, 2005",
        "wikinewssum_en:079",
        "The warnings are set to expire on January 25, 2005, and urge citizens to postpone all non-essential travel to the regions.",
    ),
    (
        W,
        "On which days did Mozambique vote for its president?",
        "December 1 and 2, 2004",
        "wikinewssum_en:073",
        "The election was held on December 1 and 2, 2004, and the results were officially announced yesterday by the country's National Elections Committee (CNE).",
    ),
    (
        W,
        "How long is Stephen Jackson's ban for the Pacers-Pistons brawl?",
        "30 games",
        "wikinewssum_en:035",
        "Ron Artest has been suspended for the rest of the season, Stephen Jackson for 30 games, Jermaine O'Neal for 25, and Ben Wallace for 6.",
    ),
    (
        W,
        "Which Japanese minister faulted China on environmental cooperation?",
        "Nobutaka Machimura",
        "wikinewssum_en:020",
        "China has also been criticized by Japanese Foreign Minister Nobutaka Machimura for not being sufficiently cooperative with regards to environmental issues, which necessarily affect its eastern neighbor Japan.",
    ),
    (
        W,
        "Where did the School of the Americas relocate in 1984?",
        "Fort Benning",
        "wikinewssum_en:036",
        "In 1984 the school was moved to Fort Benning, near Columbus.",
    ),
    (
        W,
        "Who was Sergeant Ford's commanding officer in Samarra?",
        "Victor Artiga",
        "wikinewssum_en:062",
        "Ford attempted to confront his team leader several times without success, and eventually went to his commanding officer Captain Victor Artiga in order to file a formal complaint.",
    ),
    (
        W,
        "How many tanker planes was the Air Force going to lease from Boeing?",
        "100 mid-air tanker",
        "wikinewssum_en:038",
        "Senator John McCain (R-AZ) entered them into the Congressional Record during a speech last week against the now-cancelled deal to lease 100 mid-air tanker aircraft from Boeing.",
    ),
    (
        W,
        "Which Ohio secretary of state was accused of a conflict of interest over the 2004 vote?",
        "Blackwell",
        "wikinewssum_en:087",
        "I agree that Ohio Secretary of State Blackwell's dual role calls into question any election decision he made that favored Republicans.",
    ),
    (
        M,
        "How much is China Eastern paying for its twenty A320s?",
        "9.9 billion yuan",
        "meantime_en:128016",
        "China Eastern Airlines stated on Thursday that it had signed a contract to purchase a score of Airbus A320 passenger jets for 9.9 billion yuan (about US$ 1.4 billion).",
    ),
    (
        M,
        "Who runs Aer Lingus?",
        "Dermot Mannion",
        "meantime_en:71426",
        'The airline had approached Airbus rival Boeing regarding a potential deal for their new 787 aircraft, but Aer Lingus Chief Executive Dermot Mannion stated that he believed the Airbus aircraft were "better on fuel and better on range" than the 787.',
    ),
    (
        M,
        "By how much did Aer Lingus stock drop when it announced the Airbus order?",
        "2.5 percent",
        "meantime_en:71426",
        "Aer Lingus shares on the Irish Stock Exchange fell 2.5 percent to €2.73 ($3.68) the day the deal was announced.",
    ),
    (
        M,
        "What date is Apple's special event after the iPod nano launch?",
        "October 12",
        "meantime_en:23468",
        "Within one month of the iPod nano and iTunes phone special event, Apple Computer announced today another special event to be held on October 12.",
    ),
    (
        M,
        "When did Steve Jobs step down as Apple's CEO?",
        "August 24",
        "meantime_en:287096",
        "On August 24, Jobs resigned from his post as CEO.",
    ),
    (
        M,
        "What was Apple worth on the stock market when Jobs died?",
        "$348.8 billion",
        "meantime_en:287096",
        "Jobs, born in San Francisco on February 24, 1955, has built the most valuable technology company in the world, with a market value of $348.8 billion.",
    ),
    (
        M,
        "How much did Ford earn in the third quarter of 2009?",
        "US$ 997 million",
        "meantime_en:143300",
        'The US automobile manufacturer Ford has said that it posted a net profit of US$ 997 million in the third quarter of this year, and predicted that it would be "solidly profitable" by 2011.',
    ),
    (
        M,
        "At what level did the Dow close on March 13, 2009?",
        "7223.98",
        "meantime_en:122475",
        "The Dow Jones industrial average (INDU) finished on 7223.98, an increase of 54 points from March 12 2009.",
    ),
    (
        M,
        "How many new features does Mac OS X Tiger bring?",
        "200 new features",
        "meantime_en:9549",
        "Apple reports that Tiger, the code name for this release, includes over 200 new features and new versions of application software such as e-mail client Mail, web browser Safari, and multi-person audio / video / text messaging client iChat.",
    ),
    (
        M,
        "Whose VPN software does not run on OS X Tiger?",
        "Cisco",
        "meantime_en:9549",
        "Another issue for some is the fact that Cisco System's VPN does not work with Tiger.",
    ),
    (
        F,
        "How many people has ISIS driven out of Abu Hamam?",
        "33000",
        "fakes:1926479085",
        "The Syrian Network for Human Rights said in a report released today that ISIS had forced at least 33000 residents out of their homes in the town of Abu Hamam in rural Deir Ezzor since 10 August 2014.",
    ),
    (
        F,
        "How many bodies were in the mass grave of Shaitat tribesmen?",
        "230",
        "fakes:1926479085",
        "The Syrian Coalition has previously condemned the heinous crime committed by ISIS in eastern rural Deir Ezzor where residents discovered a mass grave containing 230 corpses of tribesmen who were summarily executed by ISIS in late 2014.",
    ),
    (
        F,
        "In which town did the car bomb that killed 22 in July 2016 go off?",
        "Qamishli",
        "fakes:1923848165",
        "The TV says the car blew up on the western edge of the town of Qamishli near the Turkish border on Wednesday.",
    ),
    (
        F,
        "What was the target of the car bomb in the Kurdish town near the Turkish border in July 2016?",
        "Kurdish police",
        "fakes:1923848165",
        "The Britain-based Syrian Observatory for Human Rights says the explosion targeted a center of the local Kurdish police and a nearby government building.",
    ),
    (
        F,
        "Which group lost eleven fighters to an army missile strike in northwest Hama?",
        "Jund al-Aqsa",
        "fakes:1962495664",
        "Syrian Army missile attack in Northwestern Hama has killed eleven members of Jund al-Aqsa terrorist group.",
    ),
    (
        F,
        "Which Kurdish border town did al-Qaeda loyalists assault in August 2013, killing 17?",
        "Ras al-Ain",
        "fakes:1965511109",
        "The assault on the strategic border town of Ras al-Ain was part of a wider offensive by Al-Qaeda against several Kurdish majority areas of northern and northeastern Syria that began on Friday and was continuing on Saturday the opposing UK-based Syrian Observatory for Human Rights said.",
    ),
    (
        F,
        "Which village in northern rural Homs lost nine civilians to a regime airstrike in January 2016?",
        "Al-Ghanto",
        "fakes:1926479081",
        "Activists in the area said that one of the airstrikes targeted the town of Al-Ghanto in the early hours of Thursday killing nine civilians and wounding many more including women and children.",
    ),
    (
        F,
        "Which Aleppo hotel housing UN staff was shelled in November 2016?",
        "Shahba",
        "fakes:1926479062",
        "SANA reporter said that terrorists positioned in Bustan al-Qaser neighborhood fired three shells on Shahba Hotel in Aleppo which is the residence for the UN staff and no causalities were reported among the hotel guests or the UN staff.",
    ),
    (
        F,
        "Who spoke for the Kurdish militia when Tel Hamis was taken?",
        "Redur Xelil",
        "fakes:1962495645",
        'We are now combing the city for terrorists and mines" militia spokesman Redur Xelil told Reuters.',
    ),
    (
        F,
        "Where did the Hasaka suicide attacker set off his explosives?",
        "bakery",
        "fakes:1914947536",
        "The attacker detonated his explosives at a bakery.",
    ),
    (
        F,
        "Near which town did a drone kill eight Hezbollah fighters in October 2017?",
        "Sukhna",
        "fakes:1924058111",
        'An unidentified "drone hit a Hezbollah position near the town of Sukhna (in central Homs province) killing eight fighters and injuring more than 20" said Rami Abdel Rahman the head of the Syrian Observatory for Human Rights monitor.',
    ),
    (
        F,
        "Which TV channel reported 14 civilians killed by coalition strikes outside Raqqa?",
        "Al Mayadeen",
        "fakes:1924058228",
        "April 30 2017 At least 14 civilians were killed by airstrikes carried out by the US-led international coalition in the outskirts of Raqqa in northern Syria Al Mayadeen TV channel reported on Sunday.",
    ),
    (
        F,
        "Which Baath party journalist died in the Idlib bus bombing?",
        "Fakhreddine Hassan",
        "fakes:1965511106",
        "The agency reported the killing of Fakhreddine Hassan a journalist for the Baath partys youth publication.",
    ),
    (
        F,
        "How many Kurdish villages did IS take near the Turkish border in its two-day push on Kobane?",
        "60 Kurdish villages",
        "fakes:1923848232",
        "The Observatory said Friday that Islamic State jihadists had seized 60 Kurdish villages near the Turkish border in a lightning two-day campaign as they close in on Ain al-Arab.",
    ),
    (
        F,
        "How many suicide bombers carried out the Midan police station attack in October 2017?",
        "four suicide bombers",
        "fakes:1965495340",
        "Moreover a local security source told Sputnik that the terrorist attack had been conducted by four suicide bombers wearing explosives on the belts and carrying grenades and weapons.",
    ),
    (
        F,
        "How many chlorine barrel bombs fell on al-Latamineh?",
        "six barrel bombs",
        "fakes:1923102893",
        "YouTube footage and first-hand eyewitness accounts report that six barrel bombs allegedly filled with chlorine were dropped from a Russian-made helicopter on the village of al-Latamineh northwest Hama.",
    ),
    (
        F,
        "How many children died in the Khan Sheikhun gas attack, according to the monitor?",
        "31 children",
        "fakes:1923848141",
        "The death was the first in the town since a suspected chemical weapons attack on Tuesday that killed 87 civilians including 31 children and left hundreds suffering symptoms including convulsions vomiting and foaming at the mouth.",
    ),
    (
        F,
        "Which group said it massacred 30 Alawites in Homs villages?",
        "Nusra Front",
        "fakes:1965511105",
        "On Sunday terrorist group Al-Nusra Front claimed responsibility for Tuesdays attacks in which at least 30 Alawites including several women children and elderly men were shot dead in cold blood.",
    ),
    (
        F,
        "How many people were wounded in the rocket attack on Salah Eddin in August 2016?",
        "15 others",
        "fakes:1926479024",
        "Six civilians were killed on Thursday and 34 others were injured in terrorist rocket attacks on several neighborhoods in Aleppo city According to a source at Aleppo Police Command two people were killed and 15 others were injured in a rocket attack launched by terrorists on Salah Eddin neighborhood.",
    ),
    (
        F,
        "Which Aleppo district was the resident Abd Abu al-Nasr from?",
        "Bustan al-Qasr",
        "fakes:1923102903",
        '"It was pretty calm in the previous few days said Abd Abu al-Nasr a resident of Aleppos Bustan al-Qasr district told The New Arab.',
    ),
]

SPLIT = re.compile(r"(?<=[.!?])[\"']?\s+(?=[\"'A-Z0-9])|\n+")
STOP = {
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "by",
    "with",
    "from",
    "and",
    "or",
    "but",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "as",
    "not",
    "no",
    "he",
    "she",
    "they",
    "his",
    "her",
    "their",
    "which",
    "who",
    "whom",
    "what",
    "when",
    "where",
    "how",
    "said",
    "says",
    "did",
    "do",
    "does",
    "than",
    "then",
    "there",
}


def _articles(corpus: str) -> dict[str, str]:
    rows = [json.loads(line) for line in (DATA / FILES[corpus]).open(encoding="utf-8")]
    return {r["id"]: f"{r.get('title', '')}\n{r['text']}" for r in rows}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SPLIT.split(text) if s.strip()]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in STOP}


def probe_hits(corpus: str, probes: list[list[str]], texts: dict[str, str]) -> list[tuple[str, str]]:
    """Every (article id, sentence) of ``corpus`` matching all regexes of one probe group."""
    groups = [[re.compile(p, re.I) for p in group] for group in probes]
    hits = []
    for aid, text in texts.items():
        for sentence in _sentences(text):
            if any(all(p.search(sentence) for p in group) for group in groups):
                hits.append((aid, sentence))
    return hits


def same_story_gold(answer: str, sentence: str, texts: dict[str, str]) -> list[tuple[str, str]]:
    """Articles stating ``answer`` in a sentence sharing at least half of the gold sentence's words."""
    gold_words = _words(sentence)
    found = []
    for aid, text in texts.items():
        for other in _sentences(text):
            if (
                answer.casefold() in other.casefold()
                and len(_words(other) & gold_words) >= len(gold_words) / 2
            ):
                found.append((aid, other))
                break
    return found


def build(texts: dict[str, dict[str, str]], show: bool) -> list[dict]:
    out: list[dict] = []
    seen: dict[tuple[str, str], int] = {}

    def half(key: tuple[str, str]) -> str:
        seen[key] = seen.get(key, 0) + 1
        return "dev" if seen[key] % 2 else "heldout"

    for n, (corpus, trap, question, probes) in enumerate(UNANSWERABLE, 1):
        if show:
            hits = probe_hits(corpus, probes, texts[corpus])
            print(f"\nu2-{n:03d} [{corpus} {trap}] {question}  ({len(hits)} probe hits)")
            for aid, sentence in hits[:12]:
                print(f"    {aid}: {sentence[:240]}")
        row = {"qid": f"u2-{n:03d}", "question": question, "answerable": False, "kind": "unanswerable"}
        row.update({"trap": trap, "corpus": corpus, "probes": probes, "half": half(("u", trap))})
        out.append(row)
    for n, (corpus, question, answer, aid, sentence) in enumerate(ANSWERABLE, 1):
        text = texts[corpus].get(aid)
        if text is None or sentence not in text or answer not in sentence:
            sys.exit(f"a2-{n:03d}: gold sentence not in {aid} or answer {answer!r} not in it")
        gold = [(aid, sentence)] + [
            g
            for g in same_story_gold(answer, sentence, texts[corpus])
            if g[0] != aid and (answer, g[0]) not in NOT_GOLD
        ]
        for extra_id, extra in EXTRA_GOLD.get(answer, []):
            if extra not in texts[corpus][extra_id] or answer not in extra:
                sys.exit(f"a2-{n:03d}: extra gold sentence not in {extra_id}")
            gold.append((extra_id, extra))
        if show and len(gold) > 1:
            print(
                f"\na2-{n:03d} {question} [{answer}] extra gold: "
                + "; ".join(f"{g[0]}: {g[1][:120]}" for g in gold[1:])
            )
        row = {"qid": f"a2-{n:03d}", "question": question, "answerable": True, "kind": "answerable"}
        row.update(
            {"corpus": corpus, "answer": answer, "gold_article_ids": list(dict.fromkeys(g[0] for g in gold))}
        )
        row.update({"gold_sentences": list(dict.fromkeys(g[1] for g in gold)), "half": half(("a", corpus))})
        if answer in NOTES:
            row["notes"] = NOTES[answer]
        out.append(row)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print probe hits and extra gold; write nothing")
    args = parser.parse_args(argv)
    texts = {corpus: _articles(corpus) for corpus in FILES}
    out = build(texts, show=args.check)
    if args.check:
        return 0
    path = HERE / "data" / "honest_qa2.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} questions ({len(DROPPED)} unanswerable dropped) -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
