"""Page furniture in scraped sentences: datelines, bylines, tags, "Posted on …", "Last Update …".

Scrapes glue the page around an article into its first and last sentences ("Posted on April 4
2017 by Asharq Al-Awsat English <title> Dozens of people…", "Tags Syria Idlib gas attack …",
"Source SANA"). Left in, they become claimants ("Published April 19 2017 A war monitor"),
figures and timeline dates (a page's "Last Update" as an event). :func:`strip` returns the part
of a sentence that is the article's own prose: a prefix of furniture cut off, or "" when the
sentence is furniture through and through. It only ever *removes* words, so anything built from
its output is still supported word for word by the original sentence.
"""

from __future__ import annotations

import re

from briefing.core.models import Article

_WD = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday)?\.?,?"
_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:\d{{1,2}}\s+{_MON},?\s+\d{{4}}|{_MON}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})"
)
_TIME = r"(?:\s*[-|,]?\s*\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:GMT|UTC)(?:[+-]\d+)?)?)?"
_LABEL = (
    r"(?:(?:Posted|Published|Updated|Created|Modified)(?:\s+(?:on|at))?:?|Date of publication:?|"
    r"Last (?:Update|Updated|Modified):?|Publication date:?)"
)
_DATELINE = re.compile(rf"^\s*(?:{_LABEL}\s*)?(?:{_WD}\s*)?{_DATE}{_TIME}\s*[.:|-]?\s*", re.I)
_LABELLED = re.compile(rf"^\s*{_LABEL}\s*(?:{_WD}\s*)?{_DATE}{_TIME}\s*[.:|-]?\s*", re.I)
_ANY_LABELLED = re.compile(rf"\b{_LABEL}\s*(?:{_WD}\s*)?{_DATE}{_TIME}", re.I)
_FURNITURE_ONLY = re.compile(
    r"^\s*(?:\(?Source:?\s|Tags\s|Share\s+(?:this|on)\b|Follow us\b|Read more\b|Related:|Photo:|"
    r"Image:|File photo\b|Copyright\b|©|All rights reserved|Comment via\b|Get short URL\b)",
    re.I,
)
_AGENCY = re.compile(r"^(?:\(?(?:REUTERS|Reuters|AFP|AP|SANA|dpa|Xinhua)\)?\s*[-–—:]?\s+)+(?=[A-Z\"“])")
_TRAILER = re.compile(
    r"\s*(?:[-–—]\s*(?:REUTERS|AFP|AP|Reuters|Anadolu|SANA|dpa)|\((?:Reuters|AFP|AP|SANA)\)|"
    r"Source:?\s+[A-Z][\w ]{0,40}|Get short URL.*)\s*$"
)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def strip(sentence: str, title: str = "") -> str:
    """The article's own prose in ``sentence``: datelines, bylines, a repeated title, tags,
    "Posted on …"/"Last Update …" and agency trailers removed ("" if nothing else is left)."""
    text = sentence
    if _FURNITURE_ONLY.match(text):
        return ""
    dateline = _DATELINE.match(text) or _LABELLED.match(text)
    if dateline:
        text = text[dateline.end() :]
    text = _cut_title(text, title)
    text = _AGENCY.sub("", text)
    labelled = _ANY_LABELLED.search(text)
    if labelled:  # "Last Update: Thursday 22 August 2013" inside the sentence: page furniture
        text = re.sub(r"\s+", " ", text[: labelled.start()] + " " + text[labelled.end() :]).strip(" .:-|")
    text = _TRAILER.sub("", text).strip()
    if not re.search(r"[a-z]{3}", text) or len(text.split()) < 3:
        return ""
    return text


def _cut_title(text: str, title: str) -> str:
    """'<title> Dozens were killed…' (the headline glued before the lead): keep what follows it.

    Also drops a byline before the title ("by Youssef Diab … <title> …"), since all of it precedes.
    """
    if not title or len(title.split()) < 3:
        return text
    want = _norm(title)
    if want.split()[0] not in _norm(text[:400]).split() and _norm(title.split()[-1]) not in _norm(text[:60]):
        return text
    words = list(re.finditer(r"\S+", text))
    for i in range(min(len(words), 40)):
        for j in range(i + 1, min(len(words), i + 40) + 1):
            got = _norm(text[words[i].start() : words[j - 1].end()])
            if got == want:
                return text[words[j - 1].end() :].lstrip(" .:-|")
            if len(got) > len(want) + 5:
                break
    tail = title.split()
    for k in range(len(tail) - 1, 1, -1):  # the end of a headline cut in two by the splitter
        if len(words) > k and _norm(" ".join(w.group() for w in words[:k])) == _norm(" ".join(tail[-k:])):
            return text[words[k - 1].end() :].lstrip(" .:-|")
    return text


def clean_article(article: Article) -> Article:
    """A copy of ``article`` whose sentences hold only its own prose (same ids and numbering;
    a furniture-only sentence becomes empty, so sentence ``n`` is still ``sentences[n]``)."""
    sentences = [  # a glued headline only ever opens the article
        s.model_copy(update={"text": strip(s.text, article.title if s.n < 3 else "")})
        for s in article.sentences
    ]
    return article.model_copy(update={"sentences": sentences})
