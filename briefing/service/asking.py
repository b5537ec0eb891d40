"""One question answered for the facade: what is said before retrieval (nothing to look for), the
time window the question names, the engine, and what is added after (undated articles left out,
dated figures newest first).

Why a module of its own: the facade (:mod:`briefing.service.facade`) stays a list of what briefing
can do; the order of an ask's steps, and the early answers that explain an empty window instead of
"The indexed sources do not answer this.", live here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from briefing.core.cancel import NEVER, CancelToken
from briefing.core.models import Answer, Filters
from briefing.qa.retrieval import Found, Stores

if TYPE_CHECKING:
    from briefing.qa.answering import Engine


def as_of_bound(filters: Filters) -> Filters:
    """``as_of`` hides what was published after it: it tightens ``until``."""
    if filters.as_of is None or (filters.until is not None and filters.until <= filters.as_of):
        return filters
    return filters.model_copy(update={"until": filters.as_of})


def answer_question(
    stores: Stores,
    question: str,
    k: int,
    filters: Filters,
    engine: Engine,
    strict: bool,
    on_text: Callable[[str], None] | None,
    cancel: CancelToken | None,
) -> Answer:
    """The answer, or the one-line notice that says why there is nothing to answer from."""
    from briefing.qa import answering
    from briefing.qa.retrieval import retrieve
    from briefing.qa.timewords import outside_window, window_articles
    from briefing.service.empty_filter import nothing_matches, nothing_to_look_for, undated_left_out
    from briefing.text.nlp import parsed_ahead

    token = cancel or NEVER
    if (no_words := nothing_to_look_for(question)) is not None:
        return no_words
    token.check()
    filters = as_of_bound(filters)
    with parsed_ahead(question if stores.settings.answer.answerability else None):  # during retrieval
        found = retrieve(stores, question, k, filters)
        if not found.retrieved and (filters.since or filters.until or filters.source):
            known = (name for info in stores.index.iter_article_infos() for name in info.sources)
            return nothing_matches(question, filters, known)
        as_of = filters.as_of or dt.date.today()
        if (elsewhen := outside_window(question, as_of, found.published())) is not None:
            return _related_from_other_days(elsewhen, found)
        if (inside := window_articles(question, as_of, found.articles)) is not None:
            found = found.only_from(inside)
        token.check()
        result = answering.answer(
            stores, question, found, engine, strict=strict, on_text=on_text, cancel=cancel
        )
    if result.abstained and not result.notice and (filters.since or filters.until):
        result = undated_left_out(result, stores.index.iter_article_infos())
    if result.engine == "extractive" and not result.abstained:
        from briefing.qa.timewords import date_figures, time_intent

        intent = time_intent(question, as_of)
        date_figures(result.answer, result.sources, newest_first=bool(intent and intent.newest_first))
    return result


def _related_from_other_days(abstained: Answer, found: Found) -> Answer:
    """The window's abstention with what retrieval found outside it: the articles ranked for the
    question and its closest sentences as related (never as an answer), each with its date.

    Why: an index whose newest story is a year old answered every "this week" question with an
    empty list, so the reader (and a script ranking articles) saw nothing of the stories it holds.
    """
    related = list(dict.fromkeys(c.sentence.id for c in found.candidates))[:_RELATED]
    sources = {sid: found.source_sentence(sid) for sid in related}
    return abstained.model_copy(update={"retrieved": found.retrieved, "related": related, "sources": sources})


_RELATED = 3
