"""Red team: the API key in an error. An error line, or the traceback ``BRIEFING_DEBUG=1`` prints,
quotes an exception's message, which may quote a request, a URL or a path: the key is blanked in
both, as it is in answers."""

from __future__ import annotations

import pytest

from briefing.cli.options import friendly_errors

KEY = "sk-debug-0123456789abcdefghijkl"


@friendly_errors
def _fails(message: str) -> None:
    raise RuntimeError(message)


@pytest.mark.parametrize("debug", [None, "1"])
def test_the_key_is_blanked_in_the_error_line_and_the_debug_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], debug: str | None
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.delenv("BRIEFING_RAISE_ERRORS", raising=False)
    if debug:
        monkeypatch.setenv("BRIEFING_DEBUG", debug)
    else:
        monkeypatch.delenv("BRIEFING_DEBUG", raising=False)
    with pytest.raises(SystemExit) as ended:
        _fails(f"the proxy said: Authorization: Bearer {KEY} refused, key={KEY}")
    assert ended.value.code == 3
    shown = capsys.readouterr().err
    assert KEY not in shown and "***" in shown, shown
    assert ("Traceback (most recent call last)" in shown) == bool(debug)
