"""The answer when nothing can be searched: say why, not "the sources do not answer".

"The indexed sources do not answer this." after ``--source Nope`` blames the articles for a typo
in the filter; the reader needs to know that nothing was searched, and what the filter could be.
An abstention under a date window, when undated articles exist, names them: an article without
a date is in no window, so it was not searched, and may well answer without the window.
A question of only question and stop words ("what?", "...") matched any sentence at all (the
answer to "the" was a sentence about HTS): it names nothing to look for, and is told so.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefing.core.models import Answer, ArticleInfo, Filters
from briefing.store.records import source_key
from briefing.text.terms import words

_LISTED = 8  # source names shown before "and N more"


def _source_list(sources: Iterable[str]) -> str:
    names = sorted({" ".join(s.split()) for s in sources if s.strip()}, key=str.lower)
    if not names:
        return "no indexed article names a source"
    shown = ", ".join(repr(n) for n in names[:_LISTED])
    more = f" and {len(names) - _LISTED} more" if len(names) > _LISTED else ""
    return f"the index's sources are {shown}{more} (briefing sources lists them)"


def nothing_to_look_for(question: str) -> Answer | None:
    """An abstention for a question without a content word, else None (search it)."""
    if words(question):
        return None
    return Answer(
        question=question,
        abstained=True,
        notice="the question names nothing to look for (only question and stop words): "
        'ask about someone or something, e.g. "Who denied the strike?"',
    )


def nothing_matches(question: str, filters: Filters, sources: Iterable[str]) -> Answer:
    """An abstention whose notice names the filter that matched no article (an unknown
    ``--source`` first, with the sources there are; else the empty date window)."""
    sources = list(sources)
    if filters.source and source_key(filters.source) not in {source_key(s) for s in sources}:
        notice = (
            f"no indexed article is from source {filters.source!r} (--source); "
            f"{_source_list(sources)}: nothing to answer from"
        )
    else:
        source = f" from source {filters.source!r}" if filters.source else ""
        notice = (
            f"no indexed article{source} was published {_window(filters)} "
            "(--since/--until/--as-of): nothing to answer from"
        )
    return Answer(question=question, abstained=True, notice=notice)


def _window(filters: Filters) -> str:
    """The date window in words: an open end is "on or before" / "on or after", not "between the
    first article and 2024-03-01"."""
    since, until = filters.since, filters.until
    if since and until:
        return f"on {since}" if since == until else f"between {since} and {until}"
    return f"on or before {until}" if until else f"on or after {since}"


def undated_left_out(answer: Answer, infos: Iterable[ArticleInfo]) -> Answer:
    """``answer`` (an abstention under ``--since``/``--until``/``--as-of``) with a notice saying
    how many undated articles the window left unsearched, if any."""
    undated = sum(1 for info in infos if info.published is None)
    if not undated:
        return answer
    notice = (
        f"{undated} undated article{'' if undated == 1 else 's'} not searched: a "
        "--since/--until/--as-of window holds only articles with a date (ask without it to "
        "search them all)"
    )
    return answer.model_copy(update={"notice": notice})
