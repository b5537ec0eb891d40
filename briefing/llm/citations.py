"""Citations in LLM answers: find the markers, show them while streaming, check every sentence.

The model cites short aliases (``[S3]``) that the prompt gave the source sentences; it may also
echo a real sentence id (``[d928a897ede5633d:6]``). :func:`parse` cuts the answer into sentences
and maps each marker to the sentence it follows, keeping real ids and setting aside unknown ones.
:class:`StreamFilter` does the same live: text is passed on as it arrives, but a marker is held
back until its ``]`` arrives, so the reader never sees half a marker or a raw alias.

:func:`check` decides whether an answer sentence says only what its cited sentences say. A model
that invents tends to change a number, bring in a name, flip a negation or add a claim; each has
a cheap, explainable test, and a reason the reader can verify:

- every number in the sentence is in the cited text (``ten`` = ``10``, ``7,400`` = ``7400``);
- every name (capitalised word not starting the sentence; acronyms against initials) is there;
- a negation in the sentence is in the closest cited sentence, and the other way round;
- enough of its key terms are there, exactly, by stem prefix or as a near synonym (embedding
  similarity of the words);
- its meaning is close: embedding cosine with the cited sentences (or all of them together);
- who does what to whom is the same (:mod:`briefing.llm.roles`, a dependency parse).

Cited sentences that read like instructions to an AI are data, never support.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from briefing.llm.wording import demonym_of, looks_like_instruction, without_meta
from briefing.text.safe import unmarked
from briefing.text.terms import terms, words

Embed = Callable[[list[str]], np.ndarray]
NO_ANSWER = "NO_ANSWER"

_ALIAS = r"S\s?\d{1,4}"
_REAL_ID = r"[A-Za-z0-9][\w.~:-]{5,}:\d+"
_ITEM = rf"(?:{_ALIAS}|{_REAL_ID})"
MARKER = re.compile(rf"\[\s*({_ITEM}(?:\s*[,;]\s*{_ITEM})*)\s*\]", re.I)
_SPLIT_ITEMS = re.compile(r"\s*[,;]\s*")
_PARTIAL = re.compile(r"\[[\w\s.~:,;-]{0,80}$")  # an opened marker that may still close
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_TEENS = ("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_WORDS = (
    {w: str(n) for n, w in enumerate(_UNITS)}
    | {w: str(n) for n, w in enumerate(_TEENS, 11)}
    | {"nineteen": "19"}
    | {w: str(10 * n) for n, w in enumerate(_TENS, 2)}
)
_NUMBER_WORD = re.compile(
    r"\b(" + "|".join(w for w in _NUMBER_WORDS if w not in ("zero", "one")) + r")\b", re.I
)
_NAME = re.compile(r"\b[A-Z][\w'’.-]*[\w]|\b[A-Z]\b")
_TITLES = {"president", "prime", "minister", "mr", "mrs", "ms", "dr", "gen", "general", "the"}
_CONNECTORS = {"of", "for", "the", "and", "on", "in", "de"}
_NEGATION = re.compile(
    r"\b(not|no|never|none|nobody|nothing|neither|nor|without|cannot|den(?:y|ies|ied)|"
    r"refus(?:e|es|ed)|fail(?:s|ed)? to|yet to)\b|n't\b",
    re.I,
)
_SYNONYM = 0.62  # word-embedding cosine above which a missing term counts as paraphrased


# ----- markers


def resolve(item: str, aliases: dict[str, str]) -> str | None:
    """The sentence id a marker item names, or None when it names nothing given to the model."""
    key = re.sub(r"\s+", "", item).upper()
    if re.fullmatch(r"S\d+", key):
        return aliases.get(key)
    return item if item in aliases.values() else None


def marker_items(match: re.Match[str]) -> list[str]:
    return [item for item in _SPLIT_ITEMS.split(match.group(1).strip()) if item]


@dataclass
class Claim:
    """One sentence of an answer with the ids it cites (in order) and the markers that matched none."""

    text: str
    citations: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def is_no_answer(text: str) -> bool:
    return text.strip().upper().startswith(NO_ANSWER)


def parse(text: str, aliases: dict[str, str]) -> list[Claim]:
    """The answer's sentences, each with the markers that follow (or sit inside) it."""
    from briefing.text.sentences import split_sentences

    clean: list[str] = []
    marks: list[tuple[int, list[str]]] = []
    length = cursor = 0
    for match in MARKER.finditer(text):
        before = text[cursor : match.start()].rstrip()
        clean.append(before)
        length += len(before)
        marks.append((length, marker_items(match)))
        cursor = match.end()
        if cursor < len(text) and text[cursor].isalnum():  # "Aleppo.[S1]It" -> "Aleppo. It"
            clean.append(" ")
            length += 1
    plain = "".join(clean) + text[cursor:]
    spans = split_sentences(plain)
    claims = [Claim(text=_BULLET.sub("", plain[s:e]).replace("**", "").strip()) for s, e in spans]
    for position, items in marks:
        if not claims:
            break
        index = max((i for i, (s, _) in enumerate(spans) if s < position), default=0)
        claim = claims[index]
        for item in items:
            sid = resolve(item, aliases)
            if sid is None:
                claim.unknown.append(item)
            elif sid not in claim.citations:
                claim.citations.append(sid)
    return [c for c in claims if c.text]


