"""Input adapters: real fixture files, the shared data sets and a real local HTTP server."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from briefing.core.errors import FetchError, InputError
from briefing.core.settings import FetchSettings
from briefing.inputs.dates_read import Notice
from briefing.inputs.fetch import size_text
from briefing.inputs.sources import (
    SUPPORTED_SUFFIXES,
    expand_inputs,
    read_input,
    read_input_with_problems,
)
from briefing.text.written_dates import parse_date
from tests.conftest import DATA as TEST_DATA

DATA = TEST_DATA / "sources"
SHARED = Path("/work/shared/data")
FETCH = FetchSettings()


def read(name: str) -> list:
    return read_input(str(DATA / name), FETCH)


def write(path: Path, data: bytes | str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


# --- plain text ---------------------------------------------------------------------------------


def test_txt_headline_first_line_becomes_title_and_is_removed_from_text() -> None:
    [doc] = read("rail_strike.txt")
    assert doc.title == "Rail unions call off weekend strike after pay deal"
    assert doc.text.startswith("Rail unions on Friday called off a strike")
    assert doc.text.endswith("Services are expected to run normally on Saturday and Sunday.")
    assert "\n\nThe deal, which still has to be approved" in doc.text
    assert doc.published is None and doc.url is None and doc.source == ""
    assert doc.origin == str(DATA / "rail_strike.txt")


def test_txt_first_line_that_is_a_sentence_stays_in_text_and_stem_is_title() -> None:
    [doc] = read("000_319e5347.txt")
    assert doc.title == "000_319e5347"
    assert doc.text.startswith("Markets rallied on Monday after the government announced")
    assert doc.text.endswith("Shares in banks and retailers led the gains.")


def test_txt_title_fallback_makes_slug_readable(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bridge-closure_update.txt", "The bridge will stay closed until Monday, police said.\n"
    )
    [doc] = read_input(path, FETCH)
    assert doc.title == "bridge closure update"
    assert doc.text == "The bridge will stay closed until Monday, police said."


def test_txt_encodings_and_newlines(tmp_path: Path) -> None:
    body = (
        "Zürich talks resume\r\n\r\nNegotiators met in Zürich on Monday.\rBoth sides said progress was made."
    )
    expected = "Negotiators met in Zürich on Monday.\nBoth sides said progress was made."
    for name, data in [
        ("bom8.txt", b"\xef\xbb\xbf" + body.encode("utf-8")),
        ("utf16le.txt", body.encode("utf-16")),  # BOM + little-endian
        ("utf16be.txt", b"\xfe\xff" + body.encode("utf-16-be")),
    ]:
        [doc] = read_input(write(tmp_path / name, data), FETCH)
        assert doc.title == "Zürich talks resume", name
        assert doc.text == expected, name


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Caf\xe9 owners protest new rent rules", "not valid UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        (b"", "file is empty"),
        (b"  \n\t\r\n  ", "no text"),
    ],
)
def test_txt_bad_bytes_raise_one_line_input_error(tmp_path: Path, data: bytes, message: str) -> None:
    path = write(tmp_path / "bad.txt", data)
    with pytest.raises(InputError) as err:
        read_input(path, FETCH)
    assert message in err.value.message
    assert "\n" not in err.value.one_line()


def test_unknown_suffix_named_explicitly_is_read_as_text(tmp_path: Path) -> None:
    path = write(
        tmp_path / "WIRE-0412.log", "Storm warning lifted\nThe weather service lifted its warning on Sunday."
    )
    [doc] = read_input(path, FETCH)
    assert doc.title == "Storm warning lifted"
    assert doc.text == "The weather service lifted its warning on Sunday."


def test_file_limits(tmp_path: Path) -> None:
    path = write(tmp_path / "long.txt", "Officials said the count would take days. " * 100)
    with pytest.raises(InputError, match=r"larger than 2 kB \(max_file_bytes\)"):
        read_input(path, FetchSettings(max_file_bytes=2000))
    assert size_text(100_000_000) == "100 MB" and size_text(1500) == "1500 bytes"
    with pytest.raises(InputError, match="no such file or directory"):
        read_input(str(tmp_path / "missing.txt"), FETCH)
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_input(str(tmp_path / "dir.txt"), FETCH)


# --- markdown -----------------------------------------------------------------------------------


def test_markdown_front_matter_fields_and_plain_text_body() -> None:
    [doc] = read("election_brief.md")
    assert doc.title == "Polls close in regional election with record turnout"
    assert doc.source == "Northern Courier"
    assert doc.url == "https://courier.example.org/politics/regional-election-turnout"
    assert doc.published == dt.date(2024, 4, 21)
    # a heading other than the given title is a subtitle: kept, as text without its marks
    assert doc.text.startswith("Regional election: turnout at a record high\n\nPolls closed at 8 p.m.")
    assert "day of unusually long queues" in doc.text and "\nRegistered voters: 1.8 million" in doc.text
    assert "*" not in doc.text and "title:" not in doc.text and "---" not in doc.text


def test_markdown_heading_is_the_title_not_a_sentence() -> None:
    """The opening ``# heading`` was kept as sentence 0 of the body, a citable 'sentence' that was
    only the headline; it is the title and the body starts with the first paragraph."""
    [doc] = read("heading_only.md")
    assert doc.title == "Wildfire near Marseille contained after three days"
    assert doc.published is None
    assert doc.text.startswith("Firefighters said on Friday")
    assert "Wildfire near Marseille" not in doc.text


def test_markdown_markup_is_not_quoted(tmp_path: Path) -> None:
    """Answers quote stored text verbatim: emphasis, link targets, images, tags and bullets are
    markup, not the article's words; an ordered item keeps its number, a line break stays one."""
    md = (
        "---\ntitle: Port strike\n---\n# Port strike\n\n## Background\n\n"
        "The union says **4,200** workers joined, see [the statement](https://example.org/s).\n"
        "Talks resume ![logo](x.png)on <b>Monday</b>.\n\n- Ships wait offshore.\n- Trucks queue.\n\n"
        "2020. was the last strike.\n\n| port | ships |\n|---|---|\n| Rotterdam | 40 |\n"
    )
    [doc] = read_input(write(tmp_path / "strike.md", md), FETCH)
    assert doc.title == "Port strike"  # the heading repeating the given title is dropped
    assert doc.text == (
        "Background\n\nThe union says 4,200 workers joined, see the statement.\nTalks resume on Monday."
        "\n\nShips wait offshore.\nTrucks queue.\n\n2020. was the last strike."
        "\n\nport | ships\nRotterdam | 40"
    )


