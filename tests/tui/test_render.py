"""briefing.tui.render: untrusted text stays literal; markers and Markdown match the CLI's."""

from __future__ import annotations

import re

from briefing.core.models import Answer, AnswerPart, SourceSentence
from briefing.tui import render


def _src(text: str) -> SourceSentence:
    return SourceSentence(article_id="a", title="T [b]x[/b]", source="", text=text, start=0, end=1)


def test_text_is_literal_and_escapes_control_characters() -> None:
    content = render.text("[bold red]x[/] [@click=quit] \x1b[31m\x07")
    assert content.plain == "[bold red]x[/] [@click=quit] ␛[31m\\x07"
    assert content.spans == []


def test_markers_number_answer_citations_then_related() -> None:
    answer = Answer(
        question="q",
        answer=[AnswerPart(text="s1", citations=["a:3", "a:1"]), AnswerPart(text="s2", citations=["a:1"])],
        related=["a:7"],
        sources={sid: _src(sid) for sid in ("a:1", "a:3", "a:7")},
    )
    assert render.markers(answer) == {"a:3": 1, "a:1": 2, "a:7": 3}
    markdown = render.answer_markdown(answer)
    assert "s1 [1][2]\n\ns2 [2]" in markdown
    assert "1. “a:3” — *T \\[b\\]x\\[/b\\]*, unknown source, date unknown (`a:3`)" in markdown


def test_markdown_copy_keeps_article_markup_as_text() -> None:
    """Pasted into a Markdown renderer, an article's emphasis, link or tag is not rendered."""
    hostile = "Click [here](http://evil.example) *now* <img src=x onerror=alert(1)> _x_"
    answer = Answer(
        question="q",
        answer=[AnswerPart(text=hostile, citations=["a:1"])],
        sources={"a:1": _src(hostile)},
    )
    markdown = render.answer_markdown(answer)
    answer_line = markdown.split("\n")[2]  # "**Q:** q", "", then the answer part and its marker
    body, marker = answer_line.rsplit(" ", 1)
    assert marker == "[1]" and not re.search(r"(?<!\\)[\[\]<>*_]", body), body
    assert "\\[here\\](http://evil.example) \\*now\\* \\<img src=x onerror=alert(1)\\> \\_x\\_" in markdown


def test_markdown_of_an_abstention_lists_related_sentences() -> None:
    answer = Answer(question="q", abstained=True, related=["a:2"], sources={"a:2": _src("close one")})
    markdown = render.answer_markdown(answer)
    assert "_The indexed sources do not answer this._" in markdown
    assert "- close one [1]" in markdown
