"""Stories: near-duplicate copies folded into one origin, origins grouped by event, best first.

Real articles (the segmenter's sentences), real TF-IDF and, for the last test, the real
embedder's article vectors.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from briefing.brief import stories
from briefing.core.models import Article
from briefing.core.settings import Settings
from briefing.store.embedder import load_embedder
from tests.conftest import make_article

DAY = dt.date(2020, 3, 2)
FERRY = (
    "A ferry carrying 40 passengers sank off the island of Lesbos early on Sunday, "
    "the Greek coast guard said. "
    "Coast guard vessels rescued 38 people from the water and two passengers are still missing. "
    "The ferry had left the port of Mytilene in strong winds, port officials said."
)
ARTICLES = [
    make_article("aegean", FERRY, "Ferry sinks off Lesbos, coast guard rescues 38", "Aegean Wire", DAY),
    # a syndicated copy with a credit line: the same origin, not a second source
    make_article(
        "mirror",
        FERRY + " This report was distributed by Mirror Wire.",
        "Ferry sinks off Lesbos",
        "Mirror Wire",
        DAY,
    ),
    # a light edit of the same wire text, a day later
    make_article(
        "edited",
        FERRY.replace("early on Sunday", "on Sunday morning").replace("strong winds", "high winds"),
        "Lesbos ferry sinking: 38 rescued",
        "Coast Times",
        DAY + dt.timedelta(days=1),
    ),
    # the same event in other words: another origin of the same story
    make_article(
        "harbour",
        "Two passengers were missing after a ferry went down off Lesbos on Sunday. "
        "The Greek coast guard said its vessels pulled 38 people from the sea near Mytilene.",
        "Ferry goes down off Lesbos, two missing",
        "Harbour Daily",
        DAY,
    ),
    make_article(
        "rail",
        "Rail workers in Athens began a 48-hour strike on Monday over pension reforms. "
        "The national operator cancelled most intercity trains to Thessaloniki.",
        "Athens rail strike halts intercity trains",
        "Rail News",
        DAY,
    ),
    # the ferry words again, but a month later: another event
    make_article(
        "later",
        "A ferry carrying 25 passengers sank off Lesbos on Thursday; the coast guard rescued everyone.",
        "Another ferry sinks off Lesbos",
        "Island Post",
        DAY + dt.timedelta(days=30),
    ),
]


def by_id(*ids: str) -> list[Article]:
    return [a for a in ARTICLES if a.id in ids]


def ids(group: stories.StoryGroup) -> set[str]:
    return {a.id for a in group.articles}


def test_copies_and_light_edits_fold_into_one_origin_earliest_first() -> None:
    found = stories.origins(ARTICLES)
    folded = next(o for o in found if len(o.articles) > 1)
    assert [a.id for a in folded.articles] == ["aegean", "mirror", "edited"]
    assert folded.main.id == "aegean" and folded.outlet == "aegean wire"
    assert sorted(len(o.articles) for o in found) == [1, 1, 1, 3]


def test_different_wording_is_not_a_copy() -> None:
    assert len(stories.origins(by_id("aegean", "harbour"))) == 2
    assert len(stories.origins(by_id("aegean", "mirror"), overlap=1.01)) == 2  # folding can be turned off


def test_one_event_across_outlets_is_one_story_counting_independent_sources() -> None:
    groups = stories.group(ARTICLES)
    ferry = groups[0]  # ranked first: the most independent sources
    assert ids(ferry) == {"aegean", "mirror", "edited", "harbour"}
    assert ferry.independent_sources == 2  # Aegean Wire (with its copies) and Harbour Daily
    assert ferry.latest == DAY + dt.timedelta(days=1)
    assert {"rail"} in [ids(g) for g in groups] and {"later"} in [ids(g) for g in groups]
    assert sorted(i for g in groups for i in ids(g)) == sorted(a.id for a in ARTICLES)


def test_without_folding_a_copy_would_count_as_a_source() -> None:
    ferry = stories.group(ARTICLES, overlap=1.01)[0]
    assert ferry.independent_sources == 4  # each copy's outlet counted: what folding prevents


def test_dates_further_apart_than_max_days_stay_apart() -> None:
    apart = stories.group(by_id("aegean", "later"), threshold=0.05)
    assert len(apart) == 2
    together = stories.group(by_id("aegean", "later"), threshold=0.05, max_days=60)
    assert len(together) == 1


def test_ranking_by_sources_then_recency_then_size() -> None:
    groups = stories.group(by_id("rail", "later"))
    assert [ids(g) for g in groups] == [{"later"}, {"rail"}]  # one source each: the newer first


def test_similarity_is_symmetric_and_highest_within_an_event() -> None:
    found = stories.origins(by_id("aegean", "harbour", "rail"))
    sim = stories.similarity(found)
    assert np.allclose(sim, sim.T) and np.allclose(np.diag(sim), 1.0, atol=1e-5)
    assert sim[0, 1] > sim[0, 2] and sim[0, 1] > sim[1, 2]


def test_article_vectors_join_paraphrases() -> None:
    """With the real embedder's vectors, the paraphrase scores at least as close as on words alone."""
    embedder = load_embedder(Settings().embedder)
    chosen = by_id("aegean", "harbour", "rail")
    vectors = dict(zip([a.id for a in chosen], embedder.embed([a.text for a in chosen]), strict=True))
    found = stories.origins(chosen)
    lexical, mixed = stories.similarity(found), stories.similarity(found, vectors)
    assert mixed[0, 1] > mixed[0, 2]
    assert mixed[0, 2] == pytest.approx(0.5 * lexical[0, 2], abs=0.1)  # unrelated: the floor removes it
