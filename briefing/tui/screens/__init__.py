"""The tabs (Ask, Library, Ingest, Brief) and the pushed screens (article, confirm)."""
