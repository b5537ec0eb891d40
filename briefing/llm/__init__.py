"""The LLM engine: the OpenAI-compatible client (the only openai importer), prompts, citation checks."""
