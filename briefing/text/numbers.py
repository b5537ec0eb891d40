"""Numbers written as words, one table for every reader of them.

Time expressions ("three weeks ago", :mod:`briefing.text.dates`) and key figures ("twenty
soldiers", :mod:`briefing.brief.figures`) read the same words; each takes the part it trusts
(dates add "a"/"an", figures leave out "one", too common to be a figure).
"""

from __future__ import annotations

NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
