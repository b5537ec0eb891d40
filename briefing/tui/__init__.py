"""The Textual terminal UI: ask with citations, browse the library, ingest, write and read briefs.

Only this package imports textual, and only when the UI is opened (:func:`briefing.tui.app.run`),
so the command-line commands stay fast. It talks to :class:`briefing.service.facade.Service` and
never to Chroma.
"""
