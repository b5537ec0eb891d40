"""Red team: secrets that ride in a base URL. ``OPENAI_API_KEY`` is already kept out of every
output; a password in ``http://user:password@host/v1`` (a proxy with basic auth) or a key in the
query (``?api-key=…``, Azure-style gateways) was printed whole in the fallback notice, the
error line and ``doctor``, wherever the endpoint is named."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from briefing.core.redact import shown_url
from tests.cli.helpers import in_process
from tests.conftest import Seeded

PASSWORD = "hunter2-proxy-pass"
QUERY_KEY = "azure0123456789abcdefkey"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
        (f"http://bob:{PASSWORD}@proxy.local:3128/v1", "http://bob:***@proxy.local:3128/v1"),
        (
            f"https://gw.example/openai/v1?api-key={QUERY_KEY}&v=2",
            "https://gw.example/openai/v1?api-key=***&v=***",
        ),
        ("http://bob@proxy.local/v1", "http://bob@proxy.local/v1"),
        ("http://[::1", "(an unreadable URL)"),
    ],
)
def test_a_url_is_shown_without_its_credentials(url: str, shown: str) -> None:
    assert shown_url(url) == shown


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_base_url_s_password_and_query_key_are_never_printed(seeded_index: Seeded, tmp_path: Path) -> None:
    index = str(seeded_index.settings.storage.path)
    url = f"http://bob:{PASSWORD}@127.0.0.1:{_closed_port()}/v1?api-key={QUERY_KEY}"
    flags = ("--engine", "llm", "--model", "m", "--base-url", url, "--index", index)
    asked = in_process("ask", "How many Turkish soldiers were deployed?", *flags, "--json", cwd=tmp_path)
    doctor = in_process("doctor", "--model", "m", "--base-url", url, "--index", index, cwd=tmp_path)
    doctor_json = in_process(
        "doctor", "--json", "--model", "m", "--base-url", url, "--index", index, cwd=tmp_path
    )
    shown = asked.stdout + asked.stderr + doctor.stdout + doctor.stderr + doctor_json.stdout
    assert "cannot reach the LLM at http://bob:***@127.0.0.1" in json.loads(asked.stdout)["notice"]
    assert PASSWORD not in shown and QUERY_KEY not in shown, shown
    assert "api-key=***" in doctor.stdout


def test_an_embeddings_endpoint_s_password_is_never_in_its_error() -> None:
    from briefing.core.errors import EmbedderError
    from briefing.core.settings import EmbedderSettings
    from briefing.store.embedder import OpenAIEmbeddings

    url = f"http://bob:{PASSWORD}@127.0.0.1:{_closed_port()}/v1"
    with pytest.raises(EmbedderError) as raised:
        OpenAIEmbeddings(EmbedderSettings(kind="openai", base_url=url, model="m"))
    assert PASSWORD not in raised.value.one_line() and "bob:***@127.0.0.1" in raised.value.one_line()


@pytest.mark.parametrize("bad", [":abc/v1", "/v1\x1b[2J"])
def test_a_malformed_base_url_is_one_line_naming_the_setting(
    seeded_index: Seeded, tmp_path: Path, bad: str
) -> None:
    index = str(seeded_index.settings.storage.path)
    url = f"http://bob:{PASSWORD}@127.0.0.1{bad}"
    asked = in_process("ask", "How many Turkish soldiers were deployed?", "--engine", "llm", "--model", "m",
                       "--base-url", url, "--index", index, "--json", cwd=tmp_path)  # fmt: skip
    assert asked.returncode == 0, asked.stderr  # the extractive engine answers, with the reason
    notice = json.loads(asked.stdout)["notice"]
    assert "not a valid URL" in notice and "--base-url" in notice and PASSWORD not in notice, notice
    doctor = in_process("doctor", "--model", "m", "--base-url", url, "--index", index, cwd=tmp_path)
    assert doctor.returncode == 1 and "not a valid URL" in doctor.stdout, doctor.stdout + doctor.stderr
    assert PASSWORD not in doctor.stdout + doctor.stderr and "\x1b" not in doctor.stdout
