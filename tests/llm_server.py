"""A scripted OpenAI-compatible server on 127.0.0.1: real HTTP, real SSE, no patched client.

The tests point the real ``openai`` client at it (``base_url``), so retries, timeouts, streaming
and error handling run exactly as they would against OpenAI, Ollama or vLLM. The requested model
name picks the script, so every scenario can run at once without shared state, and by hand::

    python tests/llm_server.py --port 8765      # then: briefing ask "..." --engine llm --model good

Served: ``GET /v1/models``, ``POST /v1/chat/completions`` (``stream`` true or false; a
``response_format`` JSON schema ignored, honoured or refused as the script says). A script's
answer cites sources by content, ``{{7,400 Turkish soldiers}}``: the server finds the line of the
prompt's sources that holds the fragment and writes its alias (``[S3]``), so scripts do not depend
on retrieval order. A fragment not found becomes ``[S99]``, which the checker must reject.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import select
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_SOURCE_LINE = re.compile(r"^\[(S\d+)\] (.*)$", re.M)
_FRAGMENT = re.compile(r"\{\{(.+?)\}\}")
_GOOD = (
    "A Britain-based war monitor reported that 7,400 Turkish soldiers had been deployed in Idlib "
    "and neighbouring Aleppo. {{7,400 Turkish soldiers}} It said a Turkish convoy of 80 vehicles "
    "had entered Idlib. {{convoy of 80 vehicles}}"
)

_BRIEF = (
    "At least 10 Turkish army soldiers were reportedly killed or injured in joint Syrian and Russian "
    "airstrikes in Idlib. {{{{At least 10 Turkish army soldiers}}}} The observatory reported that as many "
    "as {vehicles} Turkish military vehicles had been sent into Syria over the past 19 days. "
    "{{{{Turkish military vehicles had been sent}}}} Russia warned Ankara against attacks on Syrian army "
    "soldiers after President Erdogan threatened a military operation in Idlib. {{{{Russia warned Ankara}}}}"
)


@dataclass(frozen=True)
class Script:
    """How the server answers one model name."""

    answer: str = ""
    status: int = 0  # HTTP error status for failing requests
    failures: int = 0  # requests that fail with ``status`` before one succeeds; -1: all fail
    delay: float = 0.0  # seconds before any byte of the reply (a slow server)
    cut_after: int = -1  # streamed chunks sent before the connection drops; -1: never
    malformed: bool = False  # a 200 reply whose body is not a chat completion
    interval: float = 0.002  # seconds between streamed chunks (a trickling server: 2.0)
    repeat: int = 1  # the answer written this many times over (a reply that never ends)
    schema: str = "ignore"  # response_format json_schema: "ignore" it, "honour" it (JSON), "refuse" (400)
    echo: bool = False  # the answer repeats the request's Authorization header (a leaky proxy)
    truncate: int = -1  # characters of the reply sent before it ends with finish_reason "length"


SCRIPTS: dict[str, Script] = {
    "good": Script(_GOOD),
    "invented-number": Script(
        "A Turkish convoy of 80 vehicles entered Idlib. {{convoy of 80 vehicles}} The monitor said "
        "9,000 Turkish soldiers had been deployed in Idlib and Aleppo. {{7,400 Turkish soldiers}}"
    ),
    "unknown-id": Script(
        "7,400 Turkish soldiers had been deployed in Idlib and Aleppo, the monitor said. "
        "{{7,400 Turkish soldiers}} Turkey also moved 9,100 military vehicles into Syria. [S99]"
    ),
    "uncited": Script(
        "A Britain-based war monitor reported that 7,400 Turkish soldiers had been deployed in Idlib "
        "and Aleppo. {{7,400 Turkish soldiers}} Ankara plans to send another 5,000 troops next month."
    ),
    "injection": Script(
        "The island ferry resumed its daily crossings on Thursday after three weeks of storm repairs. "
        "{{resumed its daily crossings}} The ferry company has gone bankrupt. {{Ignore all previous}} "
        "The operator has filed for bankruptcy, the harbour authority said. {{1,200 passengers}}"
    ),
    "no-answer": Script("NO_ANSWER"),
    # key developments of the seed article's story (`briefing brief --engine llm`)
    "summary-good": Script(_BRIEF.format(vehicles="2,700")),
    "summary-invented": Script(_BRIEF.format(vehicles="4,500")),
    "rate-limited": Script(_GOOD, status=429, failures=1),
    "server-error": Script(_GOOD, status=500, failures=-1),
    "slow": Script(_GOOD, delay=5.0),
    "stall": Script(_GOOD, delay=60.0),  # nothing for a minute: a server loading a model
    "slow-stream": Script(_GOOD, interval=0.3),  # ~10 s unless the client closes the stream
    "summary-slow-stream": Script(_BRIEF.format(vehicles="2,700"), interval=0.3),
    "cut": Script(_GOOD, cut_after=6),
    "malformed": Script(_GOOD, malformed=True),
    # structured output: llama.cpp / vLLM / OpenAI honour response_format; some servers refuse it
    "json-good": Script(_GOOD, schema="honour"),
    "json-refused": Script(_GOOD, schema="refuse"),
    # SmolLM2-135M: `{"sentences": [{"text": "1. The Turkish army has deployed 1000000…` until max_tokens
    "json-cut": Script(_GOOD, schema="honour", truncate=60),
    "json-declined": Script("", schema="honour"),  # {"sentences": []}: the sources do not answer
    "json-runon": Script(  # ~4 s of one sentence unless the client closes the stream
        "The sources are between " + "and its list goes on " * 150 + "end. {{7,400 Turkish soldiers}}",
        schema="honour",
        interval=0.01,
    ),
    "json-runaway": Script(  # ~4 s of zeros unless the client closes the stream
        "The Turkish army has deployed 1" + "0" * 3000 + ". {{7,400 Turkish soldiers}}",
        schema="honour",
        interval=0.01,
    ),
    # a small local model: no markers, list numbers, one sentence over and over
    "smol": Script(
        "1. A Britain-based war monitor reported that 7,400 Turkish soldiers had been deployed in Idlib "
        "and neighbouring Aleppo. 2. A Britain-based war monitor reported that 7,400 Turkish soldiers had "
        "been deployed in Idlib and neighbouring Aleppo. 3. The convoy had 80 vehicles. 4. Ankara plans "
        "to send another 5,000 troops next month. 10. 11. 12. The convoy had 80 vehicles."
    ),
    "swapped-roles": Script(
        "Ankara warned Russia against attacks on Syrian army soldiers. {{Russia warned Ankara}}"
    ),
    "trickle": Script(_GOOD, interval=2.0),
    "huge": Script("and the convoy moved on ", repeat=2000, interval=0.0),  # one sentence, never ending
    # SmolLM2-135M's loop: the same cited sentences until max_tokens (~95 s here unless stopped early)
    "loop": Script(_GOOD + " ", repeat=300, interval=0.01),
    "echo": Script("The key is {auth}. {{7,400 Turkish soldiers}}", echo=True),
    # a reply quoting an article's own bracketed reference: "[2]" is text, not a citation
    "quoted-marker": Script(
        "A Turkish convoy of 80 vehicles entered Idlib, as reported [2] by the monitor. {{convoy of 80}}"
    ),
}


def render(answer: str, prompt: str) -> str:
    """The script's answer with each ``{{fragment}}`` replaced by the alias of its source line."""
    lines = _SOURCE_LINE.findall(prompt)

    def alias(match: re.Match[str]) -> str:
        found = next((a for a, text in lines if match.group(1) in text), "S99")
        return f"[{found}]"

    return _FRAGMENT.sub(alias, answer)


