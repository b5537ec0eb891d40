"""Situation briefs: articles in a window -> stories -> developments, figures, claims, timeline.

:func:`make_brief` (library, window, topic, engine) -> :class:`~briefing.core.brief_models.Brief`,
called through :meth:`briefing.service.facade.Service.brief`. The library is anything with the
small :class:`Library` surface (the service is one); saved briefs live in :mod:`briefing.brief.saved`.

Developments are central source sentences, or (LLM engine) sentences written from them and checked
by :mod:`briefing.brief.developments`; claims, figures and timeline phrases are spans of the sentences they
cite, and :func:`_verify` drops any extractive item whose words are not all in its cited sentences.
"What is new" compares with the latest saved brief of the same index, window and topic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from briefing.brief import claims, figures, quantity, rank, status, stories, timeline
from briefing.brief import developments as brief_llm
from briefing.brief import diff as brief_diff
from briefing.brief.central import central_article, central_sentences
from briefing.brief.saved import index_identity, latest_brief
from briefing.core.brief_models import Brief, Claim, Figure, Story, StoryArticle, Window
from briefing.core.cancel import NEVER, CancelToken
from briefing.core.models import Article, ArticleInfo, Filters
from briefing.core.settings import BriefSettings
from briefing.qa import answering
from briefing.qa.retrieval import Stores, retrieve
from briefing.text.furniture import clean_article
from briefing.text.terms import words

_LEAD_SENTENCES = 3  # a story's title and lead say what it is about (the topic's match)
_PARSE_BATCH = 400  # sentences (~150 with a reporting cue): a few seconds at most between cancel checks


class Library(Stores, Protocol):
    """What a brief reads: the retrieval stores (settings, embedder, index, BM25) and the article list."""

    def list_articles(self) -> list[ArticleInfo]: ...


_CLAIM_ORDER = {"contested": 0, "corroborated": 1, "unconfirmed": 2, "single-source": 3, "no comment": 4}


def make_brief(
    service: Library,
    window: Window | None = None,
    topic: str | None = None,
    now: dt.datetime | None = None,
    previous: Brief | None = None,
    compare: bool = True,
    replacing: Path | None = None,
    engine: str | None = None,
    strict: bool = False,
    cancel: CancelToken | None = None,
) -> Brief:
    """A brief of the articles in ``window`` (on ``topic`` if given), compared with the last saved one.

    ``previous`` overrides which brief it is compared with; ``replacing`` names a saved brief this
    one will overwrite, never the one compared with. ``engine``/``strict``: as for ``ask``.
    ``cancel`` is checked between stories (and LLM pieces): :class:`Cancelled` when it is.
    """
    token = cancel or NEVER
    use_llm = answering.choose_engine(service.settings.llm, engine) == "llm"
    window = window or Window(include_undated=service.settings.brief.include_undated)
    cfg = service.settings.brief
    articles, left_out, unread = _articles(service, window, topic)
    token.check()
    title = f"Situation brief — {window.label}" + (f" — {topic}" if topic else "")
    brief = Brief(
        title=title,
        generated_at=now or dt.datetime.now().astimezone().replace(microsecond=0),
        window=window,
        topic=topic,
        index=index_identity(service.settings),
        articles=len(articles),
        undated_left_out=left_out,
    )
    if not articles:
        brief.notes.append(_empty_note(window, topic, left_out))
        return brief
    if unread:  # "all dates" over 845 articles read only the newest 400: never silently
        brief.notes.append(
            f"Only the newest {len(articles)} of the {len(articles) + unread} articles in the window were"
            f" read (brief.max_articles, BRIEFING_BRIEF__MAX_ARTICLES): narrow the window with"
            " --since/--until, or raise the setting."
        )
    vectors = service.index.article_vectors([a.id for a in articles])
    groups = stories.group(articles, vectors, cfg.story_threshold, cfg.duplicate_overlap)
    clean = _Cleaned()
    _parse_ahead(groups[: cfg.max_stories], clean, token)
    for group in groups[: cfg.max_stories]:
        token.check()
        _add_story(brief, group, cfg, clean)
    brief.timeline = timeline.for_window(brief.timeline, window, articles, cfg.background_days)
    written = brief_llm.write_developments(service, brief, groups, strict, cancel) if use_llm else set()
    token.check()
    _verify(brief, written)
    if compare:
        before = previous or latest_brief(
            service.settings,
            exclude_after=brief.generated_at,
            exclude=replacing,
            window=window,
            topic=topic,
        )
        brief_diff.mark_changes(brief, before)
    end = window.until or max((a.published for a in articles if a.published), default=None)
    for story in brief.stories:
        story.importance = rank.importance(story, end)
    if topic and topic.strip():
        brief.stories, mentioned = _on_topic(service, topic, groups, brief.stories, vectors)
        if brief.stories and not mentioned:  # "zzzq": retrieval always returns its nearest
            brief.notes.append(
                f"No story's titles or leads mention {topic.strip()!r}: the stories below are the"
                " nearest the index holds, not reports about it."
            )
    else:
        brief.stories.sort(key=lambda s: s.importance, reverse=True)
    return brief


def _on_topic(
    service: Library,
    topic: str,
    groups: list[stories.StoryGroup],
    found: list[Story],
    vectors: dict[str, np.ndarray],
) -> tuple[list[Story], bool]:
    """The stories ordered with the topic weighed in (:func:`rank.topic_relevance`), and whether
    any of their titles or leads holds a word of the topic."""
    wanted = service.embedder.embed([topic.strip()])[0]
    mine = groups[: len(found)]
    titles = [" ".join(a.title or "" for a in g.articles) for g in mine]
    leads = [" ".join(_lead(o.main) for o in g.origins) for g in mine]
    nearest = [_nearest(g, vectors, wanted) for g in mine]
    relevance = rank.topic_relevance(topic, titles, leads, nearest, wanted)
    return rank.topic_order(found, relevance), rank.mentioned(topic, [*titles, *leads])


def _lead(article: Article) -> str:
    return " ".join(s.text for s in article.sentences[:_LEAD_SENTENCES])


def _nearest(
    group: stories.StoryGroup, vectors: dict[str, np.ndarray], topic: np.ndarray
) -> np.ndarray | None:
    """The story's article vector nearest the topic (None when the index has none)."""
    mine = [vectors[a.id] for a in group.articles if a.id in vectors]
    return max(mine, key=lambda v: float(v @ topic) / (float(np.linalg.norm(v)) or 1.0), default=None)


