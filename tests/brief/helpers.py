"""Two briefs written a day apart over real articles, for the diff, export and verify tests.

Yesterday's knew the first report of a ferry sinking; today's has a second article on it (a new
toll, a new claim, a new figure) and a new story. Items are built by hand from the articles'
real sentences, as the brief builder would cite them.
"""

from __future__ import annotations

import datetime as dt

from briefing.core.brief_models import Brief, Cited, Claim, Figure, Story, StoryArticle, TimelineEntry, Window
from briefing.core.models import Article, SourceSentence
from tests.conftest import make_article

DAY = dt.date(2020, 3, 2)
FIRST = make_article(
    "first",
    "A ferry sank off Lesbos on Sunday. The coast guard said two passengers were missing. "
    "Rescuers pulled 38 people from the water.",
    "Ferry sinks off Lesbos",
    "Aegean Wire",
    DAY,
)
SECOND = make_article(
    "second",
    "The coast guard said five passengers were missing after the Lesbos sinking. "
    "The ferry operator denied that the boat was overloaded. Divers searched the wreck on Monday.",
    "Toll rises after Lesbos sinking",
    "Harbour Daily",
    DAY + dt.timedelta(days=1),
)
RAIL = make_article(
    "rail", "Rail workers in Athens began a strike on Monday.", "Athens rail strike", "Rail News", DAY
)


def sid(article: Article, n: int) -> str:
    return article.sentences[n].id


def missing(article: Article, n: int, value: int, word: str) -> Figure:
    return Figure(
        number=word,
        value=value,
        counts="passengers",
        unit="passenger",
        event="missing",
        text=f"{word} passengers were missing",
        claimant="the coast guard",
        citations=[sid(article, n)],
    )


def rescued(article: Article) -> Figure:
    return Figure(
        number="38", value=38, counts="people", unit="person", event="rescued",
        text="38 people", citations=[sid(article, 2)],
    )  # fmt: skip


def ferry_story(articles: list[Article]) -> Story:
    story = Story(
        id="ferry",
        headline=FIRST.title,
        headline_citations=[sid(FIRST, 0)],
        articles=[StoryArticle(article_id=a.id, title=a.title, source=a.source) for a in articles],
        independent_sources=len(articles),
        developments=[Cited(text=FIRST.sentences[0].text, citations=[sid(FIRST, 0)])],
        figures=[missing(FIRST, 1, 2, "two"), rescued(FIRST)],
        claims=[claim(FIRST, 1, "the coast guard")],
    )
    if SECOND in articles:
        story.developments.append(Cited(text=SECOND.sentences[2].text, citations=[sid(SECOND, 2)]))
        story.figures.append(missing(SECOND, 0, 5, "five"))
        story.claims.append(claim(SECOND, 1, "the ferry operator"))
    return story


def claim(article: Article, n: int, who: str) -> Claim:
    sentence = article.sentences[n].text
    return Claim(
        claimant=who, who=who, verb="said", stance="said", text=sentence, citations=[sid(article, n)]
    )


def brief(at: dt.datetime, stories: list[Story], timeline: list[TimelineEntry]) -> Brief:
    return Brief(title="Brief", generated_at=at, window=Window(), stories=stories, timeline=timeline)


def entry(article: Article, n: int, value: str) -> TimelineEntry:
    return TimelineEntry(
        phrase="on Sunday",
        value=value,
        label=value,
        event=article.sentences[n].text,
        citations=[sid(article, n)],
    )


YESTERDAY = dt.datetime(2020, 3, 2, 18, 0, tzinfo=dt.UTC)
TODAY = YESTERDAY + dt.timedelta(days=1)


def pair() -> tuple[Brief, Brief]:
    before = brief(YESTERDAY, [ferry_story([FIRST])], [entry(FIRST, 0, "2020-03-01")])
    rail = Story(
        id="rail",
        headline=RAIL.title,
        headline_citations=[sid(RAIL, 0)],
        articles=[StoryArticle(article_id="rail", title=RAIL.title, source=RAIL.source)],
        independent_sources=1,
        developments=[Cited(text=RAIL.sentences[0].text, citations=[sid(RAIL, 0)])],
    )
    now = brief(
        TODAY,
        [ferry_story([FIRST, SECOND]), rail],
        [entry(FIRST, 0, "2020-03-01"), entry(SECOND, 2, "2020-03-02")],
    )
    return before, now


def sources_of(brief: Brief) -> dict[str, SourceSentence]:
    cited = {
        sid
        for story in brief.stories
        for sid in [
            *story.headline_citations,
            *(c for d in story.developments for c in d.citations),
            *(c for f in story.figures for c in f.citations),
            *(c for cl in story.claims for c in cl.citations),
        ]
    } | {c for e in brief.timeline for c in e.citations}
    out = {}
    for article in (FIRST, SECOND, RAIL):
        for n, sentence in enumerate(article.sentences):
            if sentence.id in cited:
                out[sentence.id] = article.cite(n)
    return out