def without_open_marker(text: str) -> str:
    """``text`` less a marker still being written at its end ("... Idlib. [S2"): a reply stopped
    early would otherwise end in a one-token sentence and lose that citation."""
    partial = _PARTIAL.search(text)
    return text[: partial.start()] if partial else text


class StreamFilter:
    """Streamed model text -> display text: ``[S3]`` becomes ``[1]`` once complete, in order of
    first citation (the numbering the sources list uses), unknown aliases ``[?]``. A reply that
    is only ``NO_ANSWER`` is never shown."""

    def __init__(self, aliases: dict[str, str]) -> None:
        self.aliases = aliases
        self.numbers: dict[str, int] = {}
        self._pending = ""
        self._started = False
        self.silenced = False

    def feed(self, delta: str) -> str:
        self._pending += delta
        return self._drain(final=False)

    def close(self) -> str:
        return self._drain(final=True)

    def drop_open_marker(self) -> None:
        """Forget a marker still being written (a reply stopped early): it is never shown raw."""
        self._pending = without_open_marker(self._pending)

    def _drain(self, final: bool) -> str:
        if self.silenced:
            return ""
        text = self._pending
        if not self._started:
            head = text.lstrip()
            if is_no_answer(head):
                self.silenced = True
                return ""
            if not final and (not head or NO_ANSWER.startswith(head.upper())):
                return ""
            self._started, text = True, head
        cut = len(text)
        if not final:
            partial = _PARTIAL.search(text)
            if partial is not None:
                cut = partial.start()
        self._pending = text[cut:]
        return self._displayed(text[:cut])

    def _displayed(self, text: str) -> str:
        """Markers numbered, and marker-shaped text that is not a marker (an article's "[2]" the
        model quoted) escaped, so the reader cannot take it for one of ours."""
        shown, cursor = [], 0
        for match in MARKER.finditer(text):
            shown += [unmarked(text[cursor : match.start()]), self._display(match)]
            cursor = match.end()
        return "".join([*shown, unmarked(text[cursor:])])

    def _display(self, match: re.Match[str]) -> str:
        shown: list[str] = []
        for item in marker_items(match):
            sid = resolve(item, self.aliases)
            label = "?" if sid is None else str(self.numbers.setdefault(sid, len(self.numbers) + 1))
            if label not in shown:
                shown.append(label)
        return "".join(f"[{label}]" for label in shown)


# ----- support


@dataclass
class Verdict:
    """Whether an answer sentence is supported by what it cites, and if not, why."""

    supported: bool
    reason: str = ""
    similarity: float = 0.0
    unmatched: list[str] = field(default_factory=list)  # key words found nowhere in the cited text


def numbers_in(text: str) -> dict[str, str]:
    """Numbers, normalised -> as written: '7,400' -> '7400', 'ten' -> '10' ('one' is too often a
    pronoun to count)."""
    found = {m.group().replace(",", "").rstrip("."): m.group().rstrip(".,") for m in _NUMBER.finditer(text)}
    for match in _NUMBER_WORD.finditer(text):
        found.setdefault(_NUMBER_WORDS[match.group().lower()], match.group())
    return found