def _articles(service: Library, window: Window, topic: str | None) -> tuple[list[Article], int, int]:
    """The window's articles (newest first, capped), or the topic's; how many undated were left
    out; and how many of the window's were not read for the cap (``brief.max_articles``)."""
    cfg = service.settings.brief
    if topic and topic.strip():
        found = retrieve(service, topic.strip(), cfg.topic_articles, Filters())
        ids = [r.article_id for r in found.retrieved]
        infos = list(service.index.article_infos(ids).values())
        undated_ok = window.include_undated or (window.since is None and window.until is None)
        window = window.model_copy(update={"include_undated": undated_ok})
    else:
        infos = service.list_articles()
    chosen = [i for i in infos if window.contains(i.published)]
    left_out = sum(1 for i in infos if i.published is None and not window.include_undated)
    chosen.sort(key=lambda i: (i.published or dt.date.min, i.ingested_at), reverse=True)
    got = service.index.get_articles([i.id for i in chosen[: cfg.max_articles]])
    return [got[i.id] for i in chosen if i.id in got], left_out, max(0, len(chosen) - cfg.max_articles)


# How the command line covers undated articles; the TUI says "tick “Include undated”" instead.
CLI_UNDATED_FIX = (
    "add --include-undated to cover them (daily: brief.include_undated, BRIEFING_BRIEF__INCLUDE_UNDATED=true)"
)


