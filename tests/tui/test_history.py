"""briefing.tui.history: append, reload, search, clear, and surviving a torn last line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefing.core.models import Answer, AnswerPart, SourceSentence
from briefing.tui.history import History

AT = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)


def _answer(question: str, text: str = "The bridge reopened on Thursday.") -> Answer:
    src = SourceSentence(
        article_id="a1", title="Bridge reopens", source="Valley Post", text=text, start=0, end=9
    )
    return Answer(
        question=question, answer=[AnswerPart(text=text, citations=["a1:0"])], sources={"a1:0": src}
    )


def test_append_load_search_clear(tmp_path: Path) -> None:
    history = History.beside(tmp_path / "index", clock=lambda: AT)
    assert history.path == tmp_path / "index" / "history.jsonl"
    assert history.load() == []
    history.append(_answer("When did the bridge reopen?"))
    history.append(_answer("Who repaired it?", "Engineers from the county repaired it."))
    again = History.beside(tmp_path / "index")
    records = again.load()
    assert [r.question for r in records] == ["When did the bridge reopen?", "Who repaired it?"]
    assert records[0].at == AT and records[0].answer.sources["a1:0"].title == "Bridge reopens"
    assert [r.question for r in again.load(limit=1)] == ["Who repaired it?"]
    assert [r.question for r in again.search("county ENGINEERS")] == ["Who repaired it?"]
    assert len(again.search("bridge")) == 2  # matches the cited title too
    assert again.search("ferry") == []
    again.clear()
    assert again.load() == [] and again.path.exists()


def test_a_torn_last_line_loses_nothing_before_it(tmp_path: Path) -> None:
    history = History(tmp_path / "history.jsonl", clock=lambda: AT)
    history.append(_answer("first?"))
    with history.path.open("a", encoding="utf-8") as f:
        f.write('{"at": "2024-05-01T09:30:00Z", "question": "torn')  # a crash mid-write
    assert [r.question for r in history.load()] == ["first?"]
    history.append(_answer("after the crash?"))
    assert [r.question for r in history.load()] == ["first?", "after the crash?"]