def names_in(sentence: str) -> list[str]:
    """Capitalised words that are not the sentence's first word (acronyms always count)."""
    found = []
    for match in _NAME.finditer(sentence):
        token = match.group().rstrip(".")
        first = not sentence[: match.start()].strip(" \"'“‘(")
        acronym = len(token) > 1 and token.isupper() and token.isalpha()
        if (first and not acronym) or not words(token) or token.lower() in _TITLES:
            continue
        found.append(token)
    return found


def _prefix_match(word: str, vocabulary: Iterable[str]) -> bool:
    """Same word up to inflection: a shared prefix of 4+ letters covering 60% of the shorter word."""
    for other in vocabulary:
        if word == other:
            return True
        shorter = min(len(word), len(other))
        common = 0
        while common < shorter and word[common] == other[common]:
            common += 1
        if common >= 4 and common >= 0.6 * shorter:
            return True
    return False


def _has_name(name: str, cited: str, cited_words: set[str]) -> bool:
    lowered = name.lower().replace("’", "'").removesuffix("'s")
    if lowered in cited.lower() or _prefix_match(lowered, cited_words) or demonym_of(lowered, cited_words):
        return True
    if name.isupper() and 2 <= len(name) <= 6:  # GAO <- Government Accountability Office
        capitals = re.findall(r"\b[A-Za-z][\w-]*", cited)
        initials = "".join(w[0] for w in capitals if w.lower() not in _CONNECTORS and w[0].isupper())
        return name.upper() in initials.upper()
    return False


def _key_terms(sentence: str) -> list[tuple[str, str]]:
    """(word, stem) of the sentence's content words, numbers and names left to their own checks."""
    skip = {w.lower() for w in names_in(sentence)} | set(numbers_in(sentence))
    pairs = zip(words(sentence), terms(sentence), strict=True)
    return [(w, t) for w, t in pairs if w not in skip and not any(c.isdigit() for c in w) and len(w) > 2]


def check(
    sentence: str, cited: list[str], embed: Embed, min_similarity: float, min_coverage: float
) -> Verdict:
    """One sentence against the texts it cites (see the module docstring for the tests)."""
    return check_many([(sentence, cited)], embed, min_similarity, min_coverage)[0]


def check_many(
    items: list[tuple[str, list[str]]],
    embed: Embed,
    min_similarity: float,
    min_coverage: float,
    roles: bool = True,
) -> list[Verdict]:
    """:func:`check` for many sentences, with one batched embedding call; ``roles``: sentences
    that pass are also parsed for swapped roles (:mod:`briefing.llm.roles`, spaCy)."""
    items = [(without_meta(sentence), cited) for sentence, cited in items]
    verdicts = _check_many(items, embed, min_similarity, min_coverage)
    if roles:
        from briefing.llm.roles import swapped

        def alike(a: str, b: str) -> bool:
            va, vb = embed([a, b])
            return float(va @ vb) >= _SYNONYM

        for n, ((sentence, cited), verdict) in enumerate(zip(items, verdicts, strict=True)):
            usable = [c for c in cited if not looks_like_instruction(c)]
            why = swapped(sentence, usable, verdict.unmatched, alike) if verdict.supported and usable else ""
            if why:
                verdicts[n] = Verdict(False, why, verdict.similarity)
    return verdicts


