"""Bad inputs: broken, hostile and odd files and URLs, all given to the real CLI in one ingest.

``tests/data/bad/`` holds the small cases (and a few good files among them); the big ones (a
50 MB text, a 400,000-character line, a sparse 101 MB file, deeply nested HTML and JSON), links,
a FIFO, a device, an unreadable file and odd names are made at test time, and URLs are served by
a local server (404, 500, a stall past ``fetch.timeout``, 1 GB streamed or declared against
``fetch.max_bytes``, a redirect loop, an image). Expected: exit code 1, no traceback, exactly one
``failed: <input>: <reason>`` line on stderr per bad input (``warning: …`` for one indexed with a
date left unknown or characters replaced), every good file indexed once, done in seconds with
bounded memory.

The 50 MB text is refused, not indexed: one article may have at most 500,000 characters
(``raw_text.MAX_ARTICLE_CHARS``) and one line at most 100,000 (sentence splitting is quadratic in
a line's length). It is refused as soon as it is decoded (~150 MB for a moment), before it is
hashed, segmented or embedded; the whole run stays under 1 GB (about 480 MB here).

The last tests cover the product fixes this corpus led to, one each.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from briefing.cli.render import safe
from briefing.core.errors import FetchError
from briefing.core.models import Filters
from briefing.core.settings import FetchSettings
from briefing.inputs.fetch import fetch_url
from briefing.inputs.sources import expand_inputs, html_to_text, read_input_with_problems
from briefing.service.facade import Service
from briefing.text.terms import terms
from tests.cli.helpers import in_process
from tests.conftest import DATA
from tests.index_probe import COMMAND, env, serve

BAD = DATA / "bad"

REFUSED = {  # file in tests/data/bad -> the reason printed (a regex)
    "empty.txt": r"file is empty",
    "whitespace-only.txt": r"no text \(only whitespace\)",
    "control-chars-only.txt": r"no text \(no letters or digits\)",
    "binary-png.txt": r"binary file, not text",
    "utf16-no-bom.txt": r"binary file, not text",
    "gzipped.jsonl": r"binary file, not text",
    "invalid-utf8.txt": r"not valid UTF-8 text \(bad byte at offset 3\)",
    "pdf-named.txt": r"not valid UTF-8 text \(bad byte at offset 10\)",
    "only-scripts.html": r"no article text found in HTML",
    "broken-feed.xml": r"entry 1 \(Half an item\): no text",
    "no-entries.rss": r"feed has no entries",
    "entries-without-text.atom": r"entry 1 \(First\): no text \(and 1 more problems\)",
    "not-an-object.json": r"not a JSON object",
    "list-of-numbers.json": r"item 1: not a JSON object \(and 2 more problems\)",
    "truncated.json": r"not valid JSON: Unterminated string starting at \(line 1 column 30\)",
    "object-without-text.json": r'JSON object has no "text" and no "articles"/"items" list',
    "records-without-text.jsonl": r"line 1: no text \(id r1\) \(and 2 more problems\)",
    "all-lines-bad.jsonl": r"line 1: not valid JSON \(Expecting value\) \(and 2 more problems\)",
    "bad-front-matter.md": r"bad YAML front matter: while parsing a flow sequence",
    "front-matter-only.md": r"no text after the front matter",
    # the good records of these are indexed; the line names the bad part
    "jsonl-one-bad-line.jsonl": r"line 2: not valid JSON \(Unterminated string starting at\)",
    "huge-number.jsonl": r"line 2: not valid JSON \(Exceeds the limit \(4300 digits\) for integer .*\)",
    "nul-in-one-line.jsonl": r"line 2: binary data \(a NUL byte\), not text",
    "feed-debris.rss": r"entry 1 \(Debris\): not prose \(markup debris or symbols, few words\)",
}
KEPT = (
    "; indexed without a date — write it as YYYY-MM-DD in the input (or give --published YYYY-MM-DD) "
    "and ingest again"
)
WARNED = {  # issue 14: each of these is indexed (with its warning, not a failure) and the run goes on
    "md-undated.md": r"date 'next Tuesday-ish' not understood" + re.escape(KEPT),
    "surrogate-in-text.jsonl": r"line 1: invalid characters \(lone surrogates\) replaced by \ufffd",
    "surrogate-in-title.json": r"invalid characters \(lone surrogates\) replaced by \ufffd",
    "date-zero.md": r"date '0000-00-00' not understood" + re.escape(KEPT),
    "date-feb30.md": r"date '2020-02-30' not understood" + re.escape(KEPT),
    "date-bad-time.md": r"date '2099-12-31T25:61:00Z' not understood" + re.escape(KEPT),
    "date-negative-year.md": r"date '-0001-01-01' not understood" + re.escape(KEPT),
}
INDEXED = [  # titles of every article the ingest must store, once each
    "Aid convoy reaches Aleppo",  # xml-entity-bomb.rss: the entities are never expanded
    "Bakers protest flour prices",  # utf8-bom-crlf.txt
    "Bridge inspection finds cracks",  # unsafe-id.json: the id "../../etc/passwd\n" is hashed
    "Corn planting delayed",  # jsonl-one-bad-line.jsonl
    "Dockworkers walk out in Gdansk",  # the good URL
    "Ferry service resumes to the islands",  # x.txt/inside.md: a directory named like a file
    "Metro fares rise",  # duplicate-ids.jsonl: an id reused for another text is kept apart
    "Metro line opens",  # duplicate-ids.jsonl: the same text twice is stored once
    "Night trains return to the Alps",  # walk/: a folder with a symlink loop, walked once
    "Port workers end strike in Santos",  # good-article.txt
    "Reservoir levels recover",  # utf16-bom.txt
    "Rice prices ease",  # huge-number.jsonl
    "Snowfall closes Alpine passes",  # md-undated.md
    "Vineyard harvest starts early in Burgundy",  # café report — été 2020.md
    "Wheat exports climb",  # jsonl-one-bad-line.jsonl
    "front matter list",  # front-matter-list.md: a YAML list as front matter is ignored
    "yaml bomb",  # yaml-bomb.md: front matter values that are lists are ignored, never expanded
    "Levee repairs finish",  # surrogate-in-text.jsonl: the lone surrogate became U+FFFD
    "Bad \ufffd title on a ferry story",  # surrogate-in-title.json
    "Grain silo fire contained",  # date-zero.md: kept, date unknown
    "Tram strike called off",  # date-feb30.md
    "Lighthouse keeper retires",  # date-bad-time.md
    "Old bridge reopens",  # date-negative-year.md: not stored as year 1
    "Harbour dredging begins",  # utf32-bom.txt: read as UTF-32, not UTF-16
    "Orchard frost losses",  # nul-in-one-line.jsonl: only line 2 fails
    "Bus lanes extended",  # nul-in-one-line.jsonl
    "Wind farm approved",  # feed-debris.rss: the debris entry is refused, this one kept
]
STORY = (
    b"<html><head><title>Dockworkers walk out in Gdansk</title></head><body><article>"
    b"<h1>Dockworkers walk out in Gdansk</h1><p>Dockworkers in Gdansk walked off the job on "
    b"Tuesday after wage talks with the port operator collapsed, union leaders said.</p>"
    b"<p>Ships were left waiting at anchor as cranes stood idle across the container terminal.</p>"
    b"</article></body></html>"
)


class _Web(BaseHTTPRequestHandler):
    """Routes for the URL cases; HTTP/1.0, so a body without Content-Length ends at close."""

    stop = threading.Event()

    def do_GET(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            self._route()

    def _route(self) -> None:
        if self.path == "/story":
            self._send(200, "text/html; charset=utf-8", STORY)
        elif self.path == "/image":
            self._send(200, "image/png", (BAD / "binary-png.txt").read_bytes())
        elif self.path == "/error":
            self.send_error(500)
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/slow-headers":  # a header byte every 0.3 s: each read is quick, the whole is not
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            while not self.stop.wait(0.3):
                self.wfile.write(b"a")
                self.wfile.flush()
        elif self.path == "/slow":
            self.stop.wait(10)
            self._send(200, "text/plain", b"Too late.")
        elif self.path == "/declared-gigabyte":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
        elif self.path == "/gigabyte":  # streamed, no length: only the running count can stop it
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            block = b"The river rose again overnight. " * 2048
            for _ in range(10**9 // len(block)):
                self.wfile.write(block)
        else:
            self.send_error(404)

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _make_cases(folder: Path) -> tuple[list[str], dict[str, str]]:
    """Create the big, special and odd inputs; (extra CLI arguments, refused input -> reason)."""
    refused: dict[str, str] = {}

    def add(name: str, reason: str) -> Path:
        refused[str(folder / name)] = reason
        return folder / name

    sentence = "Officials said the river rose again overnight and more families left their homes. "
    with add("big-50mb.txt", r"text of 5\d,\d{3},\d{3} characters; an article may have at most 500,000").open(
        "w"
    ) as fh:
        fh.write("Flood bulletin\n\n")
        block = sentence * 1000
        for _ in range(50_000_000 // len(block) + 1):
            fh.write(block)
    line = add("huge-line.txt", r"a line of 400,000 characters; lines may have at most 100,000")
    line.write_text("Long line\n\n" + "word " * 79_999 + "last!")
    with add("over-size-cap.txt", r"larger than 100 MB \(max_file_bytes\)").open("wb") as fh:
        fh.truncate(101_000_000)  # sparse: no disk space used, never read
    add("deeply-nested.html", r"no article text found in HTML").write_text(
        "<html><body>"
        + "<div>" * 100_000
        + "<p>The council approved the budget on Monday.</p>"
        + "</div>" * 100_000
    )
    add("deeply-nested.json", r"not valid JSON: nested too deeply").write_text("[" * 100_000 + "]" * 100_000)
    add("loop.txt", r"symbolic link loop").symlink_to("loop.txt")
    add("dangling.md", r"broken symbolic link").symlink_to(folder / "gone.md")
    os.mkfifo(add("fifo.txt", r"not a regular file"))  # reading it would block forever
    add("zero.txt", r"not a regular file").symlink_to("/dev/zero")  # reading it would never end
    unreadable = add("unreadable.txt", r"cannot read file: (Input/output error|Permission denied)")
    if os.geteuid() == 0:  # root reads a chmod 000 file; reading /proc/self/mem at offset 0 fails for anyone
        if not Path("/proc/self/mem").exists():
            pytest.skip("running as root without /proc: no file is unreadable")
        unreadable.symlink_to("/proc/self/mem")
    else:
        unreadable.write_text("secret")
        unreadable.chmod(0)
    add("bad\nname\x1b[31m.txt", r"file is empty").write_bytes(b"")  # shown on one line, escapes visible
    add("missing.txt", r"no such file or directory")
    add("good-article.txt/child.txt", r"not a directory")  # a path through a file
    add("nothing-*.md", r"glob matched no files")
    add("empty-dir", r"no supported files in directory").mkdir()
    inner = folder / "walk" / "inner"
    inner.mkdir(parents=True)
    (inner / "story.md").write_text(
        "# Night trains return to the Alps\n\nNight trains between Zurich and Vienna resumed on Sunday.\n"
    )
    (inner / "up").symlink_to("..")  # a loop: walked once, no complaint
    secret = folder.parent / "secret.md"  # outside every folder given: a link to it is not followed
    secret.write_text("# Secret\n\nThe password is swordfish, said nobody.\n")
    escape = r"symbolic link to outside the folder; skipped \(--follow-symlinks to read it\)"
    add("walk/inner/escape.md", escape)
    (inner / "escape.md").symlink_to(secret)
    debris = "<rss><channel><title>Loose</title><item><title>Blob</title><description>"
    blob = add("feed-debris-100k.rss", r"entry 1 \(Blob\): not prose \(markup debris or symbols, few words\)")
    blob.write_text(debris + "&a" * 50_000 + "</description></item></channel></rss>")
    (inner / ".hidden.txt").write_text("Hidden files are skipped.")
    extra = [str(folder / n) for n in ("missing.txt", "good-article.txt/child.txt", "nothing-*.md")]
    return extra, refused


def _run_measured(args: list[str], cwd: Path, **settings: str) -> tuple[int, str, str, int, float]:
    """Run to completion; (exit code, stdout, stderr, peak RSS in kB of that process, seconds).

    The peak is the child's own ``VmHWM``, polled while it runs: ``ru_maxrss`` from ``wait4`` would
    include the RSS of the process it was forked from (a pytest worker holding spaCy, the embedder
    and Chroma can be over 1 GB), which exec carries over on Linux."""
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    started = time.monotonic()
    with out.open("w") as fo, err.open("w") as fe:
        proc = subprocess.Popen(
            [*COMMAND, *args],
            cwd=cwd,
            env=env(cwd, **settings),
            stdin=subprocess.DEVNULL,
            stdout=fo,
            stderr=fe,
        )
        peak = 0
        while proc.poll() is None and time.monotonic() - started < 240:
            peak = max(peak, _high_water_kb(proc.pid))
            time.sleep(0.02)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    seconds = time.monotonic() - started
    return proc.returncode, out.read_text("utf-8"), err.read_text("utf-8"), peak, seconds


def _high_water_kb(pid: int) -> int:
    """The process's peak RSS so far (``VmHWM``, per address space: exec starts it afresh)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # exited between poll() and the read
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


