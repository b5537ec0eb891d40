"""Whether a text says a verb: by form, stem, alias or irregular form.

Why a module of its own: the answerability checks (:mod:`briefing.qa.answerability`) ask it of
every relation, clause verb and casualty verb, and its one subtlety — another verb's irregular form
spelt like this one ("found" of *find* is not *found*) — is easier to read alone.
"""

from __future__ import annotations

from briefing.qa.matching import Context
from briefing.qa.vocabulary import RELATION_ALIASES


def irregular_verbs() -> dict[str, tuple[str, ...]]:
    """Irregular verb forms and their lemmas, from the English pipeline's own lemmatizer tables."""
    from briefing.text.nlp import verb_lemmas

    return verb_lemmas()


def says(verb: str, context: Context) -> bool:
    """``verb`` or an alias by form or stem, or an irregular form of it ("rose" is "rise"); not
    another verb's irregular form that happens to be spelt alike ("found" of *find* is not *found*)."""
    irregular = irregular_verbs()
    names = (verb, *RELATION_ALIASES.get(verb, ()))
    for name in names:
        hits = {context.words[i] for i in context.positions(name)}
        if any(not (w in irregular and name not in irregular[w] and w == name) for w in hits):
            return True
    return any(name in irregular.get(w, ()) for w in context.vocab for name in names)
