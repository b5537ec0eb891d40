"""Retrieval details: month windows named in questions, and their effect on ranking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.core.models import Filters
from briefing.core.settings import Settings
from briefing.qa.features import (
    exact_ranking,
    key_alternatives,
    key_items,
    proximity_ranking,
    quantities_in,
    quantity_forms,
)
from briefing.qa.retrieval import _by_lead_chunk, question_window
from briefing.service.facade import Service


@pytest.mark.parametrize(
    ("question", "window"),
    [
        ("What hit Aleppo in October 2016?", ("2016-09-28", "2016-11-03")),
        ("Who was killed in early March 2015?", ("2015-02-26", "2015-03-15")),
        ("Which town was shelled in mid-July 2016?", ("2016-07-05", "2016-07-26")),
        ("What did the UN say in late November 2017?", ("2017-11-15", "2017-12-03")),
        ("What happened on April 5, 2017 in Idlib?", ("2017-04-02", "2017-04-08")),
        ("What happened on 5 April 2017 in Idlib?", ("2017-03-29", "2017-05-03")),
    ],
)
def test_question_window(question: str, window: tuple[str, str]) -> None:
    assert question_window(question) == (dt.date.fromisoformat(window[0]), dt.date.fromisoformat(window[1]))


@pytest.mark.parametrize(
    "question", ["What happened in the 1982 Hama crackdown?", "Who may attack next?", ""]
)
def test_no_window_without_a_month_and_year(question: str) -> None:
    assert question_window(question) is None


def _report(day: str, town: str, dead: int) -> str:
    return (
        f"---\ntitle: Shelling hits {town}\nsource: Wire\npublished: {day}\n---\n"
        f"Shelling hit the town of {town} on Tuesday, killing {dead} civilians, a monitor said.\n"
        "Rescue workers searched the rubble for survivors through the night.\n"
    )


def test_a_month_in_the_question_prefers_articles_published_then(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "march.md").write_text(_report("2016-03-08", "Kafr Nabl", 12))
    (corpus / "october.md").write_text(_report("2016-10-11", "Kafr Nabl", 9))
    service = Service(Settings().with_overrides(**{"storage.path": str(tmp_path / "index")}))
    assert len(service.ingest([str(corpus)]).added) == 2
    titles = {a.id: a.published for a in service.list_articles()}

    for month, expected in (("October 2016", dt.date(2016, 10, 11)), ("March 2016", dt.date(2016, 3, 8))):
        answer = service.ask(f"How many civilians did the shelling of Kafr Nabl kill in {month}?", k=2)
        assert titles[answer.retrieved[0].article_id] == expected


@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("Which carmaker recalled 2.9 million vehicles this week?", [["2.9"]]),
        ("How many died in Aleppo's Bab al-Maqam on Monday?", [["aleppo"], ["bab", "al-maqam"]]),
        ("How many Red Crescent volunteers died?", [["red", "crescent"]]),
        ("What did 1,300 protesters want?", [["1300"]]),
        ("Who won?", []),
    ],
)
def test_key_items_are_the_questions_numbers_and_names(question: str, items: list[list[str]]) -> None:
    assert key_items(question) == items


def test_exact_and_proximity_rankings_keep_pool_order_on_ties() -> None:
    held = {"b": {0}, "c": {0, 1}}
    ranking = exact_ranking(["a", "b", "c", "d"], [[["x"]], [["y"]]], lambda pool, items: held, lambda t: 1.0)
    assert ranking == ["c", "b"]  # c holds both items; a and d hold none
    lists = {"a": [["red", "crescent", "convoy"]], "b": [["crescent"], ["red"]], "c": [["red", "crescent"]]}
    near = proximity_ranking(["a", "b", "c"], lists, ["red", "crescent", "convoy"], lambda t: 1.0)
    assert near == ["a", "c"]  # a holds both pairs, c one; b holds the words apart


def test_a_figure_in_the_question_picks_the_report_that_states_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Yearly stories alike but for their figures: the question's number decides (BM25 and exact match)."""
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for year, vehicles in ((2014, "1.4"), (2015, "2.9"), (2016, "3.1")):
        (corpus / f"recall{year}.md").write_text(
            "---\ntitle: Carmaker recalls vehicles over faulty airbags\nsource: Wire\n"
            f"published: {year}-05-04\n---\n"
            f"The carmaker said on Tuesday it recalled {vehicles} million vehicles over faulty airbags.\n"
            "Dealers will replace the inflators free of charge, the company said.\n"
        )
    service = Service(Settings().with_overrides(**{"storage.path": str(tmp_path / "index")}))
    assert len(service.ingest([str(corpus)]).added) == 3
    published = {a.id: a.published for a in service.list_articles()}
    for vehicles, year in (("1.4", 2014), ("2.9", 2015), ("3.1", 2016)):
        answer = service.ask(f"Which carmaker recalled {vehicles} million vehicles?", k=3)
        assert published[answer.retrieved[0].article_id] == dt.date(year, 5, 4)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("recalled 2.9 million vehicles", [2_900_000]),
        ("2,900,000 cars and $40bn", [2_900_000, 40e9]),
        ("eight children, Twenty-five women, a dozen men", [8, 25, 12]),
        ("the 777-200LR flew 9,420 miles", [9420]),
        ("no figures here", []),
    ],
)
def test_quantities_in_apply_scale_words(text: str, values: list[float]) -> None:
    assert quantities_in(text) == values


