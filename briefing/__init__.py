"""briefing: a source-grounded briefing and Q&A assistant for news, in the terminal.

The package is layered; imports point one way only (a test enforces it):

    leaf:      settings, errors, models
    adapters:  sources (inputs -> documents), text (sentences, tokens), embedder,
               index (the only importer of chromadb / llama_index), fetch
    service:   ingest, ask, catalogue queries (no UI code)
    front:     cli
"""

__version__ = "0.1.0"
