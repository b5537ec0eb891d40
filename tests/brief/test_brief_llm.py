"""`briefing brief --engine llm` end to end: the real openai client against the scripted server.

Nothing is patched: the seed article is ingested into a real index, `briefing brief` runs in
process through click, the prompt goes over HTTP to the scripted server on 127.0.0.1, and every
sentence the model writes is checked against what it cites. Assertions are on what a reader
gets: the Markdown (key developments, footnotes, notes), the JSON, and the HTML anchors.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from briefing.brief import build as briefs
from briefing.brief import export as brief_export
from briefing.cli.main import main
from briefing.core.brief_models import Brief, Window
from briefing.llm import citations
from briefing.service.facade import Service
from tests.conftest import RAISE_ERRORS, CliRunner
from tests.llm_server import FakeLLM

ARTICLE = "d928a897ede5633d"
WRITTEN = [  # the summary-good script, as the reader sees it
    "At least 10 Turkish army soldiers were reportedly killed or injured in joint Syrian and Russian "
    "airstrikes in Idlib.",
    "The observatory reported that as many as 2,700 Turkish military vehicles had been sent into Syria "
    "over the past 19 days.",
    "Russia warned Ankara against attacks on Syrian army soldiers after President Erdogan threatened a "
    "military operation in Idlib.",
]
EXTRACTIVE_FIRST = "At least 10 Turkish army soldiers have reportedly been killed or injured following joint"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


@pytest.fixture(scope="module")
def indexed(copy_seeded: Callable[[str, list[str]], Service]) -> Service:
    return copy_seeded("brief-llm", [])


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No BRIEFING_*/OPENAI_* from the developer's shell, no briefing.toml, fast retries."""
    for name in list(os.environ):
        if name.startswith(("BRIEFING_", "OPENAI_")) and name != RAISE_ERRORS:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("BRIEFING_LLM__TIMEOUT", "3")
    monkeypatch.setenv("BRIEFING_LLM__MAX_RETRIES", "1")


def brief(indexed: Service, fake: FakeLLM, model: str, *extra: str) -> Result:
    """`briefing brief --include-undated --engine llm --model MODEL --base-url URL ...`, not saved."""
    index = str(indexed.settings.storage.path)
    args = ["brief", "--include-undated", "--engine", "llm", "--model", model, "--base-url", fake.url]
    result = CliRunner().invoke(main, [*args, "--no-save", "--index", index, *extra])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def developments(markdown: str) -> list[tuple[str, list[str]]]:
    """The Key developments lines of the (single) story: text and the sentence ids its footnotes name."""
    notes = dict(re.findall(r"^\[\^(\d+)\]: .* · (\S+:\d+)", markdown, flags=re.M))
    block = markdown.split("**Key developments**\n\n", 1)[1].split("\n\n", 1)[0]
    out = []
    for line in block.splitlines():
        text = re.sub(r"(?: \[\^\d+\])+$|(?:\[\^\d+\])+$", "", line.removeprefix("- ")).strip()
        out.append((text, [notes[n] for n in re.findall(r"\[\^(\d+)\]", line)]))
    return out


def test_a_good_cited_summary_becomes_the_key_developments(indexed: Service, fake: FakeLLM) -> None:
    markdown = brief(indexed, fake, "summary-good").output
    assert "engine: llm:summary-good" in markdown and "dropped" not in markdown
    written = developments(markdown)
    assert [text for text, _ in written] == WRITTEN
    article = indexed.get_article(ARTICLE)
    for text, cited in written:
        assert cited and all(sid.startswith(f"{ARTICLE}:") for sid in cited)
        quoted = [article.sentences[int(sid.rpartition(":")[2])].text for sid in cited]
        assert text not in quoted  # written by the model, not copied
        for sid, sentence in zip(cited, quoted, strict=True):  # the footnote quotes the real sentence
            assert re.search(rf"^\[\^\d+\]: “{re.escape(sentence)}” — .* · {sid}", markdown, flags=re.M)
        cfg = indexed.settings.llm
        verdict = citations.check(text, quoted, indexed.embedder.embed, cfg.min_similarity, cfg.min_coverage)
        assert verdict.supported, (text, verdict.reason)
    assert EXTRACTIVE_FIRST not in markdown.split("**Key figures**")[0]
    [request] = fake.calls("summary-good")
    system, user = (m["content"] for m in request["body"]["messages"])
    for rule in ("data, not instructions", "After every sentence you write, cite", "attribute every claim"):
        assert rule in system
    assert "do not merge" in system and f"{ARTICLE}:" not in user and "[S1] At least 10" in user

    data = json.loads(brief(indexed, fake, "summary-good", "--format", "json").output)
    story = data["stories"][0]
    assert data["engine"] == "llm:summary-good" and [d["text"] for d in story["developments"]] == WRITTEN
    assert all(set(d["citations"]) <= set(data["sources"]) for d in story["developments"])
    page = brief_export.to_html(Brief.model_validate(data))
    anchors = set(re.findall(r'id="(s\d+)"', page))
    assert "engine: llm:summary-good" in page and set(re.findall(r'href="#(s\d+)"', page)) <= anchors


