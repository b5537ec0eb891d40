"""Situation briefs: articles in a window -> stories -> developments, figures, claims, timeline.

The service-layer API (for the CLI and the TUI's Brief tab):

- :func:`make_brief` (service, window, topic, engine) -> :class:`~briefing.brief_models.Brief`;
  :func:`save_brief` writes ``.json`` and ``.md`` to the briefs folder (atomically);
  :func:`list_briefs` / :func:`load_brief` list and open saved briefs.

Developments are central source sentences, or (LLM engine) sentences written from them and checked
by :mod:`briefing.brief_llm`; claims, figures and timeline phrases are spans of the sentences they
cite, and :func:`_verify` drops any extractive item whose words are not all in its cited sentences.
"What is new" compares with the latest saved brief written from the same index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from briefing import answering, brief_diff, brief_llm, claims, figures, stories, timeline
from briefing.brief_models import Brief, BriefFile, Cited, Claim, Figure, Story, StoryArticle, Window
from briefing.errors import BriefingError, NotFound
from briefing.models import Article, Filters
from briefing.settings import BriefSettings, Settings
from briefing.text import terms, words

if TYPE_CHECKING:
    from briefing.service import Service

_MIN_WORDS = 6
_CLAIM_ORDER = {"contested": 0, "corroborated": 1, "unconfirmed": 2, "single-source": 3, "no comment": 4}


def briefs_dir(settings: Settings) -> Path:
    """Where briefs are saved: ``brief.dir``, else ``briefs/`` beside the index directory."""
    return settings.brief.dir or settings.storage.path.absolute().parent / "briefs"


def index_identity(settings: Settings) -> str:
    """Which index a brief was written from, so 'new since the last brief' compares like with like."""
    storage = settings.storage
    return storage.chroma_url or str(storage.path.absolute()) + f"#{storage.collection}"


def make_brief(
    service: Service,
    window: Window | None = None,
    topic: str | None = None,
    now: dt.datetime | None = None,
    previous: Brief | None = None,
    compare: bool = True,
    replacing: Path | None = None,
    engine: str | None = None,
    strict: bool = False,
) -> Brief:
    """A brief of the articles in ``window`` (on ``topic`` if given), compared with the last saved one.

    ``previous`` overrides which brief it is compared with; ``replacing`` names a saved brief this
    one will overwrite, never the one compared with. ``engine``/``strict``: as for ``ask``.
    """
    use_llm = answering.choose_engine(service.settings.llm, engine) == "llm"
    window = window or Window(include_undated=service.settings.brief.include_undated)
    cfg = service.settings.brief
    articles, left_out = _articles(service, window, topic)
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
    vectors = _article_vectors(service, [a.id for a in articles])
    groups = stories.group(articles, vectors, cfg.story_threshold, cfg.duplicate_overlap)
    for group in groups[: cfg.max_stories]:
        _add_story(brief, group, cfg)
    brief.timeline.sort(key=timeline.sort_key)
    written = brief_llm.write_developments(service, brief, groups, strict) if use_llm else set()
    _verify(brief, written)
    if compare:
        before = previous or latest_brief(
            service.settings, exclude_after=brief.generated_at, exclude=replacing
        )
        brief_diff.mark_changes(brief, before)
    return brief


def _articles(service: Service, window: Window, topic: str | None) -> tuple[list[Article], int]:
    """The window's articles (newest first, capped), or the topic's; and how many undated were left out."""
    cfg = service.settings.brief
    if topic and topic.strip():
        from briefing.retrieval import retrieve

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
    return [got[i.id] for i in chosen if i.id in got], left_out


def _article_vectors(service: Service, ids: list[str]) -> dict[str, np.ndarray]:
    """Each article's stored vector (the mean of its chunks' embeddings), to group paraphrases."""
    got = service.index.articles.get(ids=ids, include=["embeddings"])
    vectors = got.get("embeddings")
    if vectors is None:
        return {}
    return {aid: np.asarray(v, dtype=np.float32) for aid, v in zip(got["ids"], vectors, strict=True)}


def _empty_note(window: Window, topic: str | None, left_out: int) -> str:
    span = f"published in {window.label}" if window.since or window.until else "with a publication date"
    note = f"No articles {span}" + (f" match {topic!r}" if topic else "") + "."
    if left_out:
        note += f" {left_out} undated article(s) left out: add --include-undated to cover them."
    return note


def _add_story(brief: Brief, group: stories.StoryGroup, cfg: BriefSettings) -> None:
    mains = [o.main for o in group.origins]
    story_id = hashlib.sha256("|".join(sorted(a.id for a in group.articles)).encode()).hexdigest()[:10]
    lead = _central_article(mains)
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
    article_of = {s.id: a.id for a in mains for s in a.sentences}
    conflicts = figures.conflicts(story_id, found_figures, article_of)
    _assess(found_claims, mains, outlet_of, conflicts)
    story.claims = sorted(found_claims, key=lambda c: _CLAIM_ORDER[c.status])[: cfg.max_claims]
    story.figures = found_figures[: cfg.max_figures]
    brief.conflicts.extend(conflicts)
    seen: set[tuple[str | None, str]] = set()
    for article in mains:
        for entry in timeline.article_timeline(article, story_id):
            if (entry.value, entry.event) not in seen:
                seen.add((entry.value, entry.event))
                brief.timeline.append(entry)
    for article in mains:
        for s in article.sentences:
            brief.sources.setdefault(s.id, article.cite(s.n))
    brief.stories.append(story)


def _story_article(origin: stories.Origin) -> StoryArticle:
    a = origin.main
    return StoryArticle(
        article_id=a.id,
        title=a.title,
        source=a.source,
        url=a.url,
        published=a.published,
        copies=[c.id for c in origin.articles[1:]],
    )


def _vector(text: str) -> dict[str, float]:
    counts: dict[str, float] = {}
    for t in terms(text):
        counts[t] = counts.get(t, 0.0) + 1.0
    return counts


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na, nb = np.sqrt(sum(v * v for v in a.values())), np.sqrt(sum(v * v for v in b.values()))
    return float(dot / (na * nb)) if na and nb else 0.0


def _central_article(mains: list[Article]) -> Article:
    """The article closest to the story's centroid: its title becomes the headline."""
    if len(mains) == 1:
        return mains[0]
    vectors = [_vector(f"{a.title} " + " ".join(s.text for s in a.sentences[:3])) for a in mains]
    centroid: dict[str, float] = {}
    for v in vectors:
        for k, x in v.items():
            centroid[k] = centroid.get(k, 0.0) + x
    return max(zip(mains, vectors, strict=True), key=lambda av: _cosine(av[1], centroid))[0]