def _shown(origin: str) -> str:
    """An input as the failure line shows it: control characters visible, never a line break."""
    return safe(origin).replace("\n", "\\x0a").replace("\t", "\\x09")


def test_every_bad_input_gets_one_line_and_every_good_file_is_indexed(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(BAD, folder, symlinks=True)
    extra, refused = _make_cases(folder)
    refused |= {str(folder / name): reason for name, reason in REFUSED.items()}
    with socket.socket() as closed, serve(_Web) as base:
        closed.bind(("127.0.0.1", 0))  # bound, not listening: connection refused
        nobody = f"http://127.0.0.1:{closed.getsockname()[1]}/"
        urls = {
            f"{base}/missing": rf"HTTP 404 from {base}/missing",
            f"{base}/error": rf"HTTP 500 from {base}/error",
            f"{base}/slow": r"timed out after 2s",
            f"{base}/slow-headers": r"timed out after 2s",
            f"{base}/gigabyte": r"larger than 1 MB \(max_bytes\)",
            f"{base}/declared-gigabyte": r"larger than 1 MB \(max_bytes\)",
            f"{base}/loop": rf"too many redirects from {base}/loop",
            f"{base}/image": r"binary file, not text",
            nobody: rf"cannot fetch {nobody}: .*Connection refused",
            "http://": r"not a valid URL: no host name in 'http://'",
        }
        refused |= urls
        inputs = [str(p) for p in sorted(folder.iterdir())] + extra + [*urls, f"{base}/story"]
        index = tmp_path / "index"
        settings = {"BRIEFING_FETCH__TIMEOUT": "2", "BRIEFING_FETCH__MAX_BYTES": "1000000"}
        code, out, err, peak_kb, seconds = _run_measured(
            ["ingest", *inputs, "--index", str(index)], tmp_path, **settings
        )
        _Web.stop.set()

    assert "Traceback" not in out + err, err
    assert code == 1, err
    warned = {str(folder / name): reason for name, reason in WARNED.items()}
    assert _one_line_each(err, "warning", warned) == warned.keys()  # indexed: warned of, not failed
    assert _one_line_each(err, "failed", refused) == refused.keys()
    assert len(refused) >= 45
    assert out.startswith(
        f"{len(INDEXED)} added, 0 replaced, 0 unchanged, 1 duplicate copy, {len(refused)} failed, "
        f"{len(warned)} with warnings"
    )

    listed = in_process("sources", "--json", "--index", str(index), cwd=tmp_path)
    assert sorted(a["title"] for a in json.loads(listed.stdout)) == sorted(INDEXED)
    assert seconds < 120, f"the ingest took {seconds:.0f} s"
    assert 0 < peak_kb < 1_000_000, f"the ingest peaked at {peak_kb // 1000} MB"
    print(f"\n{len(refused)} bad inputs, {len(INDEXED)} articles, {seconds:.1f} s, {peak_kb // 1000} MB peak")


def _one_line_each(err: str, kind: str, expected: dict[str, str]) -> set[str]:
    """The inputs with a ``<kind>: <input>: <reason>`` line on stderr; asserts one line each, for
    known inputs only, with the expected reason."""
    shown = sorted(((_shown(origin), origin) for origin in expected), key=lambda s: -len(s[0]))
    lines: dict[str, str] = {}
    for line in err.splitlines():
        if not line.startswith(f"{kind}: "):
            assert line.startswith(("failed: ", "warning: ")), f"a line that is no report: {line!r}"
            continue
        origin = next((o for s, o in shown if line.startswith(f"{kind}: {s}: ")), None)
        assert origin is not None, f"a {kind} line for no known input: {line!r}"
        assert origin not in lines, f"two lines for {origin!r}"
        lines[origin] = line[len(f"{kind}: {_shown(origin)}: ") :]
    assert sorted(lines) == sorted(expected), "inputs without their line: " + repr(set(expected) - set(lines))
    wrong = {o: lines[o] for o, reason in expected.items() if not re.fullmatch(reason, lines[o])}
    assert not wrong, wrong
    return set(lines)


def test_committed_corpus_stays_small() -> None:
    files = [p for p in BAD.rglob("*") if p.is_file()]
    assert len(files) >= 30 and sum(p.stat().st_size for p in files) < 200_000


# --- product fixes found by the corpus ------------------------------------------------------------

FETCH = FetchSettings()


def test_yaml_alias_bomb_in_front_matter_is_ignored_not_expanded() -> None:
    started = time.monotonic()
    [doc], problems = read_input_with_problems(str(BAD / "yaml-bomb.md"), FETCH)
    assert (doc.title, doc.source, problems) == ("yaml bomb", "", [])
    assert time.monotonic() - started < 5


def test_a_date_that_is_a_list_is_described_not_printed(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "The port reopened.", "published": list(range(10_000))}) + "\n")
    assert read_input_with_problems(str(path), FETCH)[1] == [
        "line 1: date of type list not understood; indexed without a date — write it as YYYY-MM-DD in the "
        "input (or give --published YYYY-MM-DD) and ingest again"
    ]


