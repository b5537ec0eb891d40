"""Writing with an LLM and trusting it only as far as it can be checked: answers and developments.

:func:`write` is the one path from a prompt to checked sentences, shared by ``ask`` and
``brief``: ask for structured output (JSON sentences with cited ids) where the server takes it,
else text markers; always stream, under the total deadline and the size cap of the client; tidy
what came back (list numbers, repeats, at most ``max_sentences``); attribute sentences left
without a valid citation (or with one that does not support them) to the shown sentence that
does (:mod:`briefing.llm.attribution`); then check every sentence against what it cites.

:class:`LLMAnswer` turns that into an :class:`Answer`: flags, ``--strict`` (which falls back to
the extractive answer when nothing survives), and the extractive fallback with a one-line notice
on any LLM failure (timeouts, deadline, size cap, 429/5xx after retries, broken stream).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing.core.errors import LLMError
from briefing.core.models import Answer, AnswerPart
from briefing.llm import attribution, citations, prompts, structured, tidy
from briefing.llm import client as llm

if TYPE_CHECKING:
    from briefing.core.cancel import CancelToken
    from briefing.core.settings import LLMSettings
    from briefing.qa.extractive import Candidate
    from briefing.qa.retrieval import Found, Stores

OnText = Callable[[str], None]
Fallback = Callable[[str], Answer]


@dataclass
class Written:
    """What the model wrote, checked: the parts, whether it declined, and what was tidied away."""

    parts: list[AnswerPart] = field(default_factory=list)
    no_answer: bool = False
    finish_reason: str | None = None
    tidied: int = 0


class _Display:
    """Streamed text for the reader: JSON shown as prose, or text markers made ``[n]``; which one
    is decided by the reply's first character."""

    def __init__(self, aliases: dict[str, str], on_text: OnText | None) -> None:
        self.aliases, self.on_text = aliases, on_text
        self.filter: citations.StreamFilter | structured.JsonStreamFilter | None = None
        self.head = ""
        self.shown = False

    def feed(self, delta: str) -> None:
        if self.filter is None:
            self.head += delta
            if not self.head.strip():
                return
            json_reply = structured.looks_like_json(self.head)
            self.filter = (
                structured.JsonStreamFilter(self.aliases)
                if json_reply
                else citations.StreamFilter(self.aliases)
            )
            delta, self.head = self.head, ""
        self._show(self.filter.feed(delta))

    def close(self, stopped_early: bool = False) -> None:
        if stopped_early and isinstance(self.filter, citations.StreamFilter):
            self.filter.drop_open_marker()
        if self.filter is not None:
            self._show(self.filter.close())

    def _show(self, text: str) -> None:
        if text and self.on_text is not None:
            self.shown = True
            self.on_text(text)


def write(
    cfg: LLMSettings,
    prompt: prompts.Prompt,
    embed: citations.Embed,
    display: _Display | None = None,
    cancel: CancelToken | None = None,
) -> Written:
    """Ask the model, read its reply (JSON or markers), tidy, attribute and check it."""
    schema = structured.schema(list(prompt.aliases), cfg.max_sentences) if cfg.structured != "off" else None
    messages = prompts.structured(prompt, cfg.max_sentences) if schema else prompt.messages
    reply = llm.complete(
        cfg,
        messages,
        display.feed if display else None,
        cancel,
        schema=schema,
        plain_messages=prompt.messages,
        enough=lambda text: _enough(text, prompt.aliases, cfg.max_sentences),
    )
    if display:
        display.close(stopped_early=reply.finish_reason == "enough")
    claims = structured.parse(reply.text, prompt.aliases)
    if claims is None:
        if citations.is_no_answer(reply.text):
            return Written(no_answer=True, finish_reason=reply.finish_reason)
        claims = (
            _finished(reply.text, prompt.aliases)  # stopped early: the last sentence was cut mid-way
            if reply.finish_reason == "enough"
            else citations.parse(reply.text, prompt.aliases)
        )
    elif not claims:  # declined, or cut off before its first sentence ended: not the same thing
        return Written(no_answer=structured.declined(reply.text), finish_reason=reply.finish_reason)
    kept, tidied = tidy.tidy(claims, cfg.max_sentences)
    parts = check_claims(kept, prompt, embed, cfg)
    return Written(parts=parts, finish_reason=reply.finish_reason, tidied=tidied)


def _enough(text: str, aliases: dict[str, str], limit: int) -> bool:
    """A marker reply that already holds ``limit`` sentences, or loops (JSON is capped by its schema,
    but not a sentence that runs away: "1000000…")."""
    if structured.looks_like_json(text):
        return structured.runaway(text)
    return tidy.enough(_finished(text, aliases), limit)


def _finished(text: str, aliases: dict[str, str]) -> list[citations.Claim]:
    """The claims of a reply still being written, less the last one (it may be cut mid-way)."""
    return citations.parse(citations.without_open_marker(text), aliases)[:-1]


