"""Inputs: command-line paths and URLs to documents (files, feeds, JSON, HTML, fetched pages)."""
