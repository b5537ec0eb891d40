"""Draft records for support_labels.jsonl from a ``bench/local_llm.py --dump`` file, to label by hand.

Each sentence the local model wrote becomes one record whose ``cited`` is what it is checked
against: the sentences it cited or briefing attributed it to, else (when nothing passed, "cites
no source") the sentence post-hoc attribution would have cited, chosen by
:func:`briefing.llm.attribution.align` over every sentence of the articles asked about (the seed
article, the FA-KES window). An uncited sentence is then judged on its content, not only for
lacking a marker. Repeated sentences are written once. The label and kind are left empty
(``"?"``): a person reads each record and fills them in; nothing here guesses a label.

    python bench/draft_real_labels.py /tmp/dump.jsonl > /tmp/drafts.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from briefing.core.settings import EmbedderSettings, FetchSettings
from briefing.inputs.sources import read_input
from briefing.llm.attribution import align
from briefing.store.embedder import load_embedder
from briefing.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]


def corpus_sentences(inputs: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in inputs:
        for n, doc in enumerate(read_input(item, FetchSettings())):
            for m, (start, end) in enumerate(split_sentences(doc.text)):
                found[f"{n}:{m}"] = doc.text[start:end]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path)
    parser.add_argument("--seed", default=str(next((ROOT / "seeds").glob("*.md"))))
    parser.add_argument("--fakes", default="/tmp/llmpath-fakes.jsonl")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.dump.read_text(encoding="utf-8").splitlines() if line.strip()]
    embedder = load_embedder(EmbedderSettings())
    pools = {"seed": corpus_sentences([args.seed]), "fakes": corpus_sentences([args.fakes])}
    unique = list({row["answer"]: row for row in rows}.values())  # repeats written once
    aligned: dict[str, list[str]] = {}
    for name, pool in pools.items():  # one alignment call per pool: it embeds every sentence once
        uncited = [row["answer"] for row in unique if not row["cited"] and row.get("set", "seed") == name]
        for answer, best in zip(uncited, align(uncited, pool, embedder.embed), strict=True):
            aligned[answer] = [pool[sid] for sid in best.citations] if best else []
    for row in unique:
        cited, how = row["cited"], "model" if not row["attributed"] else "attributed"
        if not cited:
            cited, how = aligned[row["answer"]], "aligned offline"
        draft = {"split": "?", "label": "?", "kind": "?", "answer": row["answer"], "cited": cited}
        draft |= {"source": f"SmolLM2-135M, {how}", "question": row["question"]}
        print(json.dumps(draft, ensure_ascii=False))


if __name__ == "__main__":
    main()
