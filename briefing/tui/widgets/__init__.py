"""Widgets of the terminal UI; each renders untrusted text only through ``briefing.tui.render``."""
