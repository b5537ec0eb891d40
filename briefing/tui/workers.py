"""What every UI worker does with a failure: report it in one line and end, never crash.

Workers call the service through the :class:`~briefing.tui.backend.Backend`. A
:class:`~briefing.core.errors.BriefingError` becomes its one line (what went wrong — how to fix
it), anything else one "unexpected" line; the screen shows it. A
:class:`~briefing.core.errors.Cancelled` is no failure: the user pressed Esc and the screen
already said so, so nothing more is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from briefing.core.errors import BriefingError, Cancelled

T = TypeVar("T")


def attempt(call: Callable[[], T], failed: Callable[[str], None]) -> T | None:
    """``call()``'s result, or None after handing ``failed`` one line (nothing when cancelled)."""
    try:
        return call()
    except Cancelled:
        return None
    except BriefingError as exc:
        failed(exc.one_line())
    except Exception as exc:  # the UI must report, never crash
        failed(f"unexpected {type(exc).__name__}: {exc}")
    return None
