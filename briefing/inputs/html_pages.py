"""HTML that is not a whole article page: feed summaries turned into text, and pages that only
list other pages (a web server's directory listing, a page of links).

A listing is refused before trafilatura reads it: trafilatura finds "text" in it (the heading,
the file names), and ``briefing ingest http://host/`` against ``python -m http.server`` indexed
"Directory listing for /" as an article whose sentences are file names. What the user meant was
the files in the folder, so the refusal says how to give them. It is told from the parsed page
(its title or heading, or links with almost no prose between them), never from the URL: a URL
ending in ``/`` is as often an article.
"""

from __future__ import annotations

import html
import re

_LISTING_HEADING = re.compile(r"^\s*(directory listing for|index of)\s+/", re.IGNORECASE)
_PROSE_WORD = re.compile(r"[^\W\d_]{2,}")
LISTING_MIN_LINKS = 5
"""Fewest links for a page without a listing title to be read as a page of links."""
LISTING_MAX_PROSE_WORDS = 20
"""Most words outside links (and outside the title, scripts and styles) such a page may have: a
listing's column heads ("Last modified Size Description") stay under it; an article's lead does not."""
LISTING_REFUSAL = "give the article URLs, or the folder's path"


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summaries): one paragraph per block, blank-line separated."""
    import lxml.html

    if "<" not in fragment:  # no tags, but entities still stand for characters (AT&amp;T)
        return html.unescape(fragment).strip()
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for el in list(root.iter("script", "style")):
        el.drop_tree()
    for el in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"):
        el.text, el.tail = "\n" + (el.text or ""), "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n\n".join(line for line in lines if line)


def listing_problem(data: bytes) -> str | None:
    """Why an HTML page is a listing of other pages rather than an article, else None: its title
    or first heading is a server's listing ("Directory listing for /", "Index of /news"), or it
    holds at least :data:`LISTING_MIN_LINKS` links and under :data:`LISTING_MAX_PROSE_WORDS`
    words outside them."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(data)
    except (lxml.etree.ParserError, ValueError):  # empty or undecodable: trafilatura says why
        return None
    heads = (root.findtext(".//title") or "", root.findtext(".//h1") or "")
    if any(_LISTING_HEADING.match(head) for head in heads):
        return f"a directory listing, not an article — {LISTING_REFUSAL}"
    links = [link for link in root.iter("a") if link.get("href")]
    if len(links) < LISTING_MIN_LINKS:
        return None
    for element in list(root.iter("a", "title", "script", "style", "noscript")):
        element.drop_tree()
    prose = len(_PROSE_WORD.findall(root.text_content()))
    if prose < LISTING_MAX_PROSE_WORDS:
        return f"a page of {len(links)} links and almost no text, not an article — give the articles' URLs"
    return None
