"""Does this sentence answer the question? The checks between retrieval and composition.

Why: the extractive engine used to answer whenever a sentence shared enough weighted words with
the question, so "Who will be the CFO of Sears Holdings?" got Boeing's CFO Michael Sears, and
"What is the population of Narathiwat province?" got a sentence about origami cranes. A candidate
now passes only when, in this order:

1. every focus unit of the question (:mod:`briefing.qa.focus`) is in the sentence, its
   neighbours, the article's title or lead — as a unit, matched softly (:mod:`briefing.qa.matching`);
2. the asked relation (the question's verb, whatever the question type: a name and key nouns do
   not stand for "designed" or "succeeded") is in that context, by form, stem, irregular form, a
   news rewording (:mod:`briefing.qa.vocabulary`) or word embedding — or a verb of one of its
   clauses is in the sentence ("damaged when the crew *pushed* the jet");
3. the asked measure ("population", "passengers", "salary") is in the sentence itself;
4. enough of the question's other key nouns are in that context;
5. the sentence holds an answer of the expected type that the question does not already hold
   (:mod:`briefing.qa.answer_spans`): a person or organisation for *who* (next to the asked role),
   a date for *when*, a place for *where*, a figure counting the asked noun (with a currency for
   money, a unit for *how tall/old/far*) for *how many/much*.

The span of that answer is kept: it is what the CLI and the TUI highlight. When no candidate
passes, the engine abstains and offers the closest sentences as related, and the LLM engine is
not asked to write anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from briefing.qa.answer_spans import Span, answer_span, entities, states_money
from briefing.qa.focus import Focus, Unit
from briefing.qa.matching import Context, WordSimilarity
from briefing.qa.neighbours import named_before
from briefing.qa.premises import absent_figure, figures_in, other_figure, other_period, other_year
from briefing.qa.roles import described_doer, figure_of_other, reversed_role, supported_by
from briefing.qa.verb_forms import says
from briefing.qa.vocabulary import (
    CASUALTY_VERBS,
    CURRENCY_SIGNS,
    HOW_ADJECTIVES,
    MEASURE_ALIASES,
    MONEY_NOUNS,
    PERSON_ROLES,
    RELATION_ALIASES,
    SUPPORT_VERBS,
    TRANSACTION_WORDS,
)
from briefing.text.terms import words

if TYPE_CHECKING:
    from briefing.core.models import Article, Sentence
    from briefing.core.settings import AnswerSettings
    from briefing.qa.extractive import Candidate

_NEAR = 4  # words between a figure or a name and the measure it belongs to
_MEASURE_MARGIN = 0.25
_RELATION_MARGIN = 0.1
# A country or city named where the question named another is compared; organisations are not
# ("ISIL" stands for "Islamic State").
_PLACES = frozenset({"GPE", "LOC"})


@dataclass(frozen=True)
class Verdict:
    """Whether a candidate answers, why not, and where in it the answer is."""

    ok: bool
    reason: str = ""
    span: Span | None = None
    before: Sentence | None = None  # the earlier sentence ``span`` is in, when the answer points back


@lru_cache(maxsize=1024)
def context_of(text: str) -> Context:
    """The indexed words of a sentence, window or article, kept across questions.

    Why: tokenising the candidates' articles and windows was a fifth of a warm ask, and the next
    question (the TUI, eval, a follow-up) looks at many of the same texts. A ``Context`` only
    memoises what its text determines, so sharing one is safe.
    """
    return Context(text)


class Judge:
    """Checks candidates of one question against its focus (see the module docstring)."""

    def __init__(
        self,
        focus: Focus,
        articles: dict[str, Article],
        similarity: WordSimilarity,
        settings: AnswerSettings,
    ) -> None:
        self.focus, self.articles, self.similarity, self.settings = focus, articles, similarity, settings
        self._windows: dict[tuple[str, int], Context] = {}
        self._articles: dict[str, Context] = {}
        self._article_figures: dict[str, frozenset[float]] = {}

    def __call__(self, cand: Candidate) -> Verdict:
        sentence = cand.sentence
        window = self._window(sentence.article_id, sentence.n)
        missing = self._missing_keyword(window, sentence.text, sentence.article_id)
        missing = missing or self._missing_units(window, sentence.article_id)
        if missing:
            return Verdict(False, f"{missing!r} is not there")
        relation = self.focus.relation
        if not self._same_years(sentence.article_id, window):
            return Verdict(False, f"not about {', '.join(self.focus.years)}")
        dated = other_year(self.focus.years, sentence.text)
        if dated:
            return Verdict(False, dated)
        stated = absent_figure(self.focus.question, self._figures(sentence.article_id))
        if stated:
            return Verdict(False, f"the article nowhere says {stated}")
        contradicted = other_figure(self.focus.question, sentence.text) or other_period(
            self.focus.question, sentence.text, window.text
        )
        if contradicted:
            return Verdict(False, contradicted)
        swapped = self._swapped_unit(window, sentence.text)
        if swapped:
            return Verdict(False, swapped)
        here = context_of(sentence.text)
        for unit in self.focus.near_measure:
            if not self._next_to_measure(unit, here):
                return Verdict(False, f"no {unit.text!r} {self.focus.measure} in the sentence")
        if relation and not self._has_relation(relation, window, here):
            return Verdict(False, f"nothing says {relation!r}")
        other = self._other_casualty(relation, here)
        if other:
            return Verdict(False, f"it counts the {other}, not what {relation!r} asks")
        swapped = self._swapped_roles(relation, here)
        if swapped:
            return Verdict(False, swapped)
        measure = self.focus.measure
        if measure and measure not in HOW_ADJECTIVES and not self._has_measure(measure, here):
            return Verdict(False, f"no {measure!r} in the sentence")
        off_topic = self._off_topic(sentence.article_id, here)
        if off_topic:
            return Verdict(False, off_topic)
        share = self._noun_share(window, here)
        if share < self.settings.min_focus_share:
            return Verdict(False, f"only {share:.0%} of the question's key nouns")
        if self.focus.answer_type is None:
            return Verdict(True)
        span = answer_span(self.focus, sentence.text) or self._described_doer(sentence.text)
        if span is None:
            return self._named_before(sentence)
        elsewhere = figure_of_other(self.focus.holders, sentence.text, span) if self.focus.holders else ""
        if elsewhere:
            return Verdict(False, elsewhere)
        if not self._fills_the_role(sentence.text, span, here):
            return Verdict(False, f"nobody named as the {self.focus.kind}")
        return Verdict(True, span=span)

    def _named_before(self, sentence: Sentence) -> Verdict:
        """The answer in the sentence before, when this one points back to it ("in the town")."""
        found = named_before(self.focus, self.articles[sentence.article_id], sentence.n)
        if found is None or not self._fills_the_role(found[0].text, found[1], context_of(found[0].text)):
            return Verdict(False, f"no {self.focus.answer_type} that the question does not hold")
        return Verdict(True, span=found[1], before=found[0])

    def _fills_the_role(self, text: str, span: Span, sentence: Context) -> bool:
        """For "which KIND" where KIND is a person's role ("which EU diplomatic chief"): an answer
        that names an institution by description ("The White House also blamed the attack") does
        the same thing but fills no such role, unless the sentence names the role. Only "the …"
        answers are held to it: spaCy's small model tags many people's names as organisations
        ("Kostov's resignation"), so the entity label cannot tell."""
        kind = self.focus.kind
        if self.focus.answer_type != "agent" or kind not in PERSON_ROLES:
            return True
        if not text[span[0] : span[1]].lower().startswith("the "):
            return True
        return self._has_measure(kind, sentence)

    def _missing_keyword(self, window: Context, sentence: str, article_id: str) -> str:
        """A keyword query's first term not there: each in the window (a measure also by a word
        news writes it with, "toll" as "killed"; a money noun by a currency figure in the
        sentence), a describing clause's anywhere in the article."""
        for term in self.focus.keywords:
            word = term.tokens[0] if len(term.tokens) == 1 else ""
            if window.has_unit(term) or any(window.has_word(a) for a in MEASURE_ALIASES.get(word, ())):
                continue
            if word in MONEY_NOUNS and states_money(sentence):
                continue
            if not (term in self.focus.keyword_asides and self._article(article_id).has_unit(term)):
                return term.text
        return ""

    def _noun_share(self, window: Context, sentence: Context) -> float:
        """The share of the question's other key nouns and phrases in the window (one more found
        than asked for is counted). A noun missing by form may be reworded in the sentence itself,
        by a word as close in meaning as a relation needs ("alliance": "coalition"); only looked
        for when the exact share falls short."""
        nouns, phrases = self.focus.nouns, self.focus.phrases
        if not nouns and not phrases:
            return 1.0
        missing = [n for n in nouns if not window.has_word(n)]
        found = len(nouns) - len(missing) + sum(window.has_unit(p) for p in phrases)
        total = len(nouns) + len(phrases) + 1
        if (found + 1) / total < self.settings.min_focus_share:
            found += sum(self._similar(n, sentence, _RELATION_MARGIN) for n in missing)
        return (found + 1) / total

    def _off_topic(self, article_id: str, sentence: Context) -> str:
        """A question held to its topic by key nouns alone ("injured in the election") whose
        article never writes one of their words, not even inside a compound ("strike" in
        "airstrikes"), and whose sentence holds no word as close in meaning as a relation needs:
        the share rule's free noun would otherwise let a sentence about any other event answer."""
        if self.focus.units or self.focus.keywords:
            return ""
        article = self._article(article_id)
        asked = [*self.focus.nouns, *(w for p in self.focus.phrases for w in p.tokens)]
        for word in asked:
            if article.has_word(word) or (len(word) > 4 and any(word in w for w in article.vocab)):
                return ""
        terms = [*self.focus.nouns, *(p.text for p in self.focus.phrases)]
        if not terms or any(self._similar(t, sentence, _RELATION_MARGIN) for t in terms):
            return ""
        return f"the article never mentions {' or '.join(map(repr, terms))}"

    def _swapped_unit(self, window: Context, sentence: str) -> str:
        """A name of the question missing near the sentence, while the sentence names another of
        its kind in its place: "How much aid will Japan give India?" against "assistance to China
        will total $8.9bn, making Japan second in aid" is about China, not India."""
        missing = [u for u in self.focus.units if u.label in _PLACES and not window.has_unit(u)]
        if not missing:
            return ""
        for start, end, label in entities(sentence):
            other = sentence[start:end]
            if label in _PLACES and not _spelled_alike(words(other), self.focus.question_words):
                return f"it is about {other}, not {missing[0].text}"
        return ""

    def _described_doer(self, text: str) -> Span | None:
        """For *who*: the doer of the asked relation named by a description ("the opposition party")."""
        relation = self.focus.relation
        if self.focus.answer_type != "agent" or not relation or self.focus.measure:
            return None
        names = (relation, *RELATION_ALIASES.get(relation, ()))
        return described_doer(text, names, self.focus.question_words)

    def _other_casualty(self, relation: str | None, sentence: Context) -> str:
        """For *how many were wounded*: a sentence that says "killed 17" and not "wounded" counts
        another group, whatever its neighbours say (the window is enough for other questions)."""
        if self.focus.answer_type != "number" or relation not in CASUALTY_VERBS or says(relation, sentence):
            return ""
        family = {relation, *RELATION_ALIASES.get(relation, ())}
        for verb in sorted(CASUALTY_VERBS - family):
            if relation not in RELATION_ALIASES.get(verb, ()) and says(verb, sentence):
                return verb
        return ""

    def _swapped_roles(self, relation: str | None, sentence: Context) -> str:
        """The question's names in the opposite roles of the asked relation (parsed only when the
        question gives a name a role and the sentence holds the relation's verb)."""
        if not relation or not self.focus.roles or not says(relation, sentence):
            return ""
        return reversed_role(self.focus.roles, sentence.text, (relation, *RELATION_ALIASES.get(relation, ())))

    def _same_years(self, article_id: str, window: Context) -> bool:
        """A year the question names ("in 2019") must be the article's year (or the one before for
        an article of January or February), or be written in the window: a dated article that
        mentions the year elsewhere ("down 30% from 1997") is about another year here. An undated
        article may write it anywhere."""
        if not self.focus.years:
            return True
        published = self.articles[article_id].published
        around = {str(published.year)} if published else set()
        if published and published.month <= 2:
            around.add(str(published.year - 1))
        elsewhere = self._article(article_id).vocab if published is None else set()
        return all(y in around or y in window.vocab or y in elsewhere for y in self.focus.years)

    def _missing_units(self, window: Context, article_id: str) -> str:
        """The first focus unit not found, when too few are: at least half of the units must be in
        the window (a merely descriptive one that is not there does not count), and of n units at
        most (n - 1) // 2 may be absent from the whole article."""
        units = self.focus.units
        near, counted, absent, first_missing = 0, len(units), 0, ""
        for unit in units:
            if window.has_unit(unit):
                near += 1
                continue
            in_article = self._article(article_id).has_unit(unit)
            if unit in self.focus.descriptive and in_article:
                counted -= 1
            else:
                first_missing = first_missing or unit.text
            absent += not in_article
        ok = 2 * near >= counted and absent <= (len(units) - 1) // 2
        return "" if ok else first_missing

    def _figures(self, article_id: str) -> frozenset[float]:
        if article_id not in self._article_figures:
            article = self.articles[article_id]
            self._article_figures[article_id] = figures_in(f"{article.title}\n{article.text}")
        return self._article_figures[article_id]

    def _article(self, article_id: str) -> Context:
        if article_id not in self._articles:
            article = self.articles[article_id]
            self._articles[article_id] = context_of(f"{article.title}\n{article.text}")
        return self._articles[article_id]

    def _similar(self, term: str, sentence: Context, margin: float = 0.0) -> bool:
        """A word of the sentence close enough in meaning (embedding) to stand for ``term``."""
        pool = [w for w in words(sentence.text) if w.isalpha() and len(w) > 2]
        return self.similarity.best(term, pool) >= self.settings.term_similarity + margin

    def _measure_spots(self, sentence: Context) -> list[int]:
        measure = self.focus.measure or ""
        names = (measure, *MEASURE_ALIASES.get(measure, ()))
        return sorted({i for n in names for i in sentence.positions(n)})

    def _next_to_measure(self, unit: Unit, sentence: Context) -> bool:
        """The unit within a few words of the measure: "7,400 Turkish soldiers", "Governor of Hatay"."""
        if not sentence.has_unit(unit):
            return False
        spots = self._measure_spots(sentence)
        where = sentence.unit_positions(unit)
        return not spots or any(abs(a - b) <= _NEAR for a in spots for b in where)

    def _has_relation(self, relation: str, window: Context, sentence: Context) -> bool:
        """The asked relation in the window (form, stem, irregular form), by meaning in the
        sentence, or a verb of one of its clauses in the sentence itself. For *who* it must be in
        the sentence: the name found there must be the one that did it ("Boeing's new *design*"
        in the next sentence does not make the unveiling sentence's names its designers)."""
        scope = sentence if self.focus.answer_type == "agent" else window
        noun = self.focus.relation_object or ""  # "delivered an apology": "offered an apology"
        light = relation in SUPPORT_VERBS  # "built the train" is not "sent the train"
        if (
            light
            and noun
            and not (sentence.has_word(noun) or self._similar(noun, sentence, _RELATION_MARGIN))
        ):
            return False  # "carried out the chemical attack" is not "carried out rare strikes"
        if says(relation, scope) or self._similar(relation, sentence, _RELATION_MARGIN):
            return True
        if noun and light and sentence.has_word(noun) and supported_by(sentence.text, noun):
            return True
        priced = self.focus.money and relation in TRANSACTION_WORDS  # "the deal is to cost $11.5bn"
        if priced and any(says(word, sentence) for word in TRANSACTION_WORDS):
            return True
        return any(says(verb, sentence) for verb in self.focus.clauses)

    def _has_measure(self, measure: str, sentence: Context) -> bool:
        """The measure by form or stem, or a much closer word than a relation needs: "president" is
        near "governor" in embedding space but does not answer "who is the governor"."""
        names = (measure, *MEASURE_ALIASES.get(measure, ()))
        if any(sentence.has_word(n) for n in names):
            return True
        sign = CURRENCY_SIGNS.get(measure)
        if sign and re.search(re.escape(sign) + r"\s?\d", sentence.text):
            return True  # "How many Australian dollars": "AU$ 52.5 million"
        return self._similar(measure, sentence, _MEASURE_MARGIN)

    def _window(self, article_id: str, n: int) -> Context:
        key = (article_id, n)
        if key not in self._windows:
            article = self.articles[article_id]
            near = article.sentences[max(0, n - 1) : n + 2]
            lead = " ".join(s.text for s in article.sentences[: min(2, max(0, n - 1))])  # dateline + lead
            self._windows[key] = context_of(" \n ".join([article.title, lead, *(s.text for s in near)]))
        return self._windows[key]


def _spelled_alike(name: list[str], asked: frozenset[str]) -> bool:
    """A word of ``name`` that is a word of the question or another spelling of one ("Raqa" and
    "Raqqa", "Idleb" and "Idlib": transliterations vary between outlets)."""
    return any(
        w in asked or SequenceMatcher(None, w, a).ratio() >= _SPELLING_RATIO
        for w in name
        for a in asked
        if w[:1] == a[:1]
    )


_SPELLING_RATIO = 0.8  # "Raqa"/"Raqqa" 0.89, "Idleb"/"Idlib" 0.8; "Iraq"/"Iran" 0.75
