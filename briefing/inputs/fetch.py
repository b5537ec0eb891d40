"""Download one http(s) input with a time limit and a size cap.

Kept apart from :mod:`briefing.inputs.sources` so parsing stays testable on bytes and httpx is only
imported when a URL is actually given.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from briefing.core.errors import FetchError
from briefing.core.settings import FetchSettings

USER_AGENT = "briefing/0.1 (+news briefing CLI)"


@dataclass(frozen=True)
class Fetched:
    """A downloaded body and what the server said about it."""

    url: str  # the final URL, after redirects
    media_type: str  # lower-cased content type without parameters, "" when absent
    charset: str | None  # declared charset, if any
    body: bytes


def size_text(n: int) -> str:
    """A byte count as people read it: 100 MB, 64 kB, or 1500 bytes when not round."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000} MB"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000} kB"
    return f"{n} bytes"


def fetch_url(url: str, fetch: FetchSettings) -> Fetched:
    """GET ``url``; every failure becomes a one-line :class:`FetchError`.

    ``fetch.timeout`` bounds the whole request, headers and body (:class:`_Deadline`), so a server
    that drips bytes forever cannot hang an ingest (which holds the index's write lock).
    """
    import httpx

    try:
        host = urlsplit(url).hostname
    except ValueError as exc:  # e.g. "Invalid IPv6 URL"
        raise FetchError(f"not a valid URL: {exc}") from None
    if not host:  # httpx would say "missing an 'http://' or 'https://' protocol"
        raise FetchError(f"not a valid URL: no host name in {url!r}")
    deadline = _Deadline(fetch.timeout)
    too_big = FetchError(f"larger than {size_text(fetch.max_bytes)} (max_bytes)")
    timed_out = FetchError(f"timed out after {fetch.timeout:g}s")
    try:
        with (
            deadline,
            httpx.Client(
                timeout=fetch.timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
            ) as client,
            client.stream("GET", url, extensions={"trace": deadline.trace}) as resp,
        ):
            if resp.status_code >= 400:
                raise FetchError(f"HTTP {resp.status_code} from {resp.url}")
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > fetch.max_bytes:
                raise too_big
            chunks: list[bytes] = []
            total = 0
            for chunk in resp.iter_bytes():
                total += len(chunk)
                if total > fetch.max_bytes:
                    raise too_big
                if deadline.expired.is_set():
                    raise timed_out
                chunks.append(chunk)
            media_type = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            return Fetched(str(resp.url), media_type, resp.charset_encoding, b"".join(chunks))
    except (httpx.HTTPError, httpx.InvalidURL) as exc:  # InvalidURL (a control character) is no HTTPError
        expired = deadline.expired.is_set() or isinstance(exc, httpx.TimeoutException)
        raise (timed_out if expired else _failure(exc, url)) from None


def _failure(exc: Exception, url: str) -> FetchError:
    """The one-line error for an httpx failure that is not the deadline."""
    import httpx

    if isinstance(exc, httpx.TooManyRedirects):
        return FetchError(f"too many redirects from {url}")
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return FetchError(f"not a valid URL: {exc}")
    reason = re.sub(r"^\[Errno -?\d+\]\s*", "", str(exc))  # "[Errno 111] Connection refused"
    return FetchError(f"cannot fetch {url}: {reason or type(exc).__name__}")


class _Deadline:
    """One total deadline per URL, headers included: when it passes, the connection's sockets are
    shut down, which ends whatever read httpx is blocked in (httpx's own timeout is per read, so a
    server sending a header byte every few seconds would otherwise hold the ingest forever).

    The sockets are learnt from httpcore's ``trace`` extension as connections open (redirects
    included); the timer runs only inside the ``with`` block.
    """

    def __init__(self, seconds: float) -> None:
        self.expired = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event.endswith(("connect_tcp.complete", "start_tls.complete")):
            sock = info["return_value"].get_extra_info("socket")
            with self._lock:
                if sock is not None:
                    self._sockets.append(sock)
            if self.expired.is_set():
                self._expire()

    def _expire(self) -> None:
        self.expired.set()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def url_name(url: str) -> str:
    """A readable fallback title for a fetched text: the last path segment, else the host."""
    path = url.split("?")[0].split("#")[0].rstrip("/")
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0] if path.count("/") > 2 else path.split("//")[-1]


def sniff_kind(got: Fetched) -> str:
    """The format of a response as a file suffix: content type, else URL suffix, else the body.

    Servers often send feeds and JSON Lines as text/plain or octet-stream, hence the fallbacks.
    """
    media = got.media_type
    if "html" in media:
        return ".html"
    if media.endswith(("rss+xml", "atom+xml", "rdf+xml", "/xml")):
        return ".xml"
    for marker, kind in (("ndjson", ".jsonl"), ("jsonl", ".jsonl"), ("json", ".json"), ("markdown", ".md")):
        if marker in media:
            return kind
    path = got.url.split("?")[0].split("#")[0].rsplit("/", 1)[-1]
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix in (".html", ".htm", ".rss", ".atom", ".xml", ".json", ".jsonl", ".ndjson", ".md", ".markdown"):
        return suffix
    head = got.body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return ".xml"
    if head.startswith((b"<!doctype html", b"<html")):
        return ".html"
    if media != "text/plain" and head[:1] in (b"{", b"["):
        return ".json"
    return ".txt"
