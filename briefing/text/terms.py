"""Words and terms: the lexical tokens of BM25 and of support checks.

Lower-cased, stop-word-free words (numbers kept whole), and their Snowball stems. Kept apart from
sentence splitting: every ask tokenises a few hundred candidate sentences, so this stays one loop.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|\d[\d.,]*\d|\w[\w'’-]*\w|\w")
"""Abbreviations (U.S.), numbers with separators (2,700; 3.5), words with inner ' or -, single characters."""
_DIGIT = re.compile(r"\d")

_STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "said",
        "says",
        "also",
        "according",
        "many",
        "much",
    ]
)
STOPWORDS = _STOPWORDS  # function words: never a key term, never a spelling variant of one


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lower-cased content words (stop words removed), numbers kept whole.

    'Turkey's' -> 'turkey', '2,700' -> '2700', 'U.S.' -> 'us'. One loop without helper calls:
    every ask tokenises a few hundred candidate sentences.
    """
    found = []
    for match in _WORD.findall(text):
        word = match.lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        word = word.replace(",", "").rstrip(".") if _DIGIT.search(word) else word.replace(".", "").strip("'-")
        if word and word not in _STOPWORDS:
            found.append(word)
    return found


def terms(text: str) -> list[str]:
    """Stemmed content words: the vocabulary of BM25 and of support checks."""
    if len(text) > _CACHED_CHARS:  # chunks and whole articles: read once per ingest, not kept
        return _stemmer().stemWords(words(text))  # type: ignore[no-any-return]
    return list(_sentence_terms(text))


_CACHED_CHARS = 600


@lru_cache(maxsize=8192)
def _sentence_terms(text: str) -> tuple[str, ...]:
    """Why cached: every ask re-reads the terms of its head articles' sentences (passage and
    proximity ranking, candidate support), and the next question mostly reads the same ones."""
    return tuple(_stemmer().stemWords(words(text)))
