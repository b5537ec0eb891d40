"""Secrets never shown or stored: answers are scrubbed at the service boundary.

An OpenAI-compatible endpoint may echo the request (its ``Authorization`` header, the API key) in
its reply, and the reply becomes answer text that is printed, kept in ``<index>/history.jsonl`` and
exported. :func:`scrub_answer` blanks the key and credential-looking strings in every piece of an
answer (streamed text is scrubbed where it is read, by :class:`briefing.llm.secrets.StreamScrubber`).
"""

from __future__ import annotations

from briefing.core.models import Answer
from briefing.llm.secrets import scrub


def scrub_answer(answer: Answer) -> Answer:
    """The answer with its statements, reasons and notice scrubbed (sources are article text)."""
    parts = [p.model_copy(update={"text": scrub(p.text), "reason": scrub(p.reason)}) for p in answer.answer]
    return answer.model_copy(update={"answer": parts, "notice": scrub(answer.notice)})
