"""Soft matching of a question's focus against a sentence and its context.

Why soft: news names one thing many ways. A focus unit must be found as a unit, but "NHS" is the
"National Health Service", "Turkish" is about "Turkey", "Idleb" is "Idlib" and "Deir Ezzor" is
"Deir az-Zour". Why units: "Sears Holdings" must not be matched by "Michael Sears". Words are
compared by exact form, Snowball stem, a demonym/prefix rule and character similarity; relations
and measures also by embedding similarity per term (:class:`WordSimilarity`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from briefing.text.terms import STOPWORDS

if TYPE_CHECKING:
    from briefing.store.word_table import WordTable


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_TOKEN = re.compile(r"[^\W_][\w'’.-]*[^\W_]|[^\W_]")
_CAPITAL_RUN = re.compile(r"\b(?:[A-Z][\w-]*(?:\s+(?:of|for|and|the)\s+|\s+)){1,6}[A-Z][\w-]*")
_DEMONYMS = {
    "french": "france",
    "british": "britain",
    "dutch": "netherlands",
    "american": "us",
    "swiss": "switzerland",
    "welsh": "wales",
    "scottish": "scotland",
    "irish": "ireland",
    "greek": "greece",
    "spanish": "spain",
    "danish": "denmark",
    "swedish": "sweden",
    "thai": "thailand",
    "filipino": "philippines",
    "kurdish": "kurd",
}
# One organisation under the names news gives it (the variant rule used to match ISIS/ISILs by luck).
_ALIASES = {"isil": "isis", "isils": "isis", "daesh": "isis", "isiss": "isis"}
# A government is named by its capital ("Moscow said", "Beijing's apology", "Tokyo's envoy"); the
# country, or its demonym through :func:`same_word`, then stands for the capital. Only for a
# capital that acts in the question (see :func:`briefing.qa.focus`), never for a place asked about.
CAPITALS = {
    "moscow": "russia",
    "kremlin": "russia",
    "beijing": "china",
    "tokyo": "japan",
    "washington": "us",
    "london": "britain",
    "paris": "france",
    "berlin": "germany",
    "rome": "italy",
    "madrid": "spain",
    "ankara": "turkey",
    "tehran": "iran",
    "damascus": "syria",
    "baghdad": "iraq",
    "riyadh": "saudi",
    "cairo": "egypt",
    "amman": "jordan",
    "beirut": "lebanon",
    "jerusalem": "israel",
    "kabul": "afghanistan",
    "islamabad": "pakistan",
    "delhi": "india",
    "seoul": "korea",
    "pyongyang": "korea",
    "kiev": "ukraine",
    "kyiv": "ukraine",
    "brussels": "belgium",
    "ottawa": "canada",
    "canberra": "australia",
    "bangkok": "thailand",
    "jakarta": "indonesia",
    "manila": "philippines",
    "taipei": "taiwan",
    "doha": "qatar",
    "brasilia": "brazil",
    "havana": "cuba",
    "caracas": "venezuela",
}
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "az", "ash", "at", "an", "ed", "es", "ez"})
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|az|ash|at|an|ed|es|ez)-")
_NAME_ENDINGS = _set("a e y ey ia ish ian ese i an n ic on istan ians ans ns") | {""}
_ORG_SUFFIXES = _set("inc inc. corp corp. corporation co co. ltd ltd. plc spa group llc ag sa")


@dataclass(frozen=True)
class Unit:
    """A name in the question, matched as a whole ("Sears Holdings" is not "Michael Sears")."""

    text: str
    label: str
    tokens: tuple[str, ...]
    stands_for: str = ""  # the country a capital stands for when it acts ("Moscow said")


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("english")


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, possessives and trailing dots stripped ("Turkey's" -> "turkey"),
    Arabic articles dropped and hyphens split ("Deir el-Zour" -> "deir", "zour"; "al-Nusra" -> "nusra")."""
    out = []
    for match in _TOKEN.findall(text):
        word = match.lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if any(c.isdigit() for c in word):
            out.append(word)
            continue
        word = word.rstrip(".").replace(".", "")
        out.extend(p for p in _ARTICLE.sub("", word).split("-") if p and p not in _ARTICLES)
    return out


def acronyms(text: str) -> set[str]:
    """Initials of capitalised runs ("National Health Service" -> "nhs"), for matching acronyms."""
    found = set()
    for run in _CAPITAL_RUN.findall(text):
        initials = "".join(w[0] for w in run.split() if w[0].isupper()).lower()
        for start in range(len(initials) - 1):
            for end in range(start + 2, len(initials) + 1):
                found.add(initials[start:end])
    return found


def same_word(a: str, b: str) -> bool:
    """Exact, same stem, demonym of each other, or a spelling variant (Idlib/Idleb, Alloush/Aloush)."""
    if a == b:
        return True
    if _DEMONYMS.get(a) == b or _DEMONYMS.get(b) == a or _ALIASES.get(a, a) == _ALIASES.get(b, b):
        return True
    if a.isdigit() or b.isdigit():
        return False
    if stem(a) == stem(b) or _singular(a) == _singular(b):
        return True
    shorter = min(len(a), len(b))
    prefix = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        prefix += 1
    if prefix >= 4 and a[prefix:] in _NAME_ENDINGS and b[prefix:] in _NAME_ENDINGS:
        return True  # Turkey/Turkish, Syria/Syrian, Japan/Japanese: place and people
    if a in STOPWORDS or b in STOPWORDS:
        return False  # a function word is nobody's spelling variant: "would" is not "wound"
    if shorter >= 5 and a[0] == b[0] and abs(len(a) - len(b)) <= 2:
        return SequenceMatcher(None, a, b).ratio() >= 0.8
    if shorter >= 3 and a[0] == b[0] and abs(len(a) - len(b)) == 1:
        return _one_vowel_more(a, b)  # Zor/Zour; not war/warn
    if shorter >= 3 and a[0] == b[0] and len(a) == len(b) and not a.isascii():
        return SequenceMatcher(None, a, b).ratio() >= 0.85  # a letter written with an accent
    return False


