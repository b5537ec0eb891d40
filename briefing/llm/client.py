"""The one module that talks to an LLM: the ``openai`` package, chat completions, streamed.

Any OpenAI-compatible server works (OpenAI, Ollama, vLLM, llama.cpp's server, LM Studio): only
``base_url`` and the model name differ. Retries of timeouts, 429 and 5xx are the client's own
(``max_retries`` with exponential backoff, honouring ``Retry-After``), so there is one retry policy
to reason about. A stream that breaks off after it started cannot be retried without showing the
reader a second beginning, so it fails instead and the caller falls back.

The API key is read from ``OPENAI_API_KEY`` when a client is made and never kept: not in the
settings, not in errors (every failure becomes an :class:`LLMError` whose message names the
status code or error class, never the response body, which may echo what was sent), not in logs.
``openai`` is imported inside the functions that need it, so commands that never ask an LLM do
not pay for the import.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefing.core.cancel import NEVER, CancelToken
from briefing.core.errors import Cancelled, LLMError
from briefing.core.redact import shown_url
from briefing.llm.secrets import StreamScrubber, api_key, scrub

if TYPE_CHECKING:
    from openai import OpenAI

    from briefing.core.settings import LLMSettings
    from briefing.llm.cutoff import Cutoff

OPENAI_URL = "https://api.openai.com/v1"
_NO_KEY = "not-needed"  # local servers ignore the key, but the client insists on one


@dataclass
class Reply:
    """What the model wrote and how it stopped (``stop``, ``length``...)."""

    text: str
    finish_reason: str | None
    model: str = ""
    structured: bool = False  # the reply was asked for as JSON (response_format json_schema)


@dataclass
class EndpointStatus:
    """What ``briefing doctor`` reports about the endpoint."""

    url: str
    ok: bool
    detail: str
    models: list[str] = field(default_factory=list)
    seconds: float = 0.0
    any_name: bool = False  # llama.cpp's server: it serves its one model under whatever name is asked


def configured(settings: LLMSettings) -> bool:
    """A model and somewhere to send it: a base URL, or a key for api.openai.com."""
    return bool(settings.model) and bool(settings.base_url or api_key())


def endpoint(settings: LLMSettings) -> str:
    return (settings.base_url or OPENAI_URL).rstrip("/")


def _client(
    settings: LLMSettings,
    timeout: float | None = None,
    max_retries: int | None = None,
    cutoff: Cutoff | None = None,
) -> OpenAI:
    import httpx
    from openai import OpenAI

    try:
        return OpenAI(
            api_key=api_key() or _NO_KEY,
            base_url=endpoint(settings),
            timeout=settings.timeout if timeout is None else timeout,
            max_retries=settings.max_retries if max_retries is None else max_retries,
            http_client=cutoff.http_client() if cutoff is not None else None,
        )
    except (httpx.InvalidURL, ValueError) as exc:  # a bad port, a control character: "unexpected" before
        reason = str(exc).split(" at position")[0].replace(repr("\x1b")[1:-1], "ESC")
        raise LLMError(
            f"the LLM base URL (--base-url, OPENAI_BASE_URL) {shown_url(endpoint(settings))} is not a "
            f"valid URL ({reason})",
            "fix --base-url or OPENAI_BASE_URL (llm.base_url), e.g. http://localhost:11434/v1",
        ) from None


def complete(
    settings: LLMSettings,
    messages: list[dict[str, str]],
    on_delta: Callable[[str], None] | None = None,
    cancel: CancelToken | None = None,
    schema: dict[str, Any] | None = None,
    plain_messages: list[dict[str, str]] | None = None,
    enough: Callable[[str], bool] | None = None,
) -> Reply:
    """The model's reply, always streamed (to ``on_delta`` piece by piece when it is given).

    Streaming keeps the per-read timeout meaningful and lets the total deadline
    (``llm.deadline``) and the size cap (``llm.max_reply_chars``) stop a reply that trickles or
    never ends. ``schema`` asks for structured output (``response_format`` with a JSON schema);
    a server that refuses it (HTTP 400/422, before any token) is asked once more without it, and
    remembered for the rest of the process, so the caller reads text markers instead;
    ``plain_messages`` (the prompt without the JSON instructions) are sent then. ``enough`` is
    asked, whenever a piece may end a sentence, whether the text so far holds all the caller
    will keep; if so the stream is closed (the server stops generating) and the reply ends with
    ``finish_reason`` ``"enough"``: a small model that loops on one sentence until
    ``llm.max_tokens`` would otherwise spend most of the deadline writing what is thrown away.

    Raises :class:`LLMError` (one line, no key, no body) on anything but a well-formed reply, and
    :class:`Cancelled` when ``cancel`` is cancelled: the request's connection is shut at once,
    while it waits for the server's first byte as well as mid-stream (:mod:`.cutoff`), so the
    caller returns at once and the server stops generating for nobody.
    """
    if not settings.model:
        raise LLMError("no LLM model is configured", "set BRIEFING_MODEL or pass --model")
    deadline = time.monotonic() + settings.deadline
    structured = schema is not None and settings.structured != "off" and _key(settings) not in _NO_SCHEMA
    plain = plain_messages or messages
    if not structured:
        return _attempt(settings, plain, on_delta, cancel or NEVER, None, deadline, enough)
    try:
        return _attempt(settings, messages, on_delta, cancel or NEVER, schema, deadline, enough)
    except _SchemaRefused:
        _NO_SCHEMA.add(_key(settings))
        return _attempt(settings, plain, on_delta, cancel or NEVER, None, deadline, enough)


class _SchemaRefused(Exception):
    """The server answered the request with 400/422 because of ``response_format``."""


_NO_SCHEMA: set[str] = set()  # endpoints (url + model) known to refuse response_format


def _key(settings: LLMSettings) -> str:
    return f"{endpoint(settings)}|{settings.model}"


def _attempt(
    settings: LLMSettings,
    messages: list[dict[str, str]],
    on_delta: Callable[[str], None] | None,
    cancel: CancelToken,
    schema: dict[str, Any] | None,
    deadline: float,
    enough: Callable[[str], bool] | None = None,
) -> Reply:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise LLMError(_late(settings))
    # retries that cannot fit in what is left of the deadline are not made
    each = min(settings.timeout, remaining)
    settings = settings.model_copy(
        update={"max_retries": max(0, min(settings.max_retries, int(remaining // each) - 1))}
    )
    from briefing.llm.cutoff import Cutoff  # imports openai: only when an LLM is called

    cutoff = Cutoff()
    client = _client(settings, timeout=each, cutoff=cutoff)
    request: dict[str, Any] = {
        "model": settings.model,
        "messages": messages,
        "temperature": settings.temperature,
        "max_tokens": settings.max_tokens,
        "stream": True,
    }
    if schema is not None:
        request["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "cited_sentences", "schema": schema, "strict": True},
        }
    try:
        with _cut_on_cancel(cutoff, cancel):
            stream = client.chat.completions.create(**request)  # blocks until the first byte
            with _cut_at_deadline(cutoff, deadline):
                reply = _Reader(stream, settings, deadline, on_delta, cancel, enough).read()
        reply.structured = schema is not None
        return reply
    except (LLMError, Cancelled):
        raise
    except Exception as exc:  # the openai, httpx and json errors, sorted into one line below
        cancel.check()  # cut off by the cancel: not a failure
        if cutoff.reason == "deadline":
            raise LLMError(_late(settings)) from None
        if schema is not None and getattr(exc, "status_code", None) in (400, 422):
            raise _SchemaRefused from None
        raise LLMError(describe_failure(exc, settings)) from None
    finally:
        client.close()


@contextlib.contextmanager
def _cut_on_cancel(cutoff: Cutoff, cancel: CancelToken) -> Iterator[None]:
    """While the body runs, a cancel cuts the request off at once: before the server's first
    byte (``create()`` has no seam to check the token at) as well as mid-stream."""
    forget = cancel.on_cancel(lambda: cutoff.cut("cancelled"))
    try:
        yield
    finally:
        forget()


@contextlib.contextmanager
def _cut_at_deadline(cutoff: Cutoff, deadline: float) -> Iterator[None]:
    """While the reply streams, a timer cuts it off at the deadline, so even a server that
    stalls in the middle of a read is left on time (before the first byte, the per-request
    timeout and the retries that fit in the deadline bound the wait)."""
    timer = threading.Timer(max(0.0, deadline - time.monotonic()), cutoff.cut, args=("deadline",))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()


def _late(settings: LLMSettings) -> str:
    return f"the LLM did not finish its answer within llm.deadline={settings.deadline:g} s"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # a str holds a pair as one code point: these are lone
_MAY_END = re.compile(r"[.!?\]\n]")  # a piece after which a sentence (or its marker) may be complete
_EVERY = 32  # pieces between two checks of ``enough`` when none may end a sentence


class _Reader:
    """One streamed reply, read under the deadline, the size cap and the cancel token.

    A cancel or the deadline may also cut the connection under it (:func:`_cut_on_cancel`,
    :func:`_cut_at_deadline`); the read that fails then is sorted by :func:`_attempt`. Nothing
    read is ever retried: a second beginning would contradict what the reader saw.
    """

    def __init__(
        self,
        stream: Any,
        settings: LLMSettings,
        deadline: float,
        on_delta: Callable[[str], None] | None,
        cancel: CancelToken,
        enough: Callable[[str], bool] | None = None,
    ) -> None:
        self.stream, self.settings, self.deadline = stream, settings, deadline
        self.on_delta, self.cancel, self.enough = on_delta, cancel, enough

    def read(self) -> Reply:
        pieces: list[str] = []
        size = 0
        finish: str | None = None
        model = ""
        shown = StreamScrubber(self.on_delta)
        for chunk in self.stream:
            if self.cancel.cancelled:
                self.stream.close()
                self.cancel.check()
            if time.monotonic() > self.deadline:
                self.stream.close()
                raise LLMError(_late(self.settings))
            model = model or str(getattr(chunk, "model", "") or "")
            if not chunk.choices:  # e.g. a final usage-only chunk
                continue
            choice = chunk.choices[0]
            piece = choice.delta.content if choice.delta is not None else None
            if piece:
                piece = _LONE_SURROGATE.sub("\ufffd", piece)  # valid JSON, but no text: tokenizers fail on it
                size += len(piece)
                if size > self.settings.max_reply_chars:
                    self.stream.close()
                    cap = self.settings.max_reply_chars
                    raise LLMError(f"the LLM reply passed llm.max_reply_chars={cap} characters")
                pieces.append(piece)
                shown.feed(piece)
                due = _MAY_END.search(piece) or len(pieces) % _EVERY == 0  # a loop of "0000" ends nothing
                if self.enough is not None and due and self.enough("".join(pieces)):
                    self.stream.close()  # the server stops generating what would be thrown away
                    finish = "enough"
                    break
            finish = choice.finish_reason or finish
        if finish is None:
            self.cancel.check()  # the stream ended because a cancel or the deadline cut it
            if time.monotonic() >= self.deadline:
                raise LLMError(_late(self.settings))
            raise LLMError("the LLM answer stream broke off before the end")
        shown.close()
        return Reply(text=scrub("".join(pieces)), finish_reason=finish, model=model)


def describe_failure(exc: BaseException, settings: LLMSettings) -> str:
    """One line naming what failed, for the reader: status code or error class, never a body."""
    import httpx
    import openai

    where = shown_url(endpoint(settings))
    tries = f"after {settings.max_retries + 1} attempts" if settings.max_retries else "(no retries)"
    if isinstance(exc, openai.APITimeoutError):
        return f"the LLM at {where} did not answer within {settings.timeout:g} s {tries}"
    if isinstance(exc, openai.APIConnectionError):
        fix = "is the server running, the URL right (--base-url, OPENAI_BASE_URL)?"
        return f"cannot reach the LLM at {where} {tries}: {fix}"
    if isinstance(exc, openai.RateLimitError):
        return f"the LLM at {where} is rate-limiting requests (HTTP 429) {tries}"
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code in (401, 403):
            return f"the LLM at {where} refused the API key (HTTP {exc.status_code})"
        if exc.status_code == 404:
            return f"the LLM at {where} has no model {settings.model!r} (HTTP 404)"
        retried = tries if exc.status_code >= 500 else ""
        return f"the LLM at {where} failed with HTTP {exc.status_code} {retried}".rstrip()
    if isinstance(exc, httpx.TransportError):
        return "the LLM answer stream broke off before the end"
    if isinstance(exc, openai.APIError):
        return f"the LLM at {where} reported an error ({type(exc).__name__})"
    return f"the LLM at {where} sent a malformed reply ({type(exc).__name__})"


def check_endpoint(settings: LLMSettings, timeout: float = 10.0) -> EndpointStatus:
    """Whether the endpoint answers ``GET /models`` (no retries), and which models it lists."""
    where = shown_url(endpoint(settings))
    try:
        client = _client(settings, timeout=min(timeout, settings.timeout), max_retries=0)
    except LLMError as exc:
        return EndpointStatus(where, False, exc.one_line())
    started = time.perf_counter()
    try:
        listed = list(client.models.list())
        models = sorted(str(m.id) for m in listed)
    except Exception as exc:  # reported, not raised: doctor lists every problem it finds
        alien = _not_openai(exc, where)
        if alien:
            return EndpointStatus(
                where, False, f"{where} answers HTTP but is not an OpenAI-compatible API ({alien})"
            )
        once = settings.model_copy(update={"max_retries": 0})
        return EndpointStatus(where, False, scrub(describe_failure(exc, once)))
    finally:
        client.close()
    seconds = time.perf_counter() - started
    any_name = bool(listed) and all(getattr(m, "owned_by", "") == "llamacpp" for m in listed)
    return EndpointStatus(where, True, f"answers in {seconds * 1000:.0f} ms", models, seconds, any_name)


def _not_openai(exc: BaseException, where: str) -> str:
    """Why a failed ``GET /models`` shows the port serves something else ('' if it may not).

    An OpenAI-compatible server lists its models at ``/models`` as JSON; a 404 or 405 there, or
    a 200 that is not a model list (a web page, another API), means the base URL is wrong or
    the port serves something else, whatever model is configured.
    """
    import openai

    if isinstance(exc, openai.APIStatusError) and exc.status_code in (404, 405):
        hint = "" if where.endswith("/v1") else "; the base URL usually ends in /v1"
        return f"GET /models: HTTP {exc.status_code}{hint}"
    if isinstance(exc, openai.APIResponseValidationError | ValueError | AttributeError | TypeError):
        return "GET /models did not return a model list"
    return ""