def test_jsonl_line_with_a_giant_number_or_deep_nesting_sinks_only_that_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        '{"text": "The port reopened."}\n' + "[" * 50_000 + "]" * 50_000 + '\n{"n": ' + "7" * 4400 + "}\n"
    )
    docs, problems = read_input_with_problems(str(path), FETCH)
    assert [d.text for d in docs] == ["The port reopened."]
    assert problems == [
        "line 2: not valid JSON (nested too deeply)",
        "line 3: not valid JSON (Exceeds the limit (4300 digits) for integer string conversion)",
    ]


def test_feed_text_without_tags_has_its_entities_decoded() -> None:
    assert html_to_text("Smith &amp; Sons said &quot;no&quot; to AT&amp;T&#8217;s offer.") == (
        'Smith & Sons said "no" to AT&T’s offer.'
    )


def test_a_refused_connection_is_said_without_the_errno() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound, not listening: connection refused
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/news"
        with pytest.raises(FetchError) as caught:
            fetch_url(url, FETCH)
    assert caught.value.message == f"cannot fetch {url}: Connection refused"  # was "[Errno 111] Connection …"


def test_url_without_a_host_is_not_a_valid_url() -> None:
    for url, reason in (("http://", "no host name in 'http://'"), ("http://[::1", "Invalid IPv6 URL")):
        with pytest.raises(FetchError, match=re.escape(f"not a valid URL: {reason}")):
            fetch_url(url, FETCH)