def central_sentences(mains: list[Article], n: int) -> list[Cited]:
    """The most central, non-redundant sentences: similar to the story as a whole, early in their article."""
    pool = [(a, s) for a in mains for s in a.sentences if len(s.text.split()) >= _MIN_WORDS]
    if not pool:
        return []
    vectors = [_vector(s.text) for _, s in pool]
    centroid: dict[str, float] = {}
    for v in vectors:
        for k, x in v.items():
            centroid[k] = centroid.get(k, 0.0) + x
    scored = sorted(
        range(len(pool)),
        key=lambda i: _cosine(vectors[i], centroid) + 0.15 / (1 + pool[i][1].n),
        reverse=True,
    )
    chosen: list[Cited] = []
    chosen_words: list[set[str]] = []
    for i in scored:
        mine = set(words(pool[i][1].text))
        twin = next(
            (k for k, w in enumerate(chosen_words) if len(mine & w) / max(len(mine | w), 1) >= 0.5), None
        )
        if twin is not None:
            chosen[twin].citations.append(pool[i][1].id)  # the same development elsewhere: cite it too
            continue
        if len(chosen) < n:
            chosen.append(Cited(text=pool[i][1].text, citations=[pool[i][1].id]))
            chosen_words.append(mine)
    return chosen


def _figures(article: Article, found_claims: list[Claim]) -> list[Figure]:
    by_sentence = {c.citations[-1]: c.who for c in found_claims if c.stance != "no comment"}
    out = []
    for s in article.sentences:
        for hit in figures.find(s.text):
            out.append(
                Figure(
                    number=hit.number,
                    value=hit.value,
                    qualifier=hit.qualifier,
                    counts=hit.counts,
                    unit=hit.unit,
                    event=hit.event,
                    text=hit.text,
                    claimant=by_sentence.get(s.id) or article.source,
                    citations=[s.id],
                )
            )
    return out


