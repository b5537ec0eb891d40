"""A page that lists other pages (a server's directory listing, a page of links) is refused as an
article, told from the parsed page rather than the URL; the articles it lists still ingest."""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from briefing.core.errors import InputError
from briefing.core.settings import FetchSettings
from briefing.inputs.html_pages import listing_problem
from briefing.inputs.sources import read_input
from tests.cli.helpers import in_process

SOURCES = Path(__file__).parent.parent / "data" / "sources"
REFUSED = "a directory listing, not an article — give the article URLs, or the folder's path"


class _QuietFolder(SimpleHTTPRequestHandler):
    """What ``python -m http.server`` serves, without its request log on stderr."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def folder_server(tmp_path: Path) -> Iterator[str]:
    """``python -m http.server`` serving a folder of two articles, on 127.0.0.1."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(SOURCES / "port_strike.html", site)
    shutil.copy(SOURCES / "rail_strike.txt", site)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietFolder, directory=str(site)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_served_folder_is_refused_while_its_article_is_indexed(folder_server: str, tmp_path: Path) -> None:
    root, article = f"{folder_server}/", f"{folder_server}/port_strike.html"
    index = str(tmp_path / "index")
    result = in_process("ingest", root, article, "--json", "--index", index, cwd=tmp_path)
    report = json.loads(result.stdout)
    assert [(f["origin"], f["reason"]) for f in report["failed"]] == [(root, REFUSED)]
    assert len(report["added"]) == 1
    listed = in_process("sources", "--json", "--index", index, cwd=tmp_path)
    titles = [row["title"] for row in json.loads(listed.stdout)]
    assert titles == ["Dockworkers walk out at Rotterdam as wage talks collapse"]


def test_a_folder_listing_is_refused_in_one_line(folder_server: str, tmp_path: Path) -> None:
    result = in_process("ingest", f"{folder_server}/", "--index", str(tmp_path / "index"), cwd=tmp_path)
    assert result.returncode == 1
    assert f"failed: {folder_server}/: {REFUSED}" in result.stdout + result.stderr


def _page(title: str, body: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode()


APACHE = _page(
    "Index of /news",
    "<h1>Index of /news</h1><table><tr><th>Name</th><th>Last modified</th><th>Size</th></tr>"
    + "".join(f"<tr><td><a href='s{n}.html'>s{n}.html</a></td><td>2024-03-0{n}</td></tr>" for n in range(3))
    + "</table>",
)
LINKS = _page(
    "Archive",
    "<ul>" + "".join(f"<li><a href='/2024/{n}'>Port strike day {n}</a></li>" for n in range(8)) + "</ul>",
)
LINKED_PROSE = _page(
    "Dockers strike",
    "<p>"
    + " ".join(
        f"Dockers at <a href='/p{n}'>Rotterdam</a> walked out on day {n} as talks with the port operators "
        "collapsed over pay and the union promised more stoppages."
        for n in range(8)
    )
    + "</p>",
)


def test_listings_are_told_by_their_title_or_by_links_without_prose(tmp_path: Path) -> None:
    assert listing_problem(APACHE) == REFUSED
    assert (listing_problem(LINKS) or "").startswith("a page of 8 links and almost no text, not an article")
    assert listing_problem(LINKED_PROSE) is None  # links inside prose: an article
    assert listing_problem((SOURCES / "port_strike.html").read_bytes()) is None
    path = tmp_path / "saved-listing.html"  # saved to a file, the page is refused as well
    path.write_bytes(APACHE)
    with pytest.raises(InputError, match=r"^a directory listing, not an article"):
        read_input(str(path), FetchSettings())
