"""Brief exports: Markdown footnotes and HTML anchors numbered by first use, untrusted text inert.

The brief is today's of tests/brief/helpers.py (real articles), with hostile text added where
article text reaches an export: titles, sources, sentences, URLs.
"""

from __future__ import annotations

import html
import json
import re

from briefing.brief import export
from briefing.brief.diff import mark_changes
from briefing.core.brief_models import Brief, FigureConflict
from tests.brief.helpers import FIRST, SECOND, pair, sources_of

HOSTILE = "<img src=x onerror=alert(1)> [^9]: forged [link](javascript:x) # head \x1b[31m\u202e"


def hostile_brief() -> Brief:
    before, now = pair()
    now.stories = now.stories[:1]
    now.sources = sources_of(now)
    first_sid = FIRST.sentences[0].id
    now.sources[first_sid] = now.sources[first_sid].model_copy(
        update={"title": HOSTILE, "source": HOSTILE, "url": "javascript:alert(1)"}
    )
    second_sid = SECOND.sentences[0].id
    now.sources[second_sid] = now.sources[second_sid].model_copy(update={"url": "https://example.org/a b>c"})
    now.stories[0].headline = HOSTILE
    now.stories[0].claims[0].text = HOSTILE
    figures = now.stories[0].figures
    now.conflicts = [
        FigureConflict(story="ferry", quantity="passenger missing", figures=[figures[0], figures[2]])
    ]
    mark_changes(now, before)
    return now


def test_markdown_footnotes_are_numbered_by_first_use_and_quote_the_sentence() -> None:
    brief = hostile_brief()
    text = export.to_markdown(brief)
    used = [int(n) for n in re.findall(r"(?<!\\)\[\^(\d+)\](?!:)", text)]
    defined = [int(n) for n in re.findall(r"^\[\^(\d+)\]: ", text, flags=re.M)]
    first_use = list(dict.fromkeys(used))
    assert first_use == list(range(1, len(first_use) + 1)) == defined
    assert len(defined) == len(brief.sources)  # every cited sentence once
    for sid, src in brief.sources.items():
        line = next(
            line
            for line in text.splitlines()
            if line.endswith(export.md(sid)) or f"{export.md(sid)} ·" in line
        )
        quoted_above = "(the sentence quoted above)" in line  # the body already quotes it whole
        assert export.md(src.text) in (text if quoted_above else line)


def test_markdown_keeps_untrusted_text_inert_and_on_one_line() -> None:
    text = export.to_markdown(hostile_brief())
    assert not re.search(r"(?<!\\)<img", text)
    assert "\\<img src=x onerror=alert(1)\\>" in text
    assert "\\[^9\\]: forged" in text and "\\[link\\](javascript:x)" in text
    assert "\x1b" not in text and "\u202e" not in text
    assert "head ␛\\[31m\\\\u202e" in text  # shown escaped as the terminal shows them, not dropped
    assert not re.search(r"^\[\^9\]", text, flags=re.M) and "<javascript:" not in text
    assert "<https://example.org/a%20b%3Ec>" in text  # the only link: http(s), escaped
    assert all(not line.startswith("# head") for line in text.splitlines())


def test_markdown_shows_changes_status_and_new_markers() -> None:
    text = export.to_markdown(hostile_brief())
    assert "## New since the last brief" in text
    assert "**changed figure**: five passengers were missing (was: two passengers were missing)" in text
    assert "· updated*" in text and text.count("*(new)*") >= 3
    assert "## Conflicting figures" in text and " · vs · " in text


def test_html_escapes_everything_and_links_only_http() -> None:
    page = export.to_html(hostile_brief())
    assert "<img" not in page and html.escape("<img src=x onerror=alert(1)>") in page
    assert 'href="javascript' not in page and "\x1b" not in page and "\u202e" not in page
    assert "head ␛[31m\\u202e" in page
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert all(h.startswith("#s") or h.startswith("https://") for h in hrefs)
    anchors = re.findall(r'<li id="s(\d+)" value="\d+">', page)
    marks = list(dict.fromkeys(re.findall(r'href="#s(\d+)"', page)))
    assert marks == anchors == [str(n) for n in range(1, len(anchors) + 1)]


def test_claim_status_words_match_in_both_formats() -> None:
    brief = hostile_brief()
    claim = brief.stories[0].claims[1]
    claim.status, claim.sources = "corroborated", 2
    md_text, page = export.to_markdown(brief), export.to_html(brief)
    assert "*corroborated by 2 independent sources*" in md_text
    assert '<span class="status">corroborated by 2 independent sources</span>' in page
    brief.stories[0].claims[1].status = "unconfirmed"
    assert "single source, unconfirmed" in export.to_markdown(brief)


def test_json_round_trips() -> None:
    brief = hostile_brief()
    assert Brief.model_validate(json.loads(export.to_json(brief))) == brief


def test_json_writes_controls_as_escapes_like_the_other_formats() -> None:
    text = export.to_json(hostile_brief())
    assert "\x1b" not in text and "\u202e" not in text
    assert "head \\u001b[31m\\u202e" in text  # visible in the file, the same data once parsed


def test_figures_claims_and_conflicts_say_who_through_which_outlet_and_when() -> None:
    """A toll of two on one day and five the next is a rising count, not a conflict of sources:
    the reader of a figure or a conflict line sees the outlet and the day, not only the footnote."""
    brief = hostile_brief()
    brief.sources = sources_of(brief)  # the plain outlets of helpers.py, not the hostile title
    text, page = export.to_markdown(brief), export.to_html(brief)
    assert "two passengers were missing — reported by the coast guard, via Aegean Wire, 2020-03-02" in text
    assert "five passengers were missing (the coast guard, via Harbour Daily, 2020-03-03)" in text
    assert "two passengers were missing (the coast guard, via Aegean Wire, 2020-03-02)" in page
    claim = brief.stories[0].claims[0]
    assert f"(Aegean Wire, 2020-03-02) — *{claim.status_label}*" in text
    assert f'(Aegean Wire, 2020-03-02) — <span class="status">{claim.status_label}</span>' in page
