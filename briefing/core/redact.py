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
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # not a URL we can take apart: nothing of it is shown
        return "(an unreadable URL)"
    netloc = parts.netloc
    if parts.username is not None or parts.password is not None:
        user = parts.username or ""
        netloc = f"{user}:***@{host}{port}" if parts.password is not None else f"{user}@{host}{port}"
    query = parts.query
    if query:
        query = urlencode([(name, "***") for name, _ in parse_qsl(query, keep_blank_values=True)], safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
