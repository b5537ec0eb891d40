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

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefing.core.cancel import NEVER, CancelToken
from briefing.core.errors import Cancelled, LLMError

if TYPE_CHECKING:
    from openai import OpenAI

    from briefing.core.settings import LLMSettings

OPENAI_URL = "https://api.openai.com/v1"
_NO_KEY = "not-needed"  # local servers ignore the key, but the client insists on one


@dataclass
class Reply:
    """What the model wrote and how it stopped (``stop``, ``length``...)."""

    text: str
    finish_reason: str | None
    model: str = ""


@dataclass
class EndpointStatus:
    """What ``briefing doctor`` reports about the endpoint."""

    url: str
    ok: bool
    detail: str
    models: list[str] = field(default_factory=list)
    seconds: float = 0.0


def api_key() -> str | None:
    """The key from the environment, read at call time only."""
    return os.environ.get("OPENAI_API_KEY") or None


def configured(settings: LLMSettings) -> bool:
    """A model and somewhere to send it: a base URL, or a key for api.openai.com."""
    return bool(settings.model) and bool(settings.base_url or api_key())


def endpoint(settings: LLMSettings) -> str:
    return (settings.base_url or OPENAI_URL).rstrip("/")


_CREDENTIAL = re.compile(
    r"(?i)\b(authorization\s*[:=]\s*)?(bearer|basic)\s+[A-Za-z0-9._~+/=\-]{8,}|\bsk-[A-Za-z0-9_\-]{16,}"
)


def scrub(text: str) -> str:
    """Text with the API key (if any) and anything that looks like a credential (``Authorization:
    Bearer …``, ``sk-…``) blanked, for anything that might be shown, logged or stored: an endpoint
    may echo the request's headers in its reply."""
    key = api_key()
    if key and len(key) >= 4:
        text = text.replace(key, "***")
    return _CREDENTIAL.sub("***", text)


def _client(settings: LLMSettings, timeout: float | None = None, max_retries: int | None = None) -> OpenAI:
    from openai import OpenAI

    return OpenAI(
        api_key=api_key() or _NO_KEY,
        base_url=endpoint(settings),
        timeout=settings.timeout if timeout is None else timeout,
        max_retries=settings.max_retries if max_retries is None else max_retries,
    )


def complete(
    settings: LLMSettings,
    messages: list[dict[str, str]],
    on_delta: Callable[[str], None] | None = None,
    cancel: CancelToken | None = None,
) -> Reply:
    """The model's reply; streamed to ``on_delta`` piece by piece when it is given.

    Raises :class:`LLMError` (one line, no key, no body) on anything but a well-formed reply, and
    :class:`Cancelled` when ``cancel`` is cancelled: it is checked between streamed pieces and
    the stream is closed at once, so the server stops generating for nobody.
    """
    if not settings.model:
        raise LLMError("no LLM model is configured", "set BRIEFING_MODEL or pass --model")
    client = _client(settings)
    request: dict[str, Any] = {
        "model": settings.model,
        "messages": messages,
        "temperature": settings.temperature,
        "max_tokens": settings.max_tokens,
    }
    try:
        if on_delta is None:
            return _whole(client.chat.completions.create(**request, stream=False))
        return _streamed(client.chat.completions.create(**request, stream=True), on_delta, cancel or NEVER)
    except (LLMError, Cancelled):
        raise
    except Exception as exc:  # the openai, httpx and json errors, sorted into one line below
        raise LLMError(describe_failure(exc, settings)) from None
    finally:
        client.close()


def _whole(completion: Any) -> Reply:
    choice = completion.choices[0]
    text = choice.message.content
    if not isinstance(text, str):
        raise LLMError("the LLM reply had no text")
    return Reply(text=text, finish_reason=choice.finish_reason, model=str(completion.model or ""))


def _streamed(stream: Any, on_delta: Callable[[str], None], cancel: CancelToken) -> Reply:
    pieces: list[str] = []
    finish: str | None = None
    model = ""
    for chunk in stream:
        if cancel.cancelled:
            stream.close()
            cancel.check()
        model = model or str(getattr(chunk, "model", "") or "")
        if not chunk.choices:  # e.g. a final usage-only chunk
            continue
        choice = chunk.choices[0]
        piece = choice.delta.content if choice.delta is not None else None
        if piece:
            pieces.append(piece)
            on_delta(piece)
        finish = choice.finish_reason or finish
    if finish is None:
        raise LLMError("the LLM answer stream broke off before the end")
    return Reply(text="".join(pieces), finish_reason=finish, model=model)


def describe_failure(exc: BaseException, settings: LLMSettings) -> str:
    """One line naming what failed, for the reader: status code or error class, never a body."""
    import httpx
    import openai

    where = endpoint(settings)
    tries = f"after {settings.max_retries + 1} attempts" if settings.max_retries else "(no retries)"
    if isinstance(exc, openai.APITimeoutError):
        return f"the LLM at {where} did not answer within {settings.timeout:g} s {tries}"
    if isinstance(exc, openai.APIConnectionError):
        return f"cannot reach the LLM at {where} {tries}"
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
    where = endpoint(settings)
    client = _client(settings, timeout=min(timeout, settings.timeout), max_retries=0)
    started = time.perf_counter()
    try:
        models = sorted(str(m.id) for m in client.models.list())
    except Exception as exc:  # reported, not raised: doctor lists every problem it finds
        once = settings.model_copy(update={"max_retries": 0})
        return EndpointStatus(where, False, scrub(describe_failure(exc, once)))
    finally:
        client.close()
    seconds = time.perf_counter() - started
    return EndpointStatus(where, True, f"answers in {seconds * 1000:.0f} ms", models, seconds)