def _check_many(
    items: list[tuple[str, list[str]]], embed: Embed, min_similarity: float, min_coverage: float
) -> list[Verdict]:
    usable = [[c for c in cited if not looks_like_instruction(c)] for _, cited in items]
    missing = [_missing_terms(sentence, cited) for (sentence, _), cited in zip(items, usable, strict=True)]
    texts: dict[str, int] = {}
    for (sentence, _), cited, (gaps, vocabulary) in zip(items, usable, missing, strict=True):
        for text in [sentence, *cited, " ".join(cited), *gaps, *vocabulary] if cited else []:
            texts.setdefault(text, len(texts))
    vectors = embed(list(texts)) if texts else np.zeros((0, 1), dtype=np.float32)
    verdicts = []
    for (sentence, cited), good, (gaps, vocabulary) in zip(items, usable, missing, strict=True):
        if not cited:
            verdicts.append(Verdict(False, "cites no source"))
            continue
        if not good:
            verdicts.append(Verdict(False, "cites only an instruction found inside an article, not a report"))
            continue
        vec = {text: vectors[texts[text]] for text in [sentence, *good, " ".join(good), *gaps, *vocabulary]}
        verdicts.append(_judge(sentence, good, vec, gaps, vocabulary, min_similarity, min_coverage))
    return verdicts


def _missing_terms(sentence: str, cited: list[str]) -> tuple[list[str], list[str]]:
    """Key words of the sentence not found in the cited text, and the cited text's own words."""
    if not cited:
        return [], []
    joined = " ".join(cited)
    cited_stems = set(terms(joined))
    gaps = [w for w, t in _key_terms(sentence) if not _prefix_match(t, cited_stems)]
    vocabulary = sorted({w for w in words(joined) if len(w) > 2 and not any(c.isdigit() for c in w)})
    return list(dict.fromkeys(gaps)), vocabulary if gaps else []


_DIRECTIVE = re.compile(r"\bnot to\b", re.I)


def _negated(text: str, other: str) -> bool:
    """A negation cue in ``text``; "warned X not to attack" is read as the "against attacking"
    of ``other`` when that is how ``other`` puts it."""
    if re.search(r"\bagainst\b", other, re.I):
        text = _DIRECTIVE.sub("", text)
    return bool(_NEGATION.search(text))


def _negation_concerns(negated: str, other: str) -> bool:
    """Whether a negation of the cited text bears on what the sentence says: the content words
    right after a cue ("not immediately clear who carried out the raids") are in the sentence.
    A sentence that paraphrases only the other clause of the cited sentence ("the raids also
    hit several neighbourhoods") says nothing the negation denies."""
    other_stems = set(terms(other))
    for match in _NEGATION.finditer(negated):
        following = terms(" ".join(negated[match.end() :].split()[:5]))
        if not following or any(_prefix_match(t, other_stems) for t in following):
            return True
    return False


def _judge(
    sentence: str,
    cited: list[str],
    vec: dict[str, np.ndarray],
    gaps: list[str],
    vocabulary: list[str],
    min_similarity: float,
    min_coverage: float,
) -> Verdict:
    joined = " ".join(cited)
    sims = [float(vec[sentence] @ vec[c]) for c in cited]
    similarity = max([*sims, float(vec[sentence] @ vec[joined])])
    closest = cited[int(np.argmax(sims))]
    reasons: list[str] = []
    mine = numbers_in(sentence)
    extra = [mine[n] for n in mine if n not in numbers_in(joined)]
    if extra:
        reasons.append(f"{', '.join(extra)} not in the cited text")
    cited_words = {w.lower() for w in re.findall(r"[\w'’.-]+", joined)}
    absent = [n for n in dict.fromkeys(names_in(sentence)) if not _has_name(n, joined, cited_words)]
    if absent:
        reasons.append(f"{', '.join(absent)} not named in the cited text")
    if _negated(sentence, closest) != _negated(closest, sentence):
        mine_negated = _negated(sentence, closest)
        if mine_negated or _negation_concerns(closest, sentence):
            side = "the sentence" if mine_negated else "the cited text"
            reasons.append(f"a negation in {side} is not in the other")
    key = {w for w, _ in _key_terms(sentence)}
    unmatched: list[str] = []
    if key:
        unmatched = [
            g for g in gaps if max((float(vec[g] @ vec[v]) for v in vocabulary), default=0) < _SYNONYM
        ]
        if 1 - len(unmatched) / len(key) < min_coverage:
            reasons.append(f"{', '.join(unmatched[:4])} not in the cited text")
    if similarity < min_similarity:
        reasons.append(f"meaning differs from the cited text (similarity {similarity:.2f})")
    return Verdict(not reasons, "; ".join(reasons[:2]), similarity, unmatched if key else [])
