"""The data that flows through briefing, from parsed input to cited answer.

Identifiers (see DESIGN): an article id is the id given by the input record when it has one,
otherwise a hash of the normalised text; a sentence id is ``<article id>:<n>`` and carries the
character offsets of the sentence in the stored article text, so every citation can be shown
verbatim and located.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from pydantic import BaseModel, Field

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The form of a text that decides identity: NFC, single spaces, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_hash(text: str) -> str:
    """Stable hash of the normalised text; the same text from two files is one article."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


def sentence_id(article_id: str, n: int) -> str:
    """``<article id>:<n>``: the citation unit."""
    return f"{article_id}:{n}"


def split_sentence_id(sid: str) -> tuple[str, int]:
    """Inverse of :func:`sentence_id`; article ids may themselves contain ':'."""
    article_id, _, n = sid.rpartition(":")
    if not article_id or not n.isdigit():
        raise ValueError(f"not a sentence id: {sid!r}")
    return article_id, int(n)


class Document(BaseModel):
    """An article as parsed from one input, before it is given an id and indexed."""

    text: str
    title: str = ""
    source: str = ""
    url: str | None = None
    published: dt.date | None = None
    origin: str = Field("", description="The file path or URL the document came from.")
    external_id: str | None = Field(None, description="The id the input record gave, if any.")


class Sentence(BaseModel):
    """One sentence of an article, located by character offsets into the article text."""

    id: str
    article_id: str
    n: int
    start: int
    end: int
    text: str


class ArticleInfo(BaseModel):
    """What the index knows of an article besides its text."""

    id: str
    title: str
    source: str
    url: str | None = None
    published: dt.date | None = None
    ingested_at: dt.datetime
    origins: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list, description="Every source name seen for this text.")
    text_hash: str
    sentence_count: int = 0


class Article(ArticleInfo):
    """An indexed article with its text and sentences."""

    text: str
    sentences: list[Sentence] = Field(default_factory=list)

    def cite(self, n: int) -> SourceSentence:
        """Sentence ``n`` with what a reader needs to check it."""
        s = self.sentences[n]
        return SourceSentence(
            article_id=self.id,
            title=self.title,
            source=self.source,
            url=self.url,
            published=self.published,
            text=s.text,
            start=s.start,
            end=s.end,
        )


class Chunk(BaseModel):
    """A span of consecutive sentences embedded as one vector."""

    id: str
    article_id: str
    text: str
    sentence_ids: list[str]
    start: int = Field(
        0, description="Character offset of the text in the article (its end: start + len(text))."
    )


class IngestFailure(BaseModel):
    """One input that could not be ingested, and why (one line)."""

    origin: str
    reason: str


class IngestReport(BaseModel):
    """The outcome of one ingest run."""

    added: list[str] = Field(default_factory=list)
    replaced: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    updated: list[str] = Field(
        default_factory=list,
        description="Stored texts read again with a new title, date, source or URL (not re-chunked;"
        " a new title re-embeds the chunks).",
    )
    skipped: list[str] = Field(
        default_factory=list,
        description="Files in the folders walked that were not read: not a supported type "
        "(name one on the command line to read it anyway).",
    )
    duplicates: list[str] = Field(
        default_factory=list, description="Inputs whose text was already ingested earlier in this run."
    )
    failed: list[IngestFailure] = Field(default_factory=list)
    warnings: list[IngestFailure] = Field(
        default_factory=list,
        description="Inputs read in full, with something the user should know: a published date "
        "such as 05/03/2024 read month first while inputs.day_first is unset, a date that cannot be "
        "read (the article is indexed undated), invalid characters replaced.",
    )
    sentences: int = 0
    chunks: int = 0
    stopped: bool = Field(
        False, description="Stopped on request before every input was read; what is listed was stored."
    )

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """The one line the CLI and the TUI print after an ingest."""
        updated = f"{len(self.updated)} updated (metadata), " if self.updated else ""
        copies = "copy" if len(self.duplicates) == 1 else "copies"
        duplicates = f"{len(self.duplicates)} duplicate {copies}, " if self.duplicates else ""
        duplicates += f"{len(self.skipped)} skipped (not a supported type), " if self.skipped else ""
        sentences = f"{self.sentences} sentence{'' if self.sentences == 1 else 's'}"
        chunks = f"{self.chunks} chunk{'' if self.chunks == 1 else 's'}"
        warned_inputs = len({w.origin for w in self.warnings})  # an input may have a warning per record
        warned = f", {warned_inputs} with warnings" if self.warnings else ""
        return (
            f"{len(self.added)} added, {len(self.replaced)} replaced, {len(self.unchanged)} unchanged, "
            f"{updated}{duplicates}{len(self.failed)} failed{warned} ({sentences}, {chunks} indexed)"
        )


class SourceSentence(BaseModel):
    """A cited sentence with what a reader needs to check it."""

    article_id: str
    title: str
    source: str
    url: str | None = None
    published: dt.date | None = None
    text: str
    start: int
    end: int


class AnswerSpan(BaseModel):
    """Where in a cited sentence the asked name, date or figure is (character offsets)."""

    start: int
    end: int
    text: str


class AnswerPart(BaseModel):
    """One statement of an answer and the sentence ids that support it."""

    text: str
    citations: list[str]
    answer_span: AnswerSpan | None = Field(
        None, description="The answer inside the first cited sentence (offsets into it), when one is found."
    )
    as_of: dt.date | None = Field(
        None,
        description="Its source's date, set when the parts give different figures on different dates "
        "(parts then run newest first).",
    )
    event: str = Field(
        "",
        description="What its figure counts (killed · chemical attack · Khan Sheikhoun), set when the "
        "answer's figures are of different events, so they are not read as one toll that changed.",
    )
    supported: bool = Field(True, description="Whether the statement was found in what it cites.")
    reason: str = Field("", description="Why it is not supported (empty when it is).")
    attributed: bool = Field(
        False, description="The citations were chosen by briefing, not the model (then checked alike)."
    )


class RetrievedArticle(BaseModel):
    """An article the answer was drawn from, best first."""

    article_id: str
    title: str
    url: str | None = None
    source: str = Field("", description="Who published it, as ingested (empty when unknown).")
    published: dt.date | None = Field(None, description="Its publication day, when known.")
    score: float


class Answer(BaseModel):
    """A cited answer, or an abstention with the closest sentences as related material."""

    question: str
    answer: list[AnswerPart] = Field(default_factory=list)
    sources: dict[str, SourceSentence] = Field(default_factory=dict)
    abstained: bool = False
    related: list[str] = Field(default_factory=list, description="Closest sentence ids when abstaining.")
    retrieved: list[RetrievedArticle] = Field(default_factory=list)
    engine: str = "extractive"
    notice: str = Field("", description="One line for the reader, e.g. why the LLM answer fell back.")


class Filters(BaseModel):
    """Restrictions on what retrieval may return."""

    since: dt.date | None = None
    until: dt.date | None = None
    source: str | None = None
    as_of: dt.date | None = Field(
        None, description="Answer as of this day: nothing published later; time words count back from it."
    )

    @property
    def empty(self) -> bool:
        return self.since is None and self.until is None and self.source is None
