"""Turn what retrieval found into an answer: the extractive engine, or an LLM checked sentence by
sentence against what it cites, falling back to the extractive engine when the LLM fails.

Engines: ``extractive`` quotes verbatim sentences and needs nothing but the index; ``llm`` writes
fluent prose through :mod:`briefing.llm.client` and is trusted only as far as :mod:`briefing.llm.citations`
can verify it. ``auto`` (the default) takes the LLM when one is configured. An LLM failure
(timeouts, 429 and 5xx after the client's retries, a broken stream, a malformed reply) is never
an error for the reader: the extractive answer is shown with a one-line notice saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from briefing.core.errors import ConfigError, LLMError
from briefing.core.models import Answer, AnswerPart
from briefing.llm import citations, prompts
from briefing.llm import client as llm
from briefing.qa import answerability, extractive

if TYPE_CHECKING:
    from briefing.core.settings import LLMSettings
    from briefing.qa.extractive import Candidate
    from briefing.qa.retrieval import Found, Stores

Engine = Literal["extractive", "llm"]
OnText = Callable[[str], None]


def choose_engine(settings: LLMSettings, requested: str | None = None) -> Engine:
    """The engine to use: the requested one, else the setting; ``auto`` means the LLM if configured."""
    wanted = requested or settings.engine
    if wanted == "extractive":
        return "extractive"
    if llm.configured(settings):
        return "llm"
    if wanted == "llm":
        raise ConfigError(
            "--engine llm needs a model and an endpoint",
            "set BRIEFING_MODEL (or --model) and OPENAI_BASE_URL (or --base-url) or OPENAI_API_KEY",
        )
    return "extractive"


def answer(
    stores: Stores,
    question: str,
    found: Found,
    engine: Engine,
    strict: bool = False,
    on_text: OnText | None = None,
) -> Answer:
    """The answer to ``question`` from ``found`` with the chosen engine."""
    scored = extractive.score_candidates(
        question,
        found.candidates,
        found.idf,
        stores.embedder.embed,
        rerank=stores.settings.answer.rerank,
        question_vector=found.question_vector,
    )
    judged = answerability.judge_candidates(
        question, scored, found.articles, stores.embedder.embed, stores.settings.answer
    )
    if engine == "extractive":
        return extractive_answer(stores, question, found, judged.ranked, judged.verdicts)
    llm_answer = _LLMAnswer(stores, question, found, scored, strict, on_text)
    llm_answer.judged = judged.verdicts
    return llm_answer.run()


def extractive_answer(
    stores: Stores,
    question: str,
    found: Found,
    scored: list[Candidate],
    judged: dict[str, answerability.Verdict] | None = None,
) -> Answer:
    """Verbatim, cited sentences, or an abstention with the closest sentences as related."""
    composition = extractive.compose(scored, stores.settings.answer, judged)
    cited = [sid for part in composition.parts for sid in part.citations] + composition.related
    return Answer(
        question=question,
        answer=composition.parts,
        sources={sid: found.source_sentence(sid) for sid in dict.fromkeys(cited)},
        abstained=composition.abstained,
        related=composition.related,
        retrieved=found.retrieved,
    )


def check_claims(
    claims: list[citations.Claim], prompt: prompts.Prompt, embed: citations.Embed, cfg: LLMSettings
) -> list[AnswerPart]:
    """Every claim against the sentences it cites; unknown ids removed and their claim flagged."""
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
            reasons.append(f"cited {', '.join(claim.unknown)}, which is not among the sources (removed)")
        if verdict.reason and (claim.citations or not claim.unknown):
            reasons.append(verdict.reason)
        supported = verdict.supported and not claim.unknown
        reason = "; ".join(reasons) if not supported else ""
        part = AnswerPart(text=claim.text, citations=claim.citations, supported=supported, reason=reason)
        parts.append(part)
    return parts


class _LLMAnswer:
    """One LLM answer: prompt, stream (markers held back until complete), parse, check, decide."""

    def __init__(
        self,
        stores: Stores,
        question: str,
        found: Found,
        scored: list[Candidate],
        strict: bool,
        on_text: OnText | None,
    ) -> None:
        self.stores, self.question, self.found, self.scored = stores, question, found, scored
        self.cfg = stores.settings.llm
        self.strict, self.on_text = strict, on_text
        self.shown = False
        self.judged: dict[str, answerability.Verdict] | None = None

    def run(self) -> Answer:
        if not self.scored:  # retrieval found nothing: nothing to ask the model about
            return self._abstain([])
        if self._nothing_answers():
            return self._abstain([c.sentence.id for c in self.scored[:3]])
        passages = prompts.select(
            [c.sentence for c in self.scored],
            self.found.articles,
            self.cfg.context_sentences,
            self.cfg.context_window,
        )
        prompt = prompts.answer_prompt(self.question, passages, self.cfg.max_sentences)
        stream = citations.StreamFilter(prompt.aliases)
        try:
            reply = llm.complete(self.cfg, prompt.messages, self._forward(stream) if self.on_text else None)
        except LLMError as exc:
            return self._fallback(exc.message)
        self._show(stream.close())
        if citations.is_no_answer(reply.text):
            return self._abstain([c.sentence.id for c in self.scored[:3]])
        claims = citations.parse(reply.text, prompt.aliases)
        if not claims:
            return self._fallback("the LLM reply held no sentences")
        parts = check_claims(claims, prompt, self.stores.embedder.embed, self.cfg)
        notices = []
        if reply.finish_reason == "length":
            notices.append(f"the LLM's answer was cut off at llm.max_tokens={self.cfg.max_tokens}")
        if self.strict:
            kept = [p for p in parts if p.supported]
            if len(kept) < len(parts):
                notices.append(f"{len(parts) - len(kept)} unsupported sentence(s) dropped (--strict)")
            if not kept:
                dropped = list(dict.fromkeys(sid for p in parts for sid in p.citations))
                return self._abstain(dropped or [c.sentence.id for c in self.scored[:3]], "; ".join(notices))
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

    def _nothing_answers(self) -> bool:
        """No candidate passed the answerability checks: the model is not asked to write an answer."""
        return self.judged is not None and not any(v.ok for v in self.judged.values())

    def _forward(self, stream: citations.StreamFilter) -> OnText:
        def forward(delta: str) -> None:
            self._show(stream.feed(delta))

        return forward

    def _show(self, text: str) -> None:
        if text and self.on_text is not None:
            self.shown = True
            self.on_text(text)

    def _abstain(self, related: list[str], notice: str = "") -> Answer:
        return Answer(
            question=self.question,
            sources={sid: self.found.source_sentence(sid) for sid in related},
            abstained=True,
            related=related,
            retrieved=self.found.retrieved,
            engine="llm",
            notice=notice,
        )

    def _fallback(self, reason: str) -> Answer:
        result = extractive_answer(self.stores, self.question, self.found, self.scored, self.judged)
        shown = "; the partial answer above is discarded" if self.shown else ""
        result.notice = llm.scrub(f"{reason}{shown} — answered with the extractive engine instead")
        return result