# Plurals no stemmer folds: "how many children" is answered by "11 children", "gunmen" by "gunman".
_IRREGULAR_PLURALS = {
    "men": "man",  # "How many men did ISIL crucify": "crucifies 9 men" ("gunmen" folds below)
    "children": "child",
    "people": "person",
    "feet": "foot",
    "teeth": "tooth",
    "lives": "life",
    "wives": "wife",
    "knives": "knife",
    "halves": "half",
    "mice": "mouse",
    "geese": "goose",
}


def _singular(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    return word[:-3] + "man" if word.endswith("men") and len(word) > 4 else word


def _one_vowel_more(a: str, b: str) -> bool:
    """The longer word is the shorter with one vowel more: a transliteration variant."""
    short, long_ = sorted((a, b), key=len)
    return any(long_[i] in "aeiouy" and long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


class Context:
    """The words of a text, indexed for repeated unit and term look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = tokens(text)
        self.vocab = set(self.words)
        self.acronyms = acronyms(text)
        self._positions: dict[str, list[int]] = {}

    def positions(self, word: str) -> list[int]:
        """Where ``word`` (or a variant of it) occurs."""
        if word not in self._positions:  # "bridge" is also "bridges" when both are written
            variants = {w for w in self.vocab if w[:1] == word[:1] or word in _DEMONYMS or w in _DEMONYMS}
            hits = {w for w in variants if same_word(word, w)} | ({word} & self.vocab)
            self._positions[word] = [i for i, w in enumerate(self.words) if w in hits]
        return self._positions[word]

    def has_word(self, word: str) -> bool:
        return bool(self.positions(word))

    def unit_positions(self, unit: Unit) -> list[int]:
        """Where the unit's words are, or the words of the name its acronym stands for ("NBA" in
        "Four National Basketball Association players")."""
        found = [i for w in unit.tokens for i in self.positions(w)]
        if found or len(unit.tokens) != 1 or unit.tokens[0] not in self.acronyms:
            return found
        for run in _CAPITAL_RUN.finditer(self.text):
            if unit.tokens[0] in acronyms(run.group()):
                first = len(tokens(self.text[: run.start()]))
                found += range(first, first + len(tokens(run.group())))
        return found

    def has_unit(self, unit: Unit) -> bool:
        """The unit's words close together (a gap of two words at most), or its acronym, surname or
        core name."""
        words = [w for w in unit.tokens if w not in _ORG_SUFFIXES] or list(unit.tokens)
        if len(words) == 1 and words[0] in self.acronyms:
            return True
        if len(words) >= 2 and "".join(w[0] for w in words) in self.vocab:
            return True
        if _together(words, self.positions):
            return True
        if unit.stands_for and self.has_word(unit.stands_for):
            return True
        return unit.label == "PERSON" and len(words) >= 2 and self.has_word(words[-1])


def _together(words: list[str], positions: Callable[[str], list[int]]) -> bool:
    spots = [positions(w) for w in words]
    if not all(spots):
        return False
    if len(words) == 1:
        return True
    for start in spots[0]:
        last = start
        for later in spots[1:]:
            nxt = [p for p in later if last < p <= last + 3]
            if not nxt:
                break
            last = nxt[0]
        else:
            return True
    return False


class WordSimilarity:
    """Embedding similarity of single words, cached: "wounded" ~ "injured", "cut" ~ "eliminate".

    One word embeds in well under a millisecond, and a process asks about the same words often.
    """

    def __init__(
        self, embed: Callable[[list[str]], np.ndarray], table: WordTable | None = None, limit: int = 50_000
    ) -> None:
        self._embed, self._table = embed, table
        self._cache: dict[str, np.ndarray] = {}
        self._limit = limit

    def vectors(self, words: Iterable[str]) -> dict[str, np.ndarray]:
        """Each word's vector: kept, else from the shipped vocabulary table
        (:mod:`briefing.store.word_table`), else embedded now."""
        wanted = list(dict.fromkeys(words))
        missing = [w for w in wanted if w not in self._cache]
        if missing:
            if len(self._cache) + len(missing) > self._limit:
                self._cache.clear()
            self._cache.update(self._table.get(missing) if self._table is not None else {})
            missing = [w for w in missing if w not in self._cache]
        if missing:
            for word, vector in zip(missing, self._embed(missing), strict=True):
                self._cache[word] = vector
        return {w: self._cache[w] for w in wanted}

    def best(self, word: str, candidates: Iterable[str]) -> float:
        """The highest cosine between ``word`` and any of ``candidates`` (0 when there are none)."""
        pool = [c for c in dict.fromkeys(candidates) if c != word]
        if not pool:
            return 0.0
        vectors = self.vectors([word, *pool])
        matrix = np.stack([vectors[c] for c in pool])
        return float(np.max(matrix @ vectors[word]))
