"""A bad BRIEFING_* variable or config path is one error line naming it and the fix (exit 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import in_process


@pytest.mark.parametrize(
    ("env", "line"),
    [
        (
            {"BRIEFING_BRIEF__INPUTS": "feeds/"},
            "error: BRIEFING_BRIEF__INPUTS is not valid JSON (a list is written as JSON) — set it to a "
            """JSON list, e.g. BRIEFING_BRIEF__INPUTS='["feeds/", "https://example.org/rss"]', or unset it""",
        ),
        (
            {"BRIEFING_RETRIEVAL__K": "lots"},
            "error: bad setting retrieval.k (from BRIEFING_RETRIEVAL__K): Input should be a valid integer, "
            "unable to parse string as an integer — fix or unset BRIEFING_RETRIEVAL__K",
        ),
        (
            {"BRIEFING_CONFIG": "missing.toml"},
            "error: BRIEFING_CONFIG names missing.toml, which is not a file — "
            "fix the path or unset BRIEFING_CONFIG",
        ),
    ],
)
def test_a_bad_variable_is_named_on_one_line(tmp_path: Path, env: dict[str, str], line: str) -> None:
    result = in_process("sources", cwd=tmp_path, env={**env, "BRIEFING_RAISE_ERRORS": None})
    assert result.returncode == 1
    assert (result.stdout, result.stderr) == ("", line + "\n")
