"""Credential scrubbing blanks what looks like a key, never ordinary article words."""

from __future__ import annotations

import pytest

from briefing.llm.secrets import StreamScrubber, scrub


@pytest.mark.parametrize(
    "text",
    [
        "lack food, water or basic sanitation necessities",
        "Basic services were restored on Monday.",
        "The bearer bonds were recovered.",
    ],
)
def test_article_words_after_basic_or_bearer_stay(text: str) -> None:
    assert scrub(text) == text


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Authorization: Bearer abcdefgh12345 was sent", " was sent"),
        ("header Basic dXNlcjpwYXNz end", "header *** end"),
        ("token Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIi", "token ***"),
        ("key sk-abcdefghijklmnop1234 here", "key *** here"),
    ],
)
def test_credentials_are_blanked(text: str, left: str) -> None:
    assert scrub(text).endswith(left)
    assert "***" in scrub(text)


def test_a_stream_passes_article_words_unchanged() -> None:
    out: list[str] = []
    scrubber = StreamScrubber(out.append)
    for piece in ["water or bas", "ic sanitation", " necessities."]:
        scrubber.feed(piece)
    scrubber.close()
    assert "".join(out) == "water or basic sanitation necessities."