def _assess(found: list[Claim], mains: list[Article], outlet_of: dict[str, str], conflicts: list) -> None:
    """Corroborated by other outlets' similar sentences; contested by denials or conflicting figures."""
    conflicting = {sid for c in conflicts for f in c.figures for sid in f.citations}
    sentences = [(a.id, s.id, set(terms(s.text))) for a in mains for s in a.sentences]
    for claim in found:
        if claim.stance == "no comment":
            continue
        home = claim.citations[0].rpartition(":")[0]
        mine = set(terms(claim.text))
        outlets = {outlet_of.get(home, home)}
        for article_id, sid, theirs in sentences:
            outlet = outlet_of.get(article_id, article_id)
            if outlet in outlets or not mine:
                continue
            if len(mine & theirs) / len(mine) >= 0.5:
                claim.support.append(sid)
                outlets.add(outlet)
        claim.sources = len(outlets)
        denials = [c for c in found if c.stance == "denied" and c is not claim and c.who != claim.who]
        for other in denials:
            if len(mine & set(terms(other.text))) / max(len(mine), 1) >= 0.3:
                claim.against.extend(other.citations)
        claim.against += [sid for sid in claim.citations if sid in conflicting and sid not in claim.against]
        if claim.against:
            claim.status = "contested"
        elif claim.sources > 1:
            claim.status = "corroborated"


def _supported(statement: str, citations: list[str], text: dict[str, str]) -> bool:
    have = set(words(" ".join(text.get(sid, "") for sid in citations)))
    return set(words(statement)) <= have


def _verify(brief: Brief, llm: set[str]) -> None:
    """Drop any item whose words are not all in the sentences it cites (extractive, so none should be),
    but the developments of the ``llm`` stories: written by the LLM and checked by brief_llm."""
    text = {sid: s.text for sid, s in brief.sources.items()}
    dropped = 0
    for story in brief.stories:
        keep_d = [d for d in story.developments if story.id in llm or _supported(d.text, d.citations, text)]
        keep_c = [c for c in story.claims if _supported(f"{c.claimant} {c.text}", c.citations, text)]
        keep_f = [f for f in story.figures if _supported(f.text, f.citations, text)]
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


# ----- saved briefs


def save_brief(brief: Brief, settings: Settings, stem: str | None = None) -> list[Path]:
    """Write ``<stem>.json`` and ``<stem>.md`` to the briefs folder, each atomically (safe to re-run)."""
    from briefing import brief_export

    directory = briefs_dir(settings)
    directory.mkdir(parents=True, exist_ok=True)
    stem = stem or "brief-" + brief.generated_at.strftime("%Y-%m-%dT%H%M%S")
    paths = [directory / f"{stem}.json", directory / f"{stem}.md"]
    write_atomic(paths[0], brief_export.to_json(brief))
    write_atomic(paths[1], brief_export.to_markdown(brief))
    return paths


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a brief."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def list_briefs(settings: Settings) -> list[BriefFile]:
    """Saved briefs of the briefs folder, newest first (unreadable files are skipped)."""
    out = []
    for path in briefs_dir(settings).glob("*.json"):
        try:
            brief = load_brief(path)
        except BriefingError:
            continue
        out.append(
            BriefFile(
                path=str(path),
                generated_at=brief.generated_at,
                title=brief.title,
                window=brief.window.label,
                stories=len(brief.stories),
            )
        )
    return sorted(out, key=lambda f: f.generated_at, reverse=True)


def load_brief(path: str | Path) -> Brief:
    """A saved brief from its JSON file."""
    try:
        return Brief.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise NotFound(f"no brief at {path}") from None
    except (OSError, ValueError) as exc:
        raise BriefingError(f"cannot read the brief {path}: {str(exc).splitlines()[0][:120]}") from None


def latest_brief(
    settings: Settings, exclude_after: dt.datetime | None = None, exclude: Path | None = None
) -> Brief | None:
    """The newest saved brief from this index written before ``exclude_after``, other than ``exclude``.

    ``exclude`` is the file about to be rewritten (``daily`` run twice the same day): the second
    run compares with the brief before it, not with itself.
    """
    me = index_identity(settings)
    for info in list_briefs(settings):
        if exclude_after is not None and info.generated_at > exclude_after:
            continue
        if exclude is not None and Path(info.path).resolve() == exclude.resolve():
            continue
        brief = load_brief(info.path)
        if brief.index == me:
            return brief
    return None
