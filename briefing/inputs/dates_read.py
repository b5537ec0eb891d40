"""An input's published dates read the way ``inputs.day_first`` says, and the two-way ones told.

A date such as ``05/03/2024`` reads as 3 May or 5 March (:mod:`briefing.text.written_dates`).
While ``inputs.day_first`` is unset it is read month first and every input holding one gets one
warning line naming it, the count and an example, so the reading is never a silent guess; ingest
lists it under ``warnings``, not ``failed``: the article was read, and is in the index. So is
an article whose date cannot be read at all (:class:`Undated`): it is indexed without a date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from briefing.text.written_dates import ambiguous_date, day_first_only, parse_date


class Notice(str):
    """A problem line that loses nothing (the record was read, with a reading the user should
    know of): reported as a warning, not a failure."""


# The fix the command line offers for an undated input; :func:`without_cli_flags` says it for the
# TUI, whose Ingest tab has no --published.
CLI_DATE_FIX = " (or give --published YYYY-MM-DD)"
TUI_DATE_FIX = " (until then it is undated: tick “Include undated” on the Brief tab to brief it)"


def without_cli_flags(reason: str) -> str:
    """An ingest warning as said where no ``--published`` flag exists: the fixes the TUI user has
    (write the date in the input and ingest it again; brief it undated meanwhile)."""
    if CLI_DATE_FIX not in reason:
        return reason
    told = reason.replace(CLI_DATE_FIX, "").replace(" and ingest again", " and ingest it again")
    return told + TUI_DATE_FIX


class Undated(Notice):
    """A published date that cannot be read: the article is indexed without a date (dates are
    never invented), so it is a warning, not a failure, and it says the fix. ``label`` names the
    record of a multi-record input ("line 3: ")."""

    written: str
    label: str

    def __new__(cls, written: str, label: str = "") -> Undated:
        told = super().__new__(
            cls,
            f"{label}date {written} not understood; indexed without a date — write it as YYYY-MM-DD "
            f"in the input{CLI_DATE_FIX} and ingest again",
        )
        told.written, told.label = written, label
        return told

    def filled(self, published: dt.date) -> Notice:
        """The warning once ``--published`` gave the article its date: no fix left to ask for."""
        return Notice(
            f"{self.label}date {self.written} not understood; dated {published.isoformat()} by --published"
        )


class DateReader:
    """Reads one input's published dates; remembers those read month first for want of a setting."""

    def __init__(self, day_first: bool | None) -> None:
        self.day_first = day_first
        self.guessed: list[tuple[str, dt.date, dt.date]] = []  # written, read as, the other reading
        self.day_first_seen: str | None = None  # a date of this input that reads day first only

    def read(self, raw: Any) -> dt.date | None:
        """``raw`` as a date (None when not understood), day first if the setting says so."""
        day = parse_date(raw, day_first=bool(self.day_first))
        readings = ambiguous_date(raw) if isinstance(raw, str) and self.day_first is None else None
        if readings is not None and day == readings.month_first:
            self.guessed.append((readings.written, readings.month_first, readings.day_first))
        elif isinstance(raw, str) and self.day_first is None and self.day_first_seen is None:
            self.day_first_seen = day_first_only(raw)
        return day

    def notice(self) -> Notice | None:
        """The warning for this input's dates read month first without a setting, if any."""
        if not self.guessed:
            return None
        written, read, other = self.guessed[0]
        count = len(self.guessed)
        which = f"{count} dates such as {written}" if count > 1 else f"the date {written}"
        if self.day_first_seen:  # the input's own evidence: a careful reader would want to know it
            which += f" (this input also has {self.day_first_seen}, which reads day first only)"
        return Notice(
            f"{which} could be day or month first; read month first ({read.isoformat()}, not "
            f"{other.isoformat()}) — set inputs.day_first = true (BRIEFING_INPUTS__DAY_FIRST) if this "
            "source writes the day first, or false to read month first without this warning"
        )
