"""Where spaCy's small English model misparses a question, and what the question means there.

Why: in "What does an Ariane 5 launch cost?" or "How many people did the suicide bomber kill at
a bakery?" the small pipeline makes "does"/"did" the root and "cost" or "kill" its object (a
noun), so the question seemed to ask no relation and no money, and any sentence answered it.
After "did" come the subject and then the verb in its base form: the verb is the first word tagged
as one, else the last word of the run of nouns after "did" when the lemmatizer's index knows that
word as a verb ("GM post", "China Eastern order"). Likewise "How many A320s": the model name is
tagged as punctuation, and the question seemed to count nothing in particular.
"""

from __future__ import annotations

from typing import Any

_DO_FORMS = frozenset({"did", "does", "do"})
_SUBJECT_TAGS = frozenset({"DT", "PRP$", "POS", "NNP", "NNPS", "NN", "NNS", "JJ", "CD", "HYPH"})


def do_support_verb(doc: Any, verbs: frozenset[str]) -> Any | None:
    """The token that is the question's real main verb when it is one of ``verbs`` (the relations
    whose presence decides an answer's type: money, casualties), else ``None``.

    Only those: other verbs recovered this way ("What did the commission record", "use",
    "document") made the relation check refuse answers that reword them (measured on the dev sets).
    """
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.lower_ not in _DO_FORMS or root.pos_ not in {"VERB", "AUX"}:
        return None
    run: list[Any] = []
    for token in doc[root.i + 1 :]:
        if token.tag_ in {"VB", "VBP"} and run:
            return token if token.lemma_.lower() in verbs else None
        if token.tag_ not in _SUBJECT_TAGS:
            break
        run.append(token)
    if len(run) < 2 or run[-1].tag_ not in {"NN", "VB"}:
        return None
    from briefing.text.nlp import base_verbs

    last = run[-1].lower_
    return run[-1] if last in verbs and last in base_verbs() else None


def model_name(doc: Any, start: int) -> str | None:
    """ "How many A320s did China Eastern order": a model name with digits after "how many", which
    spaCy tags as punctuation or a number rather than the counted noun; the counted thing, singular."""
    token = doc[start] if start < len(doc) else None
    text = token.lower_ if token is not None else ""
    if any(c.isdigit() for c in text) and any(c.isalpha() for c in text):
        return text[:-1] if text.endswith("s") else text
    return None
