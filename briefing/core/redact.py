"""Addresses shown without the credentials they may carry.

A base URL can hold a secret of its own: ``http://user:password@host/v1`` (a proxy with basic
auth) or ``?api-key=…`` (Azure-style gateways). Error lines, notices and ``doctor`` name the
endpoint so the reader knows which one failed; they name it with the password and every query
value blanked, so the line can be pasted into a bug report.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def shown_url(url: str) -> str:
    """``url`` with its password and query values replaced by ``***`` (host, port, path kept)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL we can take apart: nothing of it is shown
        return "(an unreadable URL)"
    userinfo, at, hostport = parts.netloc.rpartition("@")
    netloc = parts.netloc
    if at and ":" in userinfo:
        netloc = f"{userinfo.split(':', 1)[0]}:***@{hostport}"
    query = parts.query
    if query:
        query = urlencode([(name, "***") for name, _ in parse_qsl(query, keep_blank_values=True)], safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