def test_markdown_of_only_a_heading_keeps_it_as_text(tmp_path: Path) -> None:
    [doc] = read_input(write(tmp_path / "flash.md", "# Quake hits Lima, no casualties reported\n"), FETCH)
    assert doc.title == doc.text == "Quake hits Lima, no casualties reported"


def test_markdown_date_key_datetime_and_unreadable_dates(tmp_path: Path) -> None:
    body = "Ministers met in Brussels.\n"
    path = write(tmp_path / "a.md", f"---\ndate: 2024-04-21T22:30:00-05:00\n---\n{body}")
    [doc] = read_input(path, FETCH)
    assert doc.published == dt.date(2024, 4, 21)  # the date as written, not shifted to UTC
    assert doc.title == "a"
    path = write(tmp_path / "b.md", f"---\npublished: sometime last spring\n---\n{body}")
    docs, problems = read_input_with_problems(path, FETCH)
    assert docs[0].published is None
    assert problems == [
        "date 'sometime last spring' not understood; indexed without a date — write it as YYYY-MM-DD "
        "in the input (or give --published YYYY-MM-DD) and ingest again"
    ]
    assert isinstance(problems[0], Notice)  # a warning: the article is indexed, undated


def test_markdown_bad_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.md", "---\ntitle: [unclosed\n---\nBody text.\n")
    with pytest.raises(InputError, match="bad YAML front matter"):
        read_input(path, FETCH)
    path = write(tmp_path / "empty.md", "---\ntitle: Only metadata\n---\n\n")
    with pytest.raises(InputError, match="no text after the front matter"):
        read_input(path, FETCH)


# --- html ---------------------------------------------------------------------------------------


def test_html_main_text_without_boilerplate_and_metadata() -> None:
    [doc] = read("port_strike.html")
    assert doc.title == "Dockworkers walk out at Rotterdam as wage talks collapse"
    assert doc.published == dt.date(2024, 3, 12)
    assert doc.source == "Harbour Wire"
    assert doc.url == "https://news.example.org/2024/03/12/rotterdam-dockworkers-strike"
    assert "Dockworkers at Europe's largest port walked off the job on Tuesday" in doc.text
    assert "which have both reported rising volumes this year." in doc.text
    # the headline is the title, not sentence 0 of the body (as with Markdown's heading)
    assert doc.text.startswith("Dockworkers at Europe's largest port walked off the job on Tuesday")
    for boilerplate in ("Subscribe", "cookies", "All rights reserved", "Privacy policy", "Related stories"):
        assert boilerplate not in doc.text


def test_html_without_article_text(tmp_path: Path) -> None:
    for page in [
        "<html><head><title>Login</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></nav>"
        "<form><label>Email</label><input name=e><button>Sign in</button></form></body></html>",
        "<html><head><title>Blank</title></head><body></body></html>",
    ]:
        with pytest.raises(InputError, match="no article text found in HTML"):
            read_input(write(tmp_path / "login.html", page), FETCH)


# --- feeds --------------------------------------------------------------------------------------


def test_rss_items_become_documents() -> None:
    first, second = read("world_wire.rss")
    assert first.title == "Central bank holds rates at 4.5% as inflation cools"
    assert first.source == "World Wire - Top Stories"
    assert first.url == "https://wire.example.com/economy/central-bank-holds-rates"
    assert first.published == dt.date(2024, 3, 13)  # 23:30 -0500 as stated, not the UTC day after
    assert first.text == (
        "The central bank kept its benchmark rate at 4.5 percent on Wednesday, saying inflation had slowed"
        ' to 2.8 percent in February.\n\nGovernor Ana Ruiz said the board would need "more evidence" before'
        " cutting borrowing costs."
    )
    assert second.text.startswith("Heavy rain forced more than 3,000 people")  # content:encoded wins
    assert "teaser" not in second.text and "trackPageView" not in second.text and "<p>" not in second.text
    assert second.published == dt.date(2024, 3, 14)
    assert first.external_id is None


def test_atom_entries_published_or_updated() -> None:
    europa, reef = read("science_desk.atom")
    assert europa.source == "Science Desk"
    assert europa.published == dt.date(2024, 2, 19)
    assert europa.url == "https://science.example.net/space/europa-images"
    assert europa.text.endswith("The images were taken from an altitude of about 350 kilometres.")
    assert reef.published == dt.date(2024, 2, 20)  # no <published>: <updated>
    assert reef.text == (
        "Aerial surveys found bleaching on two-thirds of the reefs inspected, "
        "the marine park authority said on Tuesday."
    )


def test_feed_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a valid RSS/Atom feed"):
        read_input(write(tmp_path / "config.xml", "<config><broken></config>"), FETCH)
    empty = '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    with pytest.raises(InputError, match="feed has no entries"):
        read_input(write(tmp_path / "quiet.rss", empty), FETCH)
    titles_only = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Heads</title>'
        "<item><title>Headline only</title></item>"
        "<item><title>With text</title><description>Talks resumed on Monday.</description></item>"
        "</channel></rss>"
    )
    docs, problems = read_input_with_problems(write(tmp_path / "heads.rss", titles_only), FETCH)
    assert [d.title for d in docs] == ["With text"]
    assert problems == ["entry 1 (Headline only): no text"]


