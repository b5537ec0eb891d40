"""``python -m briefing``: the command line, as the ``briefing`` script runs it."""

from briefing.cli.start import main

main()
