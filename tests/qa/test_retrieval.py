"""Retrieval details: month windows named in questions, and their effect on ranking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.core.settings import Settings
from briefing.qa.features import exact_ranking, key_items, proximity_ranking
from briefing.qa.retrieval import question_window
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
    ranking = exact_ranking(["a", "b", "c", "d"], [["x"], ["y"]], lambda pool, items: held, lambda t: 1.0)
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