def test_feed_titles_given_as_html_are_stored_as_text(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Evil &lt;i&gt;Wire&lt;/i&gt;</title>'
        "<item><title>Port &lt;b&gt;reopens&lt;/b&gt; [bold]now[/bold] &amp;amp; AT&amp;amp;T</title>"
        "<description>The port of Mombasa reopened on Wednesday after a strike.</description></item>"
        "</channel></rss>"
    )
    [doc] = read_input(write(tmp_path / "evil.rss", feed), FETCH)
    assert (doc.title, doc.source) == ("Port reopens [bold]now[/bold] & AT&T", "Evil Wire")  # were the tags


def test_a_feed_entry_with_an_unreadable_date_is_kept_undated_with_a_warning(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>'
        "<item><title>Dredging</title><pubDate>Thirtyfirst of Smarch</pubDate>"
        "<description>Dredging of the main channel will begin in June.</description></item>"
        "<item><title>Ferry</title><pubDate>Wed, 08 May 2024 10:00:00 GMT</pubDate>"
        "<description>A ferry capsized off Lamu on Wednesday.</description></item>"
        "</channel></rss>"
    )
    docs, problems = read_input_with_problems(write(tmp_path / "harbour.rss", feed), FETCH)
    assert [(d.title, d.published) for d in docs] == [("Dredging", None), ("Ferry", dt.date(2024, 5, 8))]
    assert problems == [  # was silent: the date was dropped without a word
        "entry 1 (Dredging): date 'Thirtyfirst of Smarch' not understood; indexed without a date — "
        "write it as YYYY-MM-DD in the input (or give --published YYYY-MM-DD) and ingest again"
    ]
    assert isinstance(problems[0], Notice)


