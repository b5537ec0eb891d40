"""Cutting one LLM request off at any moment, before the server's first byte too.

``create()`` blocks until the server sends its response headers, and a server that is loading
a model or queueing requests may send nothing for a minute; Esc and the total deadline must not
wait for it. A :class:`Cutoff` learns the sockets of its request through httpx's ``trace``
request extension (set on every request by an event hook, so retries and proxies are covered)
and :meth:`Cutoff.cut` shuts them down: closing alone does not wake a read blocked in another
thread, a shutdown does, at once. From then on every further step of the request (the failed
read, a retry's connect or send) raises :class:`Cut`, an ``OpenAIError``, which the ``openai``
client passes on without retrying or sleeping.

Imported only when an LLM is called (it imports ``openai`` and ``httpx``).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any

import httpx
import openai

# the request's steps (httpcore's trace names) after which nothing more may happen once cut
_STEPS = frozenset(
    {
        "connect_tcp",
        "start_tls",
        "send_request_headers",
        "send_request_body",
        "receive_response_headers",
        "receive_response_body",
    }
)
_CONNECTED = frozenset({"connect_tcp", "start_tls"})  # their return value is the network stream


class Cut(openai.OpenAIError):
    """The request was cut off on purpose; ``Cutoff.reason`` says why."""


class Cutoff:
    """The sockets of one client's requests, and the switch that shuts them down."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.reason = ""  # why it was cut ("cancelled", "deadline"); "" while it runs

    def http_client(self) -> httpx.Client:
        """An httpx client with the ``openai`` defaults whose requests report their sockets here."""
        return openai.DefaultHttpxClient(event_hooks={"request": [self._on_request]})

    def cut(self, reason: str) -> None:
        """Shut every socket of the request down (once; the first reason is kept). Quick and
        safe from any thread: a cancel runs it in the UI's thread, the deadline in a timer's."""
        with self._lock:
            if self.reason:
                return
            self.reason = reason
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def _on_request(self, request: httpx.Request) -> None:
        if self.reason:  # a retry after the cut: not sent
            raise Cut(self.reason)
        request.extensions["trace"] = self._trace

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace callback: ``<layer>.<step>.started|complete|failed``."""
        *_, step, stage = event.split(".")
        if stage == "complete" and step in _CONNECTED:
            self._keep(info.get("return_value"))
        elif self.reason and step in _STEPS and _stops(step, stage):
            raise Cut(self.reason)

    def _keep(self, stream: Any) -> None:
        sock = stream.get_extra_info("socket") if stream is not None else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.append(sock)
            late = bool(self.reason)
        if late:  # connected just after the cut
            _shut(sock)


def _stops(step: str, stage: str) -> bool:
    """Whether a cut request must stop at this step: before every step, and on a failed one except
    the body's. A body read fails when the stream is closed, maybe by the garbage collector, where
    an exception is unraisable; openai never retries mid-stream, so httpx's own error will do."""
    return stage == "started" or (stage == "failed" and step != "receive_response_body")


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
