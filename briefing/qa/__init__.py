"""Question answering: hybrid retrieval, the extractive engine, engine choice and LLM fallback."""
