"""Key developments written by an LLM, checked sentence by sentence, for :func:`briefs.make_brief`.

Each story's material is its most central sentences (the extractive developments and a few
more), quoted under short aliases by :mod:`briefing.llm.prompts`; the model writes the developments
from them, and every sentence goes through the same support check as an LLM answer
(:func:`briefing.qa.llm_answer.write`: structured output or markers, tidied, attributed, checked,
under the total deadline ``llm.deadline`` per story). A brief has no room for flagged lines, so an
unsupported sentence is dropped and counted in ``brief.notes`` (with ``strict``, one unsupported
sentence discards the story's LLM developments). When the LLM fails (timeout, 429/5xx after the
client's retries, a malformed reply) it is not asked again for the remaining stories, and when
nothing it wrote survives, the story keeps its extractive developments; either way the brief
says so in one line of ``brief.notes``. A cancelled brief is not an LLM failure: the token is
checked before each story and between streamed pieces, and :class:`Cancelled` goes up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from briefing.brief.central import central_sentences
from briefing.core.brief_models import Brief, Cited, Story
from briefing.core.errors import LLMError
from briefing.llm import client as llm
from briefing.llm import prompts
from briefing.qa.llm_answer import write

if TYPE_CHECKING:
    from briefing.brief.stories import StoryGroup
    from briefing.core.cancel import CancelToken
    from briefing.core.models import Article
    from briefing.core.settings import Settings
    from briefing.store.embedder import Embedder


class Writer(Protocol):
    """What writing developments needs: the settings and the embedder of the support check."""

    @property
    def settings(self) -> Settings: ...

    @property
    def embedder(self) -> Embedder: ...


MORE = 3  # central sentences given to the model beyond the extractive developments


def write_developments(
    service: Writer, brief: Brief, groups: list[StoryGroup], strict: bool, cancel: CancelToken | None = None
) -> set[str]:
    """Replace each story's developments with checked LLM sentences where possible.

    ``groups`` are the story groups ``brief.stories`` were built from, in the same order. Returns
    the ids of the stories whose developments the LLM wrote (already checked against their
    citations); ``brief.engine`` names the model if there is any.
    """
    dropped: list[str] = []  # why each dropped sentence was unsupported
    empty, failure = 0, ""
    written: set[str] = set()
    for story, group in zip(brief.stories, groups, strict=False):  # groups beyond max_stories: unused
        if cancel is not None:
            cancel.check()
        try:
            kept, lost = _story(service, story, [o.main for o in group.origins], cancel)
        except LLMError as exc:  # not asked again: every story would wait out the same retries
            failure = llm.scrub(exc.message)
            break
        dropped += lost
        if strict and lost:  # one unsupported sentence: none of the story's LLM sentences is kept
            continue
        if not kept:
            empty += 1
            continue
        story.developments = kept
        written.add(story.id)
    if written:
        brief.engine = f"llm:{service.settings.llm.model}"
    if dropped:
        why = "; ".join(dict.fromkeys(dropped[:2]))
        how = " (--strict: their stories keep extractive developments)" if strict else ""
        brief.notes.append(f"{len(dropped)} LLM-written development(s) dropped as unsupported ({why}){how}.")
    if empty:
        brief.notes.append(
            f"The LLM wrote no supported key development for {_stories(empty)}: extractive ones are shown."
        )
    if failure:
        rest = len(brief.stories) - len(written)
        brief.notes.append(f"{failure} — the key developments of {_stories(rest)} are extractive instead.")
    return written


def _stories(n: int) -> str:
    return f"{n} stor{'y' if n == 1 else 'ies'}"


def _story(
    service: Writer, story: Story, mains: list[Article], cancel: CancelToken | None
) -> tuple[list[Cited], list[str]]:
    """The story's supported LLM developments (none if nothing survives) and why others were dropped."""
    n = service.settings.brief.developments
    material = central_sentences(mains, n + MORE)
    cited = list(dict.fromkeys(sid for c in material for sid in c.citations))
    sentence = {s.id: s for a in mains for s in a.sentences}
    articles = {a.id: a for a in mains}
    passages = prompts.select([sentence[sid] for sid in cited if sid in sentence], articles, len(cited), 0)
    if not passages:
        return [], []
    prompt = prompts.brief_prompt(story.headline, passages, n)
    cfg = service.settings.llm.model_copy(update={"max_sentences": n})
    parts = write(cfg, prompt, service.embedder.embed, cancel=cancel).parts
    kept = [Cited(text=p.text, citations=p.citations) for p in parts if p.supported]
    return kept[:n], [p.reason for p in parts if not p.supported]