def _empty_note(window: Window, topic: str | None, left_out: int) -> str:
    one_day = window.since is not None and window.since == window.until  # "on 2019-01-01", not "in"
    span = (
        f"published {'on' if one_day else 'in'} {window.label}"
        if window.since or window.until
        else "with a publication date"
    )
    note = f"No articles {span}" + (f" match {topic!r}" if topic else "") + "."
    if left_out:
        note += f" {left_out} undated article(s) left out: {CLI_UNDATED_FIX}."
    return note


class _Cleaned:
    """Articles with their page furniture stripped (:func:`clean_article`), each stripped once per brief."""

    def __init__(self) -> None:
        self._done: dict[str, Article] = {}

    def __call__(self, article: Article) -> Article:
        if article.id not in self._done:
            self._done[article.id] = clean_article(article)
        return self._done[article.id]


def forget_kept() -> None:
    """Forget the parses, figures and time expressions kept per sentence text, so the next brief
    is computed as the first one of a process is (``bench/eval_brief.py daily`` times both)."""
    claims.forget_parses()
    figures.forget()
    timeline.forget()


def _parse_ahead(groups: list[stories.StoryGroup], clean: _Cleaned, token: CancelToken) -> None:
    """Parse the claims' sentences of every story in a few large batches, each sentence once.

    spaCy takes a third less CPU on one batch of the whole window than on one batch per article
    (22 FA-KES articles: 2.4 s against 3.4 s), and a sentence repeated across articles is parsed
    once; :func:`claims.article_claims` then finds them parsed. Cancellable between batches.
    """
    texts = [s.text for g in groups for o in g.origins for s in clean(o.main).sentences]
    for start in range(0, len(texts), _PARSE_BATCH):
        token.check()
        claims.parse_ahead(texts[start : start + _PARSE_BATCH])


def _add_story(brief: Brief, group: stories.StoryGroup, cfg: BriefSettings, clean: _Cleaned) -> None:
    originals = [o.main for o in group.origins]
    mains = [clean(a) for a in originals]  # page furniture kept out of what is built
    story_id = hashlib.sha256("|".join(sorted(a.id for a in group.articles)).encode()).hexdigest()[:10]
    lead = central_article(mains)
    outlet_of = {a.id: o.outlet for o in group.origins for a in o.articles}
    story = Story(
        id=story_id,
        headline=lead.title,
        headline_citations=[lead.sentences[0].id] if lead.sentences else [],
        articles=[_story_article(o) for o in group.origins],
        independent_sources=group.independent_sources,
        latest=group.latest,
    )
    story.developments = central_sentences(mains, cfg.developments)
    found_claims = [c for a in mains for c in claims.article_claims(a)]
    found_figures = [f for a in mains for f in _figures(a, found_claims)]
    copies = [c for o in group.origins for c in o.articles[1:]]
    found_figures += _copy_figures(group, story, clean)
    article_of = {s.id: a.id for a in mains + copies for s in a.sentences}
    conflicts = figures.conflicts(story_id, found_figures, article_of)
    status.assess(found_claims, mains, outlet_of, conflicts)
    story.claims = sorted(found_claims, key=lambda c: _CLAIM_ORDER[c.status])
    story.figures = rank.order_figures(found_figures)
    brief.conflicts.extend(conflicts)
    seen: set[tuple[str | None, str]] = set()
    for article in mains:
        for entry in timeline.article_timeline(article, story_id):
            if (entry.value, entry.event) not in seen:
                seen.add((entry.value, entry.event))
                brief.timeline.append(entry)
    for article in originals + copies:
        for s in article.sentences:
            brief.sources.setdefault(s.id, article.cite(s.n))
    brief.stories.append(story)


def _copy_figures(group: stories.StoryGroup, story: Story, clean: _Cleaned) -> list[Figure]:
    """Figures of folded copies that their origin lacks, claimed by the copy's outlet."""
    out: list[Figure] = []
    for origin, item in zip(group.origins, story.articles, strict=True):
        for copy, note in zip(origin.articles[1:], item.copy_notes, strict=True):
            if not note.figures:
                continue
            mine = {(f.value, f.unit) for f in _figures(clean(origin.main), [])}
            out += [f for f in _figures(clean(copy), []) if (f.value, f.unit) not in mine and f.event]
    return out