# --- json / jsonl -------------------------------------------------------------------------------


def test_json_articles_list() -> None:
    first, second = read("newsroom.json")
    assert first.external_id == "1017"  # ints become strings
    assert first.published == dt.date(2024, 5, 1)
    assert first.url == "https://cp.example.eu/transport/atc-strike"
    assert first.text.startswith("An airline cancelled around 300 flights on Wednesday")
    assert second.external_id == "cp-1018"
    assert second.published == dt.date(2024, 5, 2)  # free-form "2 May 2024" under "date"
    assert second.text.startswith("The cabinet approved a 2.3 billion euro plan")  # from "content"
    assert second.url is None and second.source == "Continental Press"


def test_json_shapes_and_errors(tmp_path: Path) -> None:
    [doc] = read_input(
        write(tmp_path / "one.json", '{"title": "T", "body": ["Para one.", "Para two."]}'), FETCH
    )
    assert doc.text == "Para one.\n\nPara two."
    docs, problems = read_input_with_problems(
        write(tmp_path / "list.json", '[{"text": "Talks resumed."}, 42, {"title": "no text here"}]'), FETCH
    )
    assert [d.text for d in docs] == ["Talks resumed."]
    assert problems == ["item 2: not a JSON object", "item 3: no text"]
    items = write(
        tmp_path / "items.json", '{"items": [{"text": "Rain is expected.", "published": "2024-13-45"}]}'
    )
    docs, problems = read_input_with_problems(items, FETCH)
    assert docs[0].published is None and problems[0].startswith("item 1: date '2024-13-45' not understood; ")
    with pytest.raises(
        InputError, match=r"not valid JSON: Unterminated string starting at \(line 1 column 10\)"
    ):
        read_input(write(tmp_path / "broken.json", '{"text": "unfinished'), FETCH)
    with pytest.raises(InputError, match=r"^no records found$"):
        read_input(write(tmp_path / "none.json", '{"articles": []}'), FETCH)
    with pytest.raises(InputError, match='no "text" and no "articles"/"items" list'):
        read_input(write(tmp_path / "meta.json", '{"generated": "2024-05-02"}'), FETCH)


def test_jsonl_bad_line_does_not_sink_the_rest() -> None:
    path = str(DATA / "agency_feed.jsonl")
    docs, problems = read_input_with_problems(path, FETCH)
    assert [d.external_id for d in docs] == ["ag-501", "ag-502", "ag-504"]
    assert problems == ["line 3: not valid JSON (Unterminated string starting at)"]
    assert docs[1].published == dt.date(2024, 6, 4) and docs[1].url is None
    assert docs[1].text.startswith("Wheat futures rose 4 percent")  # from "body"
    assert docs[2].text == (
        "Ferry services between the mainland and the islands resumed on Wednesday after a two-day "
        "suspension caused by high winds.\nOperators said timetables would return to normal by the weekend."
    )
    assert [d.title for d in read_input(path, FETCH)] == [d.title for d in docs]


def test_jsonl_with_nothing_usable_raises_first_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.ndjson", '["a list"]\n\n"a string"\n{"id": 7, "text": "   "}\n')
    with pytest.raises(InputError) as err:
        read_input(path, FETCH)
    assert err.value.message == "line 1: not a JSON object (and 2 more problems)"


def test_shared_fakes_syria_loads_all_records_with_dates() -> None:
    docs, problems = read_input_with_problems(str(SHARED / "fakes_syria" / "articles.jsonl"), FETCH)
    assert len(docs) == 804 and problems == []
    assert all(d.published is not None for d in docs)
    assert docs[0].external_id == "fakes:1914947530"
    assert docs[0].published == dt.date(2017, 4, 5)
    assert docs[0].source == "nna" and docs[0].url is None
    # the data set repeats 9 ids (12 extra records, some with differing text): all are kept here
    assert len({d.external_id for d in docs}) == 792