def test_a_quantity_has_its_other_spellings() -> None:
    assert quantity_forms(2_900_000) == [["2900000"], ["2.9", "million"], ["2.9", "m"]]
    assert quantity_forms(40e9) == [["40000000000"], ["40", "billion"], ["40", "bn"], ["forti", "billion"]]
    assert quantity_forms(8) == [["8"], ["eight"]]
    assert quantity_forms(3000) == [["3000"], ["3", "thousand"], ["three", "thousand"]]
    assert quantity_forms(2_345_678) == [["2345678"]]  # no "2.35 million": that is another figure
    assert key_alternatives("Did Ford cut 1,300 jobs?") == [[["ford"]], [["1300"], ["1.3", "thousand"]]]
    assert key_alternatives("Did Ford cut 1,300 jobs?", forms=False) == [[["ford"]], [["1300"]]]


def test_a_key_counts_once_at_its_rarest_spelling() -> None:
    keys = [[["2900000"], ["2.9", "million"]], [["gm"]]]
    held = {"a": {0, 1}, "b": {1}, "c": {2}}  # a holds both spellings, b one, c only the name
    rarity = {"2900000": 5.0, "2.9": 2.0, "million": 1.0, "gm": 4.0}
    ranking = exact_ranking(["c", "b", "a"], keys, lambda pool, items: held, rarity.__getitem__)
    assert ranking == ["a", "c", "b"]  # a: 5 (not 5 + 3), c: 4, b: 3


def test_lead_chunks_rank_articles_by_their_first_chunk_only() -> None:
    hits = [("c1", ("a", 4, 6)), ("c2", ("b", 0, 3)), ("c3", ("a", 0, 3)), ("c4", ("b", 4, 5))]
    assert _by_lead_chunk(hits) == ["b", "a"]


def test_a_figure_written_otherwise_still_picks_its_report(
    make_index: Callable[[str, list[str]], Service], tmp_path: Path
) -> None:
    """Yearly recall stories alike but for their figure, which the articles write in full: the
    question's "2.9 million" must find "2,900,000". Without number forms every question gets the
    2015 article first (measured), so this fails if the forms stop matching."""
    for year, vehicles, plants in ((2014, "1,400,000", 3), (2015, "2,900,000", 8), (2016, "3,100,000", 5)):
        (tmp_path / f"recall{year}.md").write_text(
            "---\ntitle: Carmaker recalls vehicles over faulty airbags\nsource: Wire\n"
            f"published: {year}-05-04\n---\n"
            f"The carmaker said on Tuesday it recalled {vehicles} vehicles over faulty airbags.\n"
            f"Dealers in {plants} states will replace the inflators free of charge, the company said.\n"
        )
    service = make_index("forms", [str(tmp_path)])
    published = {a.id: a.published for a in service.list_articles()}
    questions = {
        2014: "Which carmaker recalled 1.4 million vehicles?",
        2015: "Which carmaker recalled 2.9 million vehicles?",
        2016: "Which carmaker recalled 3.1 million vehicles?",
    }
    for year, question in questions.items():
        assert published[service.ask(question, k=3).retrieved[0].article_id] == dt.date(year, 5, 4)


