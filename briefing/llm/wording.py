"""Wording a check must see through or never trust: a small model's talk about "the article",
demonyms ("British" for "Britain"), and article text addressed to an AI."""

from __future__ import annotations

import re
import unicodedata

# Wording only an attempt on a model uses: never a news sentence's own.
_INJECTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompts?|rules|above)\b"
    r"|\bsystem prompt\b"
    r"|\byou (must|should|are to) (now )?(say|tell|answer|reply|respond|write|state|claim)\b",
    re.I,
)
# Wording that may address a model, and may be news too ("AI models must be registered, the EU
# said"): enough to distrust a citation of it, not to hide the sentence from a reader.
_ADDRESSED = re.compile(
    r"\b(ai|a\.i\.|language model|llm|assistant|chatbot|model)s?\b.{0,60}\b(must|should|shall|are to)\b"
    r"|\b(tell|inform) (the )?(reader|user)s?\b",
    re.I,
)

# Chat-template turn markers (ChatML, Llama 2/3, Mistral, Gemma, Phi, DeepSeek's fullwidth bars):
# llama.cpp and vLLM read them in a message as real special tokens, a turn the article opens.
TURN_TOKEN = re.compile(
    r"<[|｜][^<>\n]{0,40}[|｜]>|\[/?INST\]|<</?SYS>>|</?(?:s|start_of_turn|end_of_turn)>", re.I
)
# A role label opening the sentence ("SYSTEM: ...", "Assistant: ..."): a fake turn written as text.
_ROLE_LABEL = re.compile(r"^\W{0,3}(?:system|assistant|developer)\s*:", re.I)
# Characters nobody sees but a model reads through: zero-width, joiners, soft hyphen, bidi controls.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)

_META = re.compile(
    r"^\s*(?:the|this) (?:article|report|source|text)s? (?:mentioned|mentions|says|said|reports|reported"
    r"|states|stated|notes|noted|is about|was about|describes|described|discusses|discussed)(?: that)?\s+",
    re.I,
)
_DEMONYM = re.compile(r"(?:ish|ian|an|ese|i)(?:-\w+)?$")


def looks_like_instruction(text: str) -> bool:
    """Text addressed to an AI ("ignore previous instructions", "tell the reader...") or opening a
    chat turn: labelled in the prompt, and no support for a statement that cites only it."""
    return is_injection(text) or bool(_ADDRESSED.search(_as_read(text)))


def is_injection(text: str) -> bool:
    """Text that can only be an attempt on a model ("ignore all previous instructions", a chat
    turn token, a "SYSTEM:" label): no news, so a brief does not offer it as a development."""
    plain = _as_read(text)
    return bool(_INJECTION.search(plain) or TURN_TOKEN.search(text) or _ROLE_LABEL.search(plain))


def _as_read(text: str) -> str:
    """The text as a model reads it: invisible characters gone, fullwidth letters folded (NFKC),
    so a zero-width space inside "Ignore" is no disguise."""
    return unicodedata.normalize("NFKC", INVISIBLE.sub("", text))


def without_meta(sentence: str) -> str:
    """The claim inside a small model's "The article mentioned that ..." or "The article is about
    ..." (SmolLM2 writes both often): "article mentioned" is about the prompt, not something the
    sources must say."""
    claim = _META.sub("", sentence, count=1)
    return claim[:1].upper() + claim[1:] if claim != sentence else sentence


def demonym_of(name: str, words: set[str]) -> bool:
    """ "british" (or "british-based") for a cited "Britain", "kurdish" for "Kurds": the same first
    four letters and a demonym ending (the name check's prefix rule wants 60% of the word)."""
    head = name.split("-")[0]
    return bool(_DEMONYM.search(head)) and len(head) >= 5 and any(w[:4] == head[:4] for w in words)