def test_shared_wikinews_dateless_records_and_empty_texts() -> None:
    docs, problems = read_input_with_problems(
        str(SHARED / "wikinews_2004" / "wikinews_articles.jsonl"), FETCH
    )
    assert len(docs) == 98
    assert problems == [
        "line 42: no text (id wikinewssum_en:041)",
        "line 43: no text (id wikinewssum_en:042)",
        "line 61: no text (id wikinewssum_en:060)",
    ]
    dateless = [d for d in docs if d.published is None]
    assert len(dateless) == 42
    assert docs[0].published == dt.date(2004, 11, 13)
    assert docs[0].url == "https://en.wikinews.org/wiki/President_of_China_lunches_with_Brazilian_President"


@pytest.mark.parametrize(
    ("path", "count"),
    [("meantime_en/articles.jsonl", 120), ("timeline_semeval2015/articles_trial.jsonl", 30)],
)
def test_shared_meantime_and_semeval(path: str, count: int) -> None:
    docs, problems = read_input_with_problems(str(SHARED / path), FETCH)
    assert len(docs) == count and problems == []
    assert all(d.published and d.url and d.external_id and d.title for d in docs)


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-04-05", dt.date(2017, 4, 5)),
        ("2024-06-04T09:30:00Z", dt.date(2024, 6, 4)),
        ("2024-04-21T22:30:00-05:00", dt.date(2024, 4, 21)),
        ("Wed, 13 Mar 2024 23:30:00 -0500", dt.date(2024, 3, 13)),
        ("Wed 05 Apr 2017", dt.date(2017, 4, 5)),
        ("5 April 2017", dt.date(2017, 4, 5)),
        (dt.datetime(2020, 1, 2, 3, 4), dt.date(2020, 1, 2)),
        ("yesterday", None),
        ("3 days ago", None),
        ("April 2017", None),
        ("n/a", None),
        ("", None),
        (None, None),
        (20170405, None),
    ],
)
def test_parse_date_never_invents(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


# --- expanding CLI arguments --------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write(tmp_path / "news" / "a.txt", "A")
    write(tmp_path / "news" / "b.md", "B")
    write(tmp_path / "news" / "deep" / "c.jsonl", "{}")
    write(tmp_path / "news" / "deep" / "photo.jpg", b"\xff\xd8")
    write(tmp_path / "news" / ".hidden.txt", "H")
    write(tmp_path / "news" / ".git" / "notes.txt", "G")
    write(tmp_path / "news" / "UPPER.HTML", "<p>x</p>")
    write(tmp_path / "archive.txt" / "d.rss", "<rss/>")  # a directory with a file-like name
    write(tmp_path / "misc" / "README", "R")
    return tmp_path


def test_expand_directory_walk(tree: Path) -> None:
    items, failures = expand_inputs([str(tree / "news"), str(tree / "archive.txt")])
    assert failures == []
    assert items == sorted(
        str(tree / p)
        for p in ("news/a.txt", "news/b.md", "news/deep/c.jsonl", "news/UPPER.HTML", "archive.txt/d.rss")
    )


def test_expand_globs_explicit_files_and_dedupe(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    specs = ["news/*.txt", "news/**/*.jsonl", "./news/a.txt", "misc/README", "news", "https://x.example/a"]
    items, failures = expand_inputs(specs)
    assert failures == []
    assert items == sorted(
        [
            "news/a.txt",
            "news/b.md",
            "news/deep/c.jsonl",
            "news/UPPER.HTML",
            "misc/README",
            "https://x.example/a",
        ]
    )


def test_expand_failures(tree: Path) -> None:
    (tree / "empty").mkdir()
    items, failures = expand_inputs(
        [str(tree / "nope.txt"), str(tree / "news" / "*.pdf"), str(tree / "empty"), "ftp://x.example/a"]
    )
    assert items == []
    assert [(f.origin, f.reason) for f in failures] == [
        (str(tree / "nope.txt"), "no such file or directory"),
        (str(tree / "news" / "*.pdf"), "glob matched no files"),
        (str(tree / "empty"), "no supported files in directory"),
        ("ftp://x.example/a", "unsupported URL scheme 'ftp': only http and https URLs are fetched"),
    ]


def test_expand_survives_symlink_loops(tree: Path) -> None:
    os.symlink(tree / "news", tree / "news" / "deep" / "loop")
    os.symlink(tree / "news" / "a.txt", tree / "news" / "deep" / "alias.txt")
    os.symlink(tree / "gone.txt", tree / "news" / "dangling.txt")
    items, failures = expand_inputs([str(tree / "news")])
    assert failures == []
    assert items == sorted(str(tree / "news" / p) for p in ("a.txt", "b.md", "deep/c.jsonl", "UPPER.HTML"))


def test_supported_suffixes_cover_every_format() -> None:
    assert {".txt", ".md", ".markdown", ".html", ".htm", ".rss", ".atom", ".xml", ".json", ".jsonl"} <= set(
        SUPPORTED_SUFFIXES
    )


# --- URLs against a real local server -----------------------------------------------------------

BIG = b"<html><body><p>" + b"Shipping volumes rose again. " * 2000 + b"</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    """Routes for the URL tests; HTTP/1.0, so a body without Content-Length ends at close."""

    routes: ClassVar[dict[str, tuple[str, bytes]]] = {
        "/story.html": ("text/html; charset=utf-8", (DATA / "port_strike.html").read_bytes()),
        "/feed": ("application/rss+xml", (DATA / "world_wire.rss").read_bytes()),
        "/feed-as-text": ("text/plain", (DATA / "science_desk.atom").read_bytes()),
        "/dump.jsonl": ("application/octet-stream", (DATA / "agency_feed.jsonl").read_bytes()),
        "/notes": (
            "text/plain; charset=iso-8859-1",
            "Café strike ends\nWaiters returned to work.".encode("latin-1"),
        ),
        "/big": ("text/html", BIG),
    }

    def do_GET(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up, as intended
            self._route()

    def _route(self) -> None:
        if self.path == "/old-story":
            self.send_response(301)
            self.send_header("Location", "/story.html")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/big-stream":  # no Content-Length: only the streaming cap can stop it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for start in range(0, len(BIG), 1000):
                self.wfile.write(BIG[start : start + 1000])
        elif self.path in self.routes:
            ctype, body = self.routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_html_after_redirect_uses_final_url(server: str) -> None:
    [doc] = read_input(f"{server}/old-story", FETCH)
    assert doc.url == f"{server}/story.html"
    assert doc.origin == f"{server}/old-story"
    assert doc.title == "Dockworkers walk out at Rotterdam as wage talks collapse"
    assert doc.published == dt.date(2024, 3, 12)
    assert "walked off the job on Tuesday" in doc.text and "cookies" not in doc.text


def test_url_feeds_by_content_type_and_by_body(server: str) -> None:
    docs = read_input(f"{server}/feed", FETCH)
    assert [d.url for d in docs] == [
        "https://wire.example.com/economy/central-bank-holds-rates",
        "https://wire.example.com/world/italy-floods",
    ]
    assert all(d.origin == f"{server}/feed" for d in docs)
    atom = read_input(f"{server}/feed-as-text", FETCH)
    assert [d.source for d in atom] == ["Science Desk", "Science Desk"]


def test_url_jsonl_by_suffix_and_text_with_declared_charset(server: str) -> None:
    docs, problems = read_input_with_problems(f"{server}/dump.jsonl", FETCH)
    assert len(docs) == 3 and problems[0].startswith("line 3: not valid JSON")
    [note] = read_input(f"{server}/notes", FETCH)
    assert note.title == "Café strike ends"
    assert note.text == "Waiters returned to work." and note.url == f"{server}/notes"


def test_url_http_error(server: str) -> None:
    with pytest.raises(FetchError, match=rf"HTTP 404 from {server}/missing"):
        read_input(f"{server}/missing", FETCH)


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
def test_url_size_cap(server: str, path: str) -> None:
    with pytest.raises(FetchError, match=r"larger than 4 kB \(max_bytes\)"):
        read_input(server + path, FetchSettings(max_bytes=4000))
    assert len(read_input(server + path, FETCH)[0].text) > 50_000  # under the default cap it loads


def test_url_timeout(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.5s"):
        read_input(f"{server}/slow", FetchSettings(timeout=0.5))
    assert time.monotonic() - started < 1.5


def test_url_connection_refused() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connection refused
        with pytest.raises(FetchError, match=rf"cannot fetch http://127.0.0.1:{port}/"):
            read_input(f"http://127.0.0.1:{port}/", FetchSettings(timeout=2))
