"""05/03/2024 is 3 May or 5 March: never read one way in silence. Typed dates that read two ways
are refused, running-text dates are taken only when the publication date rules one reading out."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.brief.timeline import mentions
from briefing.text.written_dates import ambiguous_date, day_first_only, parse_date, read_day

MAY_3, MARCH_5 = dt.date(2024, 5, 3), dt.date(2024, 3, 5)


@pytest.mark.parametrize("written", ["05/03/2024", "5/3/2024", "05.03.2024", "05-03-2024", "on 05/03/24,"])
def test_a_numeric_date_with_day_and_month_both_twelve_or_less_reads_two_ways(written: str) -> None:
    readings = ambiguous_date(written)
    assert readings is not None
    assert (readings.month_first, readings.day_first) == (MAY_3, MARCH_5)


@pytest.mark.parametrize("written", ["13/03/2024", "03/13/2024", "05/05/2024", "2024-05-03", "2024/05/03"])
def test_dates_that_read_one_way_are_not_ambiguous(written: str) -> None:
    assert ambiguous_date(written) is None
    assert (day_first_only(written) is not None) == written.startswith("13/")  # a source's convention


def test_a_typed_date_that_reads_two_ways_is_refused_with_both_spellings() -> None:
    with pytest.raises(ValueError, match=r"^05/03/2024 is ambiguous: write 2024-03-05 or 2024-05-03$"):
        read_day("05/03/2024")
    assert read_day("2024-03-05") == MARCH_5
    assert read_day("13/03/2024") == read_day("03/13/2024") == dt.date(2024, 3, 13)
    assert read_day(" 05/05/2024 ") == dt.date(2024, 5, 5)
    for bad in ("2020-13-01", "31/02/2024", "05/03/24", "yesterday"):
        with pytest.raises(ValueError, match=r"is not a date; use YYYY-MM-DD"):
            read_day(bad)


def test_a_published_date_is_read_as_the_setting_says() -> None:
    assert parse_date("05/03/2024") == MAY_3  # month first, as before (the caller warns)
    assert parse_date("05/03/2024 10:30", day_first=True) == MARCH_5
    assert parse_date("13/03/2024", day_first=False) == parse_date("13/03/2024", day_first=True)
    assert parse_date("2024-05-03", day_first=True) == MAY_3  # ISO is never swapped


def test_a_date_in_the_text_is_taken_only_when_the_publication_date_rules_one_reading_out() -> None:
    [closed] = mentions("On 05/03/2024 the port closed.", dt.date(2024, 3, 6))
    assert closed.resolved is not None and closed.resolved.start == MARCH_5  # 3 May was still ahead
    assert mentions("On 05/03/2024 the port closed.", dt.date(2024, 6, 10)) == []  # both past: no guess
    assert mentions("The port will reopen on 05/03/2024.", dt.date(2024, 3, 4)) == []  # both ahead
    [unambiguous] = mentions("On 13/03/2024 the port closed.", dt.date(2024, 6, 10))
    assert unambiguous.resolved is not None and unambiguous.resolved.start == dt.date(2024, 3, 13)
