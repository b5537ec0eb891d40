"""The answer named in the sentence before, when the answering sentence points back to it.

Why: news names a place or a person once and then refers back. "Initial reports indicated that
over 40 civilians were killed … when Russian jets fired vacuum missiles on a popular market in the
town." answers "… in which Aleppo town?" only with the sentence before it ("… Massacre by Russian
Air Force in Town of Atareb"). The first passes every check but holds no town's name, the second
names the town but says nothing of the market. Quoted together, cited together, they answer.

Only when the answering sentence has a word that points back to an answer of the asked type — "the
town" (the question's class noun, or a kind of place) for *where*/*which town*, "he"/"she" for
*who* — and the sentence before (or the article's first, its dateline and lead) names one the
question does not hold: a sentence that merely lacks the answer still abstains.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefing.qa.answer_spans import Span, answer_span, entities
from briefing.qa.vocabulary import PLACE_NOUNS

if TYPE_CHECKING:
    from briefing.core.models import Article, Sentence
    from briefing.qa.focus import Focus

_PERSON_BACK = re.compile(r"^(?:He|She)\b|,\s+(?:he|she)\s+(?:said|told|added)\b")


def named_before(focus: Focus, article: Article, n: int) -> tuple[Sentence, Span] | None:
    """The earlier sentence of ``article`` that names the answer sentence ``n`` points back to, and
    where in it the answer is; ``None`` when sentence ``n`` does not point back or none names one."""
    text = article.sentences[n].text
    person = focus.answer_type == "agent" and bool(_PERSON_BACK.search(text))
    if not person and not (focus.answer_type == "place" and _points_to_a_place(focus, text)):
        return None
    for m in dict.fromkeys(i for i in (n - 1, 0) if 0 <= i < n):
        before = article.sentences[m]
        span = answer_span(focus, before.text)
        if span is not None and (not person or _a_person(before.text, span)):
            return before, span
    return None


def _points_to_a_place(focus: Focus, text: str) -> bool:
    """ "in the town", "the village": the class noun asked for, or a kind of place, after "the"."""
    kinds = {focus.kind} if focus.kind else set(PLACE_NOUNS)
    return any(re.search(rf"\bthe {re.escape(kind)}\b(?!\s+of\b)", text, re.I) for kind in kinds)


def _a_person(text: str, span: Span) -> bool:
    return any(label == "PERSON" and start <= span[0] < end for start, end, label in entities(text))
