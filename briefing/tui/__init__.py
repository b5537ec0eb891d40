"""The Textual terminal UI: ask with citations, browse the library, ingest, write and read briefs.

Only this package imports textual, and only when the UI is opened, so the command-line
commands stay fast. It talks to :class:`briefing.service.Service` and never to Chroma.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.service import Service


def run(service: Service) -> None:
    """Open the app full-screen on ``service``'s index until the user quits."""
    from briefing.tui.app import BriefingApp

    BriefingApp(service=service).run()