def test_whole_article_dense_search_returns_article_ids(
    make_index: Callable[[str, list[str]], Service], tmp_path: Path
) -> None:
    for name, title, text in (
        ("quake", "Earthquake hits coast", "A strong earthquake shook the coast."),
        ("vote", "Budget vote delayed", "Parliament delayed the budget vote."),
    ):
        (tmp_path / f"{name}.md").write_text(f"---\ntitle: {title}\n---\n{text}\n")
    service = make_index("whole", [str(tmp_path)])
    vector = service.embedder.embed(["earthquake on the coast"])[0]
    ids = service.index.dense_search_articles(vector, 2, Filters())
    titles = [service.get_article(a).title for a in ids]
    assert titles == ["Earthquake hits coast", "Budget vote delayed"]
    weighted = Service(service.settings.with_overrides(**{"retrieval.article_dense_weight": 1.0}))
    assert weighted.ask("earthquake on the coast", k=1).retrieved[0].title == "Earthquake hits coast"


FILLER = [
    "Rescue workers searched the rubble for survivors through the night.",
    "The local council said schools would stay closed on Wednesday.",
    "Aid convoys waited at the crossing for a second day.",
]
STRIKE = "Shelling hit the town of Kafr Nabl on Tuesday."
TOLL = "Twelve civilians were killed, a monitor said."


def test_the_article_whose_passage_answers_is_lifted_by_the_passage_re_rank(
    make_index: Callable[[str, list[str]], Service], tmp_path: Path
) -> None:
    """Two reports with the same sentences: "close" states the strike and its toll side by side,
    "spread" far apart but names the town once more (so both BM25 rankings prefer it). Without
    the re-rank "spread" must come first; with a strong one, "close"."""
    close = [STRIKE, TOLL, *FILLER, "Mashhad lies to the north of the town."]
    spread = [STRIKE, *FILLER, "Kafr Nabl lies to the north of Maarat.", TOLL]
    for name, lines in (("close", close), ("spread", spread)):
        (tmp_path / f"{name}.md").write_text(f"---\ntitle: Report\nsource: {name}\n---\n" + "\n".join(lines))
    service = make_index("passage", [str(tmp_path)])
    question = "How many civilians were killed by shelling in Kafr Nabl?"
    first = {}
    for weight in (0.0, 5.0):
        weighted = Service(service.settings.with_overrides(**{"retrieval.passage_weight": weight}))
        retrieved = weighted.ask(question, k=2).retrieved
        first[weight] = weighted.get_article(retrieved[0].article_id).source
    assert first == {0.0: "spread", 5.0: "close"}


def test_a_weekday_in_the_question_prefers_the_week_before_as_of(
    make_index: Callable[[str, list[str]], Service], tmp_path: Path
) -> None:
    """Two years of the same story; the older one names the town twice (BM25 prefers it). Asked
    "on Tuesday" as of a day in the newer one's week, the newer one comes first — and only
    because of the time boost."""
    (tmp_path / "old.md").write_text(_report("2015-03-10", "Kafr Nabl", 12) + "Kafr Nabl was shelled.\n")
    (tmp_path / "new.md").write_text(_report("2016-03-08", "Kafr Nabl", 9))
    service = make_index("weekday", [str(tmp_path)])
    published = {a.id: a.published for a in service.list_articles()}
    question = "How many civilians did shelling kill in Kafr Nabl on Tuesday?"
    as_of = Filters(as_of=dt.date(2016, 3, 10))
    first = {}
    for weight in (0.0, 1.0):
        weighted = Service(service.settings.with_overrides(**{"retrieval.date_weight": weight}))
        first[weight] = published[weighted.ask(question, k=2, filters=as_of).retrieved[0].article_id]
    assert first == {0.0: dt.date(2015, 3, 10), 1.0: dt.date(2016, 3, 8)}
