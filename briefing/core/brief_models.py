"""The data of a situation brief: stories, claims, figures, conflicts, timeline, changes.

A leaf module (like ``models``) so the adapters that build the parts (claims, figures, timeline,
stories) and the exporters can share the types without importing the service layer. Every
item carries ``citations``: sentence ids (``<article id>:<n>``) whose text supports it; the
brief's ``sources`` map holds each cited sentence so an export can quote it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from briefing.core.models import SourceSentence

ClaimStatus = Literal["single-source", "corroborated", "contested", "unconfirmed", "no comment"]


class Window(BaseModel):
    """Which articles a brief covers: a publication-date range, and whether undated ones count."""

    since: dt.date | None = None
    until: dt.date | None = None
    include_undated: bool = False

    def contains(self, published: dt.date | None) -> bool:
        if published is None:
            return self.include_undated
        return (self.since is None or published >= self.since) and (
            self.until is None or published <= self.until
        )

    @property
    def label(self) -> str:
        if self.since and self.since == self.until:
            span = self.since.isoformat()
        elif self.since or self.until:
            span = f"{self.since or '…'} to {self.until or '…'}"
        else:
            span = "all dates"
        return span + (" (+ undated)" if self.include_undated else "")


class Cited(BaseModel):
    """A statement and the sentences that support it."""

    text: str
    citations: list[str]
    new: bool = Field(False, description="Not in the previous brief.")


class Claim(BaseModel):
    """Who claims what: claimant, stance, the claim as written, and how well it is supported."""

    claimant: str = Field(description="The claimant as written in the sentence, e.g. 'the observatory'.")
    who: str = Field(description="The claimant resolved within the article, e.g. 'SOHR'.")
    verb: str = Field(description="The reporting cue as written: said, claimed, has yet to comment...")
    stance: str = Field(description="said, claimed, reported, warned, denied, no comment, ...")
    text: str = Field(description="What is claimed, verbatim from the cited sentence(s).")
    citations: list[str]
    status: ClaimStatus = "single-source"
    sources: int = Field(1, description="Independent sources carrying the claim.")
    support: list[str] = Field(default_factory=list, description="Corroborating sentence ids.")
    against: list[str] = Field(default_factory=list, description="Denying or conflicting sentence ids.")
    caveats: list[str] = Field(
        default_factory=list, description="Sentences that leave it unconfirmed (no comment, 'if confirmed')."
    )
    new: bool = False

    @property
    def status_label(self) -> str:
        """How well the claim is supported, in words: the same in every export and in the TUI."""
        if self.status == "corroborated":
            return f"corroborated by {self.sources} independent sources"
        if self.status == "unconfirmed":
            return "single source, unconfirmed"
        return self.status


class Figure(BaseModel):
    """A number with what it counts, who reports it, and where."""

    number: str = Field(description="As written: '7,400', 'ten'.")
    value: float
    qualifier: str = Field("", description="at least, over, as many as, about...")
    counts: str = Field(description="What is counted, as written: 'Turkish soldiers'.")
    unit: str = Field(description="Normalised head of what is counted: 'soldier'.")
    event: str = Field("", description="Normalised event: killed, injured, deployed, ...")
    text: str = Field(
        description="The figure's phrase, verbatim: 'as many as 2,700 ... vehicles had been sent'."
    )
    claimant: str = Field("", description="Who reports it (claimant in the sentence, else the outlet).")
    incident: str = Field("", description="The incident counted: chemical attack, air strike, bombing...")
    places: list[str] = Field(default_factory=list, description="Places its sentence names.")
    date: dt.date | None = Field(None, description="The day its sentence dates the event, if it names one.")
    scope: str = Field("", description="'war' for a whole-war total (never in conflict with one attack).")
    citations: list[str]
    new: bool = False

    @property
    def quantity(self) -> str:
        """What is counted, of which incident, where and when: 'person killed (chemical attack, Idlib)'."""
        where = ", ".join(x for x in (self.incident, *self.places[:1], str(self.date or "")) if x)
        return f"{self.unit} {self.event}".strip() + (f" ({where})" if where else "")


class FigureConflict(BaseModel):
    """One quantity reported with incompatible numbers."""

    story: str
    quantity: str
    figures: list[Figure]


class TimelineEntry(BaseModel):
    """A dated (or relatively dated) event: the phrase as written beside what it resolves to."""

    story: str = ""
    phrase: str = Field(description="The time expression as written, e.g. 'on Saturday'.")
    value: str | None = Field(None, description="TIMEX-style value: 2020-02-22, 2020-W08, 2018, P19D...")
    start: dt.date | None = None
    end: dt.date | None = None
    label: str = Field(
        description="What a reader sees: '2020-02-22 (Sat)', 'relative (no publication date)'."
    )
    relative: bool = Field(False, description="Kept relative: the article has no publication date.")
    background: bool = Field(
        False, description="Dated well before the window: history, summed up in one line of the Markdown."
    )
    event: str = Field(description="The sentence that dates the event, verbatim.")
    citations: list[str]
    new: bool = False


class CopyNote(BaseModel):
    """A near-duplicate folded into an article, and what it says differently (outlet, figures)."""

    article_id: str
    source: str
    title: str
    published: dt.date | None = None
    figures: list[str] = Field(
        default_factory=list, description="Figures of the copy that the article it copies lacks: '112 dead'."
    )

    @property
    def differs(self) -> bool:
        return bool(self.figures)


class StoryArticle(BaseModel):
    """An article of a story; syndicated or near-duplicate copies are folded into ``copies``."""

    article_id: str
    title: str
    source: str
    url: str | None = None
    published: dt.date | None = None
    copies: list[str] = Field(default_factory=list, description="Ids of near-duplicate copies.")
    copy_notes: list[CopyNote] = Field(
        default_factory=list, description="Each copy's outlet and the figures in which it differs."
    )


class Story(BaseModel):
    """The same event across outlets."""

    id: str
    headline: str
    headline_citations: list[str]
    articles: list[StoryArticle]
    independent_sources: int
    latest: dt.date | None = None
    developments: list[Cited] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    status: Literal["new", "updated", "unchanged"] = "new"
    importance: float = Field(
        0.0,
        description="Rank: independent sources, recency, weight of figures, new since the last brief.",
    )
    sources_listed: int | None = Field(
        None,
        description="Articles the Markdown lists under Sources (a tight word budget); None: all.",
    )

    def article_ids(self) -> set[str]:
        return {a.article_id for a in self.articles} | {c for a in self.articles for c in a.copies}


class Budget(BaseModel):
    """How much of a brief the Markdown, HTML and TUI show (the JSON keeps everything)."""

    max_words: int | None = Field(1500, description="Word budget of the Markdown; None: no limit.")
    max_stories: int | None = Field(None, description="Most stories shown; None: as many as fit.")
    developments: int | None = Field(3, description="Key developments shown per story.")
    figures: int | None = Field(5, description="Key figures shown per story.")
    claims: int | None = Field(5, description="Claims shown per story.")
    timeline: int | None = Field(8, description="Timeline entries shown (background summed up apart).")
    clip_words: int | None = Field(
        24, description="Quoted claims and timeline events shown up to this many words (figures half)."
    )

    @classmethod
    def unlimited(cls) -> Budget:
        none = dict.fromkeys(
            ("max_words", "max_stories", "developments", "figures", "claims", "timeline", "clip_words")
        )
        return cls.model_validate(none)


class Change(BaseModel):
    """Something new or changed since the previous brief."""

    kind: Literal["new story", "new articles", "new development", "new figure", "new claim", "changed figure"]
    story: str
    text: str
    citations: list[str] = Field(default_factory=list)


class BriefFile(BaseModel):
    """A saved brief, as listed for the TUI and the CLI."""

    path: str
    generated_at: dt.datetime
    title: str
    window: str
    stories: int


class Brief(BaseModel):
    """A situation brief: every line cites the sentences that support it."""

    title: str
    generated_at: dt.datetime
    window: Window
    topic: str | None = None
    index: str = Field("", description="Which index it was written from (for 'new since the last brief').")
    engine: str = "extractive"
    articles: int = 0
    undated_left_out: int = Field(0, description="Undated articles not covered (no --include-undated).")
    stories: list[Story] = Field(default_factory=list)
    conflicts: list[FigureConflict] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    previous: str | None = Field(None, description="generated_at of the brief compared with, if any.")
    previous_window: str | None = Field(
        None, description="The window of the brief compared with ('2017-04-04': daily's previous day)."
    )
    sources: dict[str, SourceSentence] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)