def _story_article(origin: stories.Origin) -> StoryArticle:
    a = origin.main
    return StoryArticle(
        article_id=a.id,
        title=a.title,
        source=a.source,
        url=a.url,
        published=a.published,
        copies=[c.id for c in origin.articles[1:]],
        copy_notes=[rank.copy_note(a, c) for c in origin.articles[1:]],
    )


def _figures(article: Article, found_claims: list[Claim]) -> list[Figure]:
    """Figures of an article, each with its claimant (the claim of its sentence that contains it,
    else the sentence's claimant, else the outlet) and what it counts (:mod:`quantity`)."""
    claims_of: dict[str, list[Claim]] = {}
    for c in found_claims:
        if c.stance != "no comment":
            claims_of.setdefault(c.citations[-1], []).append(c)
    out = []
    previous = None
    for s in article.sentences:
        if not s.text:
            continue
        days = [m.resolved.start for m in timeline.mentions(s.text, article.published, previous)]
        days = [d for d in days if d is not None]
        previous = days[-1] if days else previous
        mine = claims_of.get(s.id, [])
        for hit in figures.find(s.text):
            holder = next((c for c in mine if hit.number in c.text), mine[0] if mine else None)
            out.append(
                Figure(
                    number=hit.number,
                    value=hit.value,
                    qualifier=hit.qualifier,
                    counts=hit.counts,
                    unit=hit.unit,
                    event=hit.event,
                    text=hit.text,
                    claimant=holder.who if holder else article.source,
                    incident=quantity.incident(quantity.context(s.text, hit.start)),
                    places=quantity.places(quantity.context(s.text, hit.start)),
                    date=days[0] if days else None,
                    scope=quantity.scope(s.text),
                    citations=[s.id],
                )
            )
    return out


def _supported(statement: str, citations: list[str], vocab: Callable[[str], set[str]]) -> bool:
    have: set[str] = set().union(*(vocab(sid) for sid in citations))
    return set(words(statement)) <= have


def _verify(brief: Brief, llm: set[str]) -> None:
    """Drop any item whose words are not all in the sentences it cites (extractive, so none should be),
    but the developments of the ``llm`` stories: written by the LLM and checked by brief_llm."""
    text = {sid: s.text for sid, s in brief.sources.items()}
    known: dict[str, set[str]] = {}

    def vocab(sid: str) -> set[str]:  # the words of a cited sentence, tokenised once per brief
        if sid not in known:
            known[sid] = set(words(text.get(sid, "")))
        return known[sid]

    dropped = 0
    for story in brief.stories:
        keep_d = [d for d in story.developments if story.id in llm or _supported(d.text, d.citations, vocab)]
        keep_c = [c for c in story.claims if _supported(f"{c.claimant} {c.text}", c.citations, vocab)]
        keep_f = [f for f in story.figures if _supported(f.text, f.citations, vocab)]
        dropped += len(story.developments) + len(story.claims) + len(story.figures)
        dropped -= len(keep_d) + len(keep_c) + len(keep_f)
        story.developments, story.claims, story.figures = keep_d, keep_c, keep_f
    if dropped:
        brief.notes.append(f"{dropped} item(s) left out: not supported word for word by their citations.")
    cited = {c for story in brief.stories for c in _story_citations(story)}
    cited |= {c for e in brief.timeline for c in e.citations}
    cited |= {c for x in brief.conflicts for f in x.figures for c in f.citations}
    brief.sources = {sid: s for sid, s in brief.sources.items() if sid in cited}


def _story_citations(story: Story) -> list[str]:
    out = list(story.headline_citations)
    out += [c for d in story.developments for c in d.citations]
    out += [c for f in story.figures for c in f.citations]
    out += [c for cl in story.claims for c in cl.citations + cl.support + cl.against + cl.caveats]
    return out