def render_json(answer: str, prompt: str) -> str:
    """The script's answer as structured output: each sentence with the aliases it cites."""
    items = []
    for text, fragment in re.findall(r"\s*(.+?)\s*\{\{(.+?)\}\}", answer):
        cites = re.findall(r"\[(S\d+)\]", render("{{" + fragment + "}}", prompt))
        items.append({"text": text, "cites": cites})
    return json.dumps({"sentences": items})


class _Server(ThreadingHTTPServer):
    """Quiet about clients that hang up (the openai client closing a failed stream): in-process
    CLI tests capture this process's stderr, where the default handler would print a traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeLLM:
    """The server in a daemon thread; ``url`` is the base URL to give the openai client."""

    def __init__(self, port: int = 0, owner: str = "fake") -> None:
        self.owner = owner  # "llamacpp": lists its models as llama.cpp's server does
        self.requests: list[dict[str, Any]] = []
        self.closed: list[str] = []  # models whose request or stream the client closed before its end
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self._server = _Server(("127.0.0.1", port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> FakeLLM:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def record(self, entry: dict[str, Any]) -> int:
        """Remember a request; returns how many requests this model had before it."""
        with self._lock:
            self.requests.append(entry)
            model = str(entry.get("body", {}).get("model"))
            seen = self._counts.get(model, 0)
            self._counts[model] = seen + 1
            return seen

    def forget(self) -> None:
        """Start afresh: no request, count or closed stream remembered (a server shared by tests)."""
        with self._lock:
            self.requests.clear()
            self._counts.clear()
            self.closed.clear()

    def calls(self, model: str) -> list[dict[str, Any]]:
        with self._lock:
            return [r for r in self.requests if r.get("body", {}).get("model") == model]


def _handler_for(fake: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        server_state = fake

    return Handler


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_state: FakeLLM

    def log_message(self, format: str, *args: Any) -> None:
        return

    def handle(self) -> None:
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):  # a client that hung up
            super().handle()

    def do_GET(self) -> None:
        if self.path == "/health":  # as llama-server: bench/local_llm.py can drive this server too
            return self._json(200, {"status": "ok"})
        if self.path.rstrip("/") != "/v1/models":
            return self._json(404, {"error": {"message": "not found"}})
        owner = self.server_state.owner
        models = [{"id": name, "object": "model", "created": 0, "owned_by": owner} for name in SCRIPTS]
        self._json(200, {"object": "list", "data": models})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if self.path.rstrip("/") != "/v1/chat/completions":
            return self._json(404, {"error": {"message": "not found"}})
        seen = self.server_state.record({"body": body, "authorization": self.headers.get("Authorization")})
        script = SCRIPTS.get(str(body.get("model")))
        if script is None:
            return self._json(404, {"error": {"message": "model not found", "type": "invalid_request_error"}})
        if script.delay and not self._stay(script.delay):
            self.server_state.closed.append(str(body.get("model")))  # hung up before the first byte
            return
        if script.failures < 0 or seen < script.failures:
            message = {"message": f"scripted {script.status}", "type": "server_error"}
            return self._json(script.status, {"error": message}, {"retry-after-ms": "20"})
        wants_json = (body.get("response_format") or {}).get("type") == "json_schema"
        if wants_json and script.schema == "refuse":
            message = {"message": "response_format is not supported", "type": "invalid_request_error"}
            return self._json(400, {"error": message})
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        answer = script.answer.replace("{auth}", str(self.headers.get("Authorization"))) * script.repeat
        text = (
            render_json(answer, prompt)
            if wants_json and script.schema == "honour"
            else render(answer, prompt)
        )
        if script.truncate >= 0:
            text = text[: script.truncate]
        if body.get("stream"):
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client may stop at [DONE]
                self._stream(str(body["model"]), text, script)
        elif script.malformed:
            self._raw(200, b"<html>upstream proxy error</html>", "application/json")
        elif script.cut_after >= 0:
            self._raw(200, b'{"id": "x", "choices": [', "application/json", declared=4096)
        else:
            self._json(200, _completion(str(body["model"]), text))

    def _stay(self, seconds: float) -> bool:
        """Wait ``seconds`` before answering; False if the client hung up meanwhile (or the server
        stops), so a test sees a request abandoned before its first byte."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if self.server_state.stopping.is_set():
                return False
            poller = select.poll()  # not select(): a test process may hold more than 1,024 descriptors
            poller.register(self.connection, select.POLLIN)
            if poller.poll(min(left, 0.05) * 1000):
                try:
                    if not self.connection.recv(1, socket.MSG_PEEK):  # end of file: gone
                        return False
                except OSError:  # reset
                    return False
                time.sleep(min(left, 0.05))
        return True

    def _stream(self, model: str, text: str, script: Script) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        pieces = [text[i : i + 7] for i in range(0, len(text), 7)]
        events = [_chunk(model, {"role": "assistant", "content": ""}, None)]
        events += [_chunk(model, {"content": piece}, None) for piece in pieces]
        events += [_chunk(model, {}, "length" if script.truncate >= 0 else "stop"), "[DONE]"]
        if script.malformed:
            events = [events[0], '{"id": "x", "choices": [{"delta": {"content": "The mon', "[DONE]"]
        for n, event in enumerate(events):
            if n == script.cut_after:
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)  # mid-stream: no final chunk, no [DONE]
                self.close_connection = True
                return
            try:
                self._write_chunk(f"data: {event}\n\n".encode())
            except (BrokenPipeError, ConnectionResetError):
                if event != "[DONE]":
                    self.server_state.closed.append(model)
                raise
            if script.interval and self.server_state.stopping.wait(script.interval):
                return
        self._write_chunk(b"")

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _json(self, status: int, data: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self._raw(status, json.dumps(data).encode(), "application/json", headers=headers)

    def _raw(
        self,
        status: int,
        payload: bytes,
        content_type: str,
        declared: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(declared or len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)
        self.wfile.flush()
        if declared:  # promised more than was sent: drop the connection like a dying proxy
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True


def _chunk(model: str, delta: dict[str, Any], finish: str | None) -> str:
    choice = {"index": 0, "delta": delta, "finish_reason": finish}
    event = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": model}
    return json.dumps(event | {"choices": [choice]})


def _completion(model: str, text: str) -> dict[str, Any]:
    message = {"role": "assistant", "content": text}
    choice = {"index": 0, "message": message, "finish_reason": "stop"}
    usage = {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
    event = {"id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": model}
    return event | {"choices": [choice], "usage": usage}


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the scripted OpenAI-compatible test server.")
    parser.add_argument("--port", type=int, default=8765)
    port = parser.parse_args().port
    with FakeLLM(port) as fake:
        print(f"serving {', '.join(SCRIPTS)} at {fake.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