def test_missing_and_looping_paths_say_why(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A")
    (tmp_path / "loop.md").symlink_to("loop.md")
    _, failures = expand_inputs([str(tmp_path / "a.txt" / "b.txt"), str(tmp_path / "loop.md")])
    assert [f.reason for f in failures] == ["not a directory", "symbolic link loop"]


def test_texts_without_words_or_too_long_are_refused(service: Service, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dashes.txt").write_text("--- *** ---\n... !!!\n")
    (tmp_path / "in" / "long.txt").write_text("Long line\n\n" + "word " * 30_000)
    (tmp_path / "in" / "one.txt").write_text("x")  # was indexed as an article titled "one"
    (tmp_path / "in" / "single letters.txt").write_text("a b 7 .\n")
    (tmp_path / "in" / "ok.txt").write_text("Night buses return\n\nNight buses run again from Monday.")
    report = service.ingest([str(tmp_path / "in")])
    assert [(os.path.basename(f.origin), f.reason) for f in report.failed] == [
        ("dashes.txt", "no text (no letters or digits)"),
        ("long.txt", "a line of 149,999 characters; lines may have at most 100,000"),
        ("one.txt", "too short to be an article (1 character, no word of two letters or digits)"),
        ("single letters.txt", "too short to be an article (7 characters, no word of two letters or digits)"),
    ]
    assert [a.title for a in service.list_articles()] == ["Night buses return"]


def test_a_new_source_for_a_stored_text_reaches_the_bm25_filters(service: Service, tmp_path: Path) -> None:
    text = "The ferry to Hydra was cancelled because of gale-force winds on Tuesday."
    for name, source in (("a.md", "Island Post"), ("b.md", "Harbour Radio")):
        (tmp_path / name).write_text(f"---\ntitle: Ferry cancelled\nsource: {source}\n---\n{text}\n")
        service.ingest([str(tmp_path / name)])
    found = service.lexical().search_articles(terms("ferry to Hydra"), 5, Filters(source="Harbour Radio"))
    assert [aid for aid, _ in found] == [service.list_articles()[0].id]


def test_a_server_dribbling_its_headers_hits_one_total_deadline() -> None:
    """A raw socket server that sends a status line, then one header byte every 0.2 s: each read
    returns in time, so only a deadline for the whole request (headers included) can end it."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        done = threading.Event()

        def dribble() -> None:
            conn, _ = server.accept()
            with conn, contextlib.suppress(OSError):
                conn.recv(4096)
                conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                while not done.wait(0.2):
                    conn.sendall(b"a")

        thread = threading.Thread(target=dribble, daemon=True)
        thread.start()
        started = time.monotonic()
        try:
            with pytest.raises(FetchError, match=r"timed out after 1s"):
                fetch_url(f"http://127.0.0.1:{server.getsockname()[1]}/", FetchSettings(timeout=1))
        finally:
            done.set()
        assert time.monotonic() - started < 4


def test_a_5000_word_title_is_cut_and_its_article_indexed(service: Service, tmp_path: Path) -> None:
    title = " ".join(f"word{n}" for n in range(5000))
    records = [
        {"title": title, "text": "The dam held through the night, engineers said on Tuesday."},
        {"title": "Good", "text": "Night buses run again from Monday across the whole city."},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    report = service.ingest([str(path)])
    assert not report.failed and len(report.added) == 2
    titles = sorted(a.title for a in service.list_articles())
    assert titles[0] == "Good" and titles[1].startswith("word0 word1 ") and titles[1].endswith(" …")
    assert len(titles[1]) < 1000


def test_links_out_of_a_folder_are_followed_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text("# A\n\nInside.\n")
    (tmp_path / "out.md").write_text("# Out\n\nOutside.\n")
    (tmp_path / "in" / "link.md").symlink_to(tmp_path / "out.md")
    items, failures = expand_inputs([str(tmp_path / "in")])
    assert items == [str(tmp_path / "in" / "a.md")]
    reason = "symbolic link to outside the folder; skipped (--follow-symlinks to read it)"
    assert [(f.origin, f.reason) for f in failures] == [(str(tmp_path / "in" / "link.md"), reason)]
    items, failures = expand_inputs([str(tmp_path / "in")], follow_symlinks=True)
    assert len(items) == 2 and not failures
