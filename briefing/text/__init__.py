"""Text: sentence splitting (the citation unit), lexical terms, date resolution and terminal-safe text."""