def check_claims(
    claims: list[citations.Claim], prompt: prompts.Prompt, embed: citations.Embed, cfg: LLMSettings
) -> list[AnswerPart]:
    """Every claim against the sentences it cites; unknown ids removed and their claim flagged.

    A claim that fails (no valid citation, or one that does not support it) is aligned with the
    sentences the model was shown; when the best of them passes the same check, it is cited
    instead, marked ``attributed``.
    """
    verdicts = citations.check_many(
        [(c.text, [prompt.text_of(sid) for sid in c.citations]) for c in claims],
        embed,
        cfg.min_similarity,
        cfg.min_coverage,
    )
    parts = []
    for claim, verdict in zip(claims, verdicts, strict=True):
        reasons = []
        if claim.unknown:
            markers = ", ".join(f"[{m}]" for m in claim.unknown)  # the marker as the model wrote it
            reasons.append(f"cited {markers}, a marker of no sentence it was given (removed)")
        if verdict.reason and (claim.citations or not claim.unknown):
            reasons.append(verdict.reason)
        supported = verdict.supported and not claim.unknown
        reason = "; ".join(reasons) if not supported else ""
        parts.append(
            AnswerPart(text=claim.text, citations=claim.citations, supported=supported, reason=reason)
        )
    if cfg.attribute:
        _attribute(parts, prompt, embed, cfg)
    return parts


def _attribute(
    parts: list[AnswerPart], prompt: prompts.Prompt, embed: citations.Embed, cfg: LLMSettings
) -> None:
    """Replace the citations of failed parts by the best-supporting shown sentences, if they pass."""
    failed = [n for n, part in enumerate(parts) if not part.supported]
    sources = prompts.sources_of(prompt)
    alignments = attribution.align([parts[n].text for n in failed], sources, embed)
    tries = [
        (n, a) for n, a in zip(failed, alignments, strict=True) if a and a.citations != parts[n].citations
    ]
    verdicts = citations.check_many(
        [(parts[n].text, [sources[sid] for sid in a.citations]) for n, a in tries],
        embed,
        cfg.min_similarity,
        cfg.min_coverage,
    )
    for (n, alignment), verdict in zip(tries, verdicts, strict=True):
        if verdict.supported:
            parts[n] = AnswerPart(text=parts[n].text, citations=alignment.citations, attributed=True)


class LLMAnswer:
    """One LLM answer: prompt, stream, write (see :func:`write`), decide, or fall back."""

    def __init__(
        self,
        stores: Stores,
        question: str,
        found: Found,
        scored: list[Candidate],
        strict: bool,
        on_text: OnText | None,
        fallback: Fallback,
        cancel: CancelToken | None = None,
    ) -> None:
        self.stores, self.question, self.found, self.scored = stores, question, found, scored
        self.cfg = stores.settings.llm
        self.strict, self.on_text, self.fallback, self.cancel = strict, on_text, fallback, cancel

    def run(self) -> Answer:
        if not self.scored:  # retrieval found nothing: nothing to ask the model about
            return self.abstain([])
        passages = prompts.select(
            [c.sentence for c in self.scored],
            self.found.articles,
            self.cfg.context_sentences,
            self.cfg.context_window,
        )
        prompt = prompts.answer_prompt(self.question, passages, self.cfg.max_sentences)
        display = _Display(prompt.aliases, self.on_text)
        try:
            written = write(self.cfg, prompt, self.stores.embedder.embed, display, self.cancel)
        except LLMError as exc:  # Cancelled is not one: it goes up, no fallback is computed
            return self._fallback(exc.message, display.shown)
        if written.no_answer:
            return self.abstain([c.sentence.id for c in self.scored[:3]])
        if not written.parts:
            return self._fallback(self._empty_reply(written), display.shown)
        return self._decide(written, display.shown)

    def _empty_reply(self, written: Written) -> str:
        if written.finish_reason == "length":
            cap = self.cfg.max_tokens
            return f"the LLM's answer was cut off at llm.max_tokens={cap} before its first sentence ended"
        if written.finish_reason == "enough":
            return "the LLM's first sentence ran on in a loop and was stopped"
        return "the LLM reply held no sentences"

    def _decide(self, written: Written, shown: bool) -> Answer:
        parts = written.parts
        notices = []
        if written.finish_reason == "length":
            notices.append(f"the LLM's answer was cut off at llm.max_tokens={self.cfg.max_tokens}")
        if written.tidied:
            notices.append(f"{written.tidied} repeated or empty sentence(s) of the LLM left out")
        if parts and not any(p.supported for p in parts):  # nothing to read but ✗ lines
            flag = "--strict: " if self.strict else ""
            why = f" (first: {parts[0].reason})" if parts[0].reason and not self.strict else ""
            return self._fallback(f"{flag}no sentence of the LLM was supported by what it cites{why}", shown)
        if self.strict:
            kept = [p for p in parts if p.supported]
            if len(kept) < len(parts):
                notices.append(f"{len(parts) - len(kept)} unsupported sentence(s) dropped (--strict)")
            parts = kept
        cited = list(dict.fromkeys(sid for part in parts for sid in part.citations))
        return Answer(
            question=self.question,
            answer=parts,
            sources={sid: self.found.source_sentence(sid) for sid in cited},
            retrieved=self.found.retrieved,
            engine="llm",
            notice="; ".join(notices),
        )

    def abstain(self, related: list[str], notice: str = "") -> Answer:
        return Answer(
            question=self.question,
            sources={sid: self.found.source_sentence(sid) for sid in related},
            abstained=True,
            related=related,
            retrieved=self.found.retrieved,
            engine="llm",
            notice=notice,
        )

    def _fallback(self, reason: str, shown: bool) -> Answer:
        result = self.fallback(reason)
        discarded = "; the partial answer above is discarded" if shown else ""
        result.notice = llm.scrub(f"{reason}{discarded} — answered with the extractive engine instead")
        return result