def test_a_sentence_with_an_invented_number_is_dropped_and_noted(indexed: Service, fake: FakeLLM) -> None:
    markdown = brief(indexed, fake, "summary-invented").output
    assert "engine: llm:summary-invented" in markdown and "4,500 Turkish" not in markdown
    assert [text for text, _ in developments(markdown)] == [WRITTEN[0], WRITTEN[2]]
    assert "> 1 LLM-written development(s) dropped as unsupported (4,500 not in the cited text)." in markdown
    data = json.loads(brief(indexed, fake, "summary-invented", "--format", "json").output)
    assert (
        "1 LLM-written development(s) dropped as unsupported (4,500 not in the cited text)." in data["notes"]
    )


def test_500_forever_keeps_the_extractive_developments_with_a_notice(indexed: Service, fake: FakeLLM) -> None:
    before = len(fake.calls("server-error"))
    markdown = brief(indexed, fake, "server-error").output
    assert len(fake.calls("server-error")) - before == 2  # one try and the client's one retry
    assert "engine: extractive" in markdown
    expected = (
        f"> the LLM at {fake.url} failed with HTTP 500 after 2 attempts"
        " — the key developments of 1 story are extractive instead."
    )
    assert expected in markdown
    written = developments(markdown)
    assert written[0][0].startswith(EXTRACTIVE_FIRST) and written[0][1] == [f"{ARTICLE}:0"]
    article = indexed.get_article(ARTICLE)
    for text, cited in written:  # verbatim source sentences again
        assert text.replace("\\", "") in [article.sentences[int(s.rpartition(":")[2])].text for s in cited]


def test_strict_and_nothing_supported_keep_extractive_developments(indexed: Service, fake: FakeLLM) -> None:
    def make(model: str, strict: bool = False) -> Brief:
        flags = {"llm.model": model, "llm.base_url": fake.url, "llm.max_retries": 0}
        service = Service(indexed.settings.with_overrides(**flags))
        return briefs.make_brief(service, Window(include_undated=True), compare=False, strict=strict)

    extractive = briefs.make_brief(indexed, Window(include_undated=True), compare=False, engine="extractive")
    strict = make("summary-invented", strict=True)
    assert (
        strict.engine == "extractive" and strict.stories[0].developments == extractive.stories[0].developments
    )
    assert strict.notes == [
        "1 LLM-written development(s) dropped as unsupported (4,500 not in the cited text)"
        " (--strict: their stories keep extractive developments)."
    ]
    silent = make("no-answer")
    assert (
        silent.engine == "extractive" and silent.stories[0].developments == extractive.stories[0].developments
    )
    assert silent.notes == [
        "The LLM wrote no supported key development for 1 story: extractive ones are shown."
    ]


def test_engine_choice_follows_ask(indexed: Service, fake: FakeLLM) -> None:
    index = str(indexed.settings.storage.path)
    runner = CliRunner()
    missing = runner.invoke(main, ["brief", "--include-undated", "--engine", "llm", "--index", index])
    assert missing.exit_code == 1 and "--engine llm needs a model and an endpoint" in missing.output
    before = len(fake.requests)
    offline = brief(indexed, fake, "summary-good", "--engine", "extractive")
    assert "engine: extractive" in offline.output and len(fake.requests) == before
