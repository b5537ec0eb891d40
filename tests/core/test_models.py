"""The core's small contracts: error lines, sentence ids, brief windows, the cancel token."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from briefing.core.brief_models import Window
from briefing.core.cancel import CancelToken
from briefing.core.errors import BriefingError, Cancelled, IndexLocked, NotFound, StoreError
from briefing.core.models import split_sentence_id


def test_an_error_is_one_line_with_its_fix() -> None:
    assert (
        NotFound("no article 'x'").one_line()
        == "no article 'x' — list what is indexed with `briefing sources`"
    )
    assert StoreError("gone", "pass --index").one_line() == "gone — pass --index"
    assert BriefingError("plain").one_line() == "plain"
    locked = IndexLocked("busy")
    assert isinstance(locked, StoreError) and locked.one_line().endswith("or use another --index DIR")


@pytest.mark.parametrize(("sid", "parts"), [("abc:3", ("abc", 3)), ("a:b:12", ("a:b", 12))])
def test_sentence_ids_split_at_the_last_colon(sid: str, parts: tuple[str, int]) -> None:
    assert split_sentence_id(sid) == parts


@pytest.mark.parametrize("bad", ["abc", ":3", "abc:", "abc:x", "abc:-1"])
def test_malformed_sentence_ids_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a sentence id"):
        split_sentence_id(bad)


def test_a_window_holds_its_days_and_undated_only_when_asked() -> None:
    day = dt.date(2020, 3, 2)
    one = Window(since=day, until=day)
    assert one.contains(day) and not one.contains(day + dt.timedelta(days=1)) and not one.contains(None)
    assert one.label == "2020-03-02"
    open_end = Window(since=day, include_undated=True)
    assert open_end.contains(dt.date(2030, 1, 1)) and open_end.contains(None)
    assert open_end.label == "2020-03-02 to … (+ undated)"
    assert Window().label == "all dates" and Window().contains(day)


def test_a_cancel_token_stays_cancelled_and_is_seen_across_threads() -> None:
    token = CancelToken()
    token.check()  # not cancelled: nothing happens
    worker = threading.Thread(target=token.cancel)
    worker.start()
    worker.join()
    assert token.cancelled
    for _ in range(2):
        with pytest.raises(Cancelled):
            token.check()
