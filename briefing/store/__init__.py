"""The store: Chroma (the only chromadb / llama_index importer), the embedder and the BM25 cache."""
