"""The leaf layer: the error tree, settings, data models and the cancel token. Imports nothing of briefing."""
