"""The command line: shared options and errors, one module per command group, Rich rendering."""
