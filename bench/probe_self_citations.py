"""A label-free probe of the support check's false flags: real sentences citing themselves.

A source sentence citing itself is supported by definition, and so is one citing itself and the
sentence after it (a model often cites two neighbours). Every flag here is a false flag: it
shows a check reading another cited sentence's speaker, doer or hedge as a contradiction. Runs
:func:`briefing.llm.citations.check_many` as ``briefing ask --engine llm`` does, on sentences of
the FA-KES window of bench/local_llm.py (2017-04-04..06).

    python bench/probe_self_citations.py            # 250 sentences, 491 checks, ~1-3 min
    python bench/probe_self_citations.py --limit 100
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

from briefing.core.settings import EmbedderSettings, LLMSettings
from briefing.llm.citations import check_many
from briefing.store.embedder import load_embedder
from briefing.text.sentences import split_sentences

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from local_llm import fakes_window  # noqa: E402


def pairs(window: Path, limit: int, seed: int) -> list[tuple[str, str]]:
    """(sentence, the sentence after it or "") for ``limit`` random sentences of 40-300 characters."""
    found = []
    for line in window.read_text(encoding="utf-8").splitlines():
        text = json.loads(line).get("text") or ""
        sentences = [text[a:b] for a, b in split_sentences(text)]
        for n, sentence in enumerate(sentences):
            if 40 < len(sentence) < 300:
                found.append((sentence, sentences[n + 1] if n + 1 < len(sentences) else ""))
    random.Random(seed).shuffle(found)
    return found[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=250)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        chosen = pairs(fakes_window(Path(tmp) / "window.jsonl"), args.limit, args.seed)
    items = [(s, [s]) for s, _ in chosen] + [(s, [s, after]) for s, after in chosen if after]
    limits, embedder = LLMSettings(), load_embedder(EmbedderSettings())
    verdicts = check_many(items, embedder.embed, limits.min_similarity, limits.min_coverage)
    flagged = [(item, v) for item, v in zip(items, verdicts, strict=True) if not v.supported]
    print(f"{len(items)} sentences citing themselves (alone or with the next one): {len(flagged)} flagged")
    for (sentence, cited), verdict in flagged:
        print(f"  {verdict.reason} | {sentence[:100]} | cites {len(cited)}")


if __name__ == "__main__":
    main()
