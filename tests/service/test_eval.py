"""`briefing eval`: QA file parsing, gold matching by id / url / sentence, and the metrics.

The end-to-end case runs real retrieval on a tiny index (the seed article, one ferry report with
a url, twelve one-topic wire stories), so every gold article ranks first or not at all and the
expected numbers can be worked out by hand (see ``test_metrics_on_tiny_index``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from briefing.cli.main import main
from briefing.core.errors import InputError
from briefing.service.evaluate import Question, evaluate, load_questions, retrieval_metrics
from briefing.service.facade import Service
from tests.conftest import DATA as TEST_DATA
from tests.conftest import SEEDS, CliRunner, isolate

DATA = TEST_DATA / "service"
SEED_ID = "d928a897ede5633d"
FERRY_URL = "https://aegeanwire.example/2020/03/02/ferry-lesbos"
TROOPS_Q = "How many Turkish soldiers were deployed in Idlib and Aleppo?"
QA: list[dict[str, Any]] = [
    # 1: gold by id, rank 1; the answer is quoted
    {"qid": "by-id", "question": TROOPS_Q, "answer": "7,400", "gold_article_ids": [SEED_ID]},
    # 2: gold by url (trailing slash ignored), rank 1; answer case and spacing ignored
    {
        "qid": "by-url",
        "question": "How many people did coast guard vessels rescue from the water off Lesbos?",
        "answer": "RESCUED  38",
        "gold_urls": [FERRY_URL + "/"],
    },
    # 3: gold by sentence (spacing differs from the article), rank 1; no answer given
    {
        "qid": "by-sentence",
        "question": "Where did the Fagradalsfjall volcano erupt?",
        "gold_sentences": ["The Fagradalsfjall   volcano in Iceland\nerupted on Friday night,"],
    },
    # 4: gold id not in the index: a retrieval miss, but the answer is still right
    {"qid": "missing", "question": TROOPS_Q, "answer": "7,400", "gold_article_ids": ["not-indexed"]},
    # 5: no gold articles (not in the retrieval metrics); the engine abstains, so the answer is wrong
    {"qid": "abstain", "question": "What is the boiling point of mercury?", "answer": "356.7"},
]


@pytest.fixture(scope="module")
def tiny(make_index: Callable[[str, list[str]], Service]) -> Service:
    inputs = [str(SEEDS), str(DATA / "ferry_aegean_2020-03-02.md"), str(DATA / "corpus12.jsonl")]
    return make_index("eval", inputs)


def write_qa(path: Path, rows: Sequence[dict[str, Any] | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_metrics_on_tiny_index(tiny: Service, tmp_path: Path) -> None:
    questions = load_questions(write_qa(tmp_path / "qa.jsonl", QA))
    report = evaluate(tiny, questions, k=5)
    by = {o.qid: o for o in report.outcomes}
    assert [by[q].rank for q in ("by-id", "by-url", "by-sentence", "missing", "abstain")] == [
        1,
        1,
        1,
        None,
        None,
    ]
    assert by["missing"].gold_indexed is False and by["by-id"].gold_indexed is True
    assert by["by-url"].gold_indexed is None and not by["abstain"].has_gold
    # retrieval over the 4 questions with gold: ranks 1, 1, 1, miss
    assert report.retrieval == {"n": 4, "hits@1": 0.75, "hits@5": 0.75, "mrr@5": 0.75}
    # answers over the 4 questions with an answer: 3 right, the abstention wrong; 1 of 5 abstained
    assert [by[q].answer_correct for q in ("by-id", "by-url", "missing", "abstain")] == [True] * 3 + [False]
    assert by["by-sentence"].answer_correct is None
    assert report.answers == {
        "n": 4,
        "correct": 3,
        "accuracy": 0.75,
        "abstained": 1,
        "abstention_rate": 0.2,
        "answerable_abstention_rate": 0.2,
    }
    assert report.unanswerable == {"n": 0, "abstained": 0, "rate": None}  # 0 of 0 is no score
    assert by["by-id"].cited and all(c.startswith(SEED_ID + ":") for c in by["by-id"].cited)


def test_retrieval_metrics_by_hand() -> None:
    # first gold at ranks 1, 2, 6 and none, top 10: Hits@1 1/4, Hits@5 2/4, Hits@10 3/4,
    # MRR (1 + 1/2 + 1/6) / 4 = 5/12
    got = retrieval_metrics([1, 2, 6, None], 10)
    assert got == pytest.approx({"n": 4, "hits@1": 0.25, "hits@5": 0.5, "hits@10": 0.75, "mrr@10": 5 / 12})
    assert retrieval_metrics([1, 3], 3) == pytest.approx(
        {"n": 2, "hits@1": 0.5, "hits@3": 1.0, "mrr@3": 2 / 3}
    )
    assert retrieval_metrics([], 5) == {"n": 0, "hits@1": None, "hits@5": None, "mrr@5": None}


def test_load_questions_reads_every_field(tmp_path: Path) -> None:
    path = write_qa(tmp_path / "qa.jsonl", ["", json.dumps(QA[1] | {"corpus": "extra fields are ignored"})])
    assert load_questions(path) == [
        Question(
            line=2,
            question=QA[1]["question"],
            qid="by-url",
            answer="RESCUED  38",
            gold_urls=(FERRY_URL + "/",),
        )
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"question": "ok"', "not JSON"),
        ('["a list"]', "not a JSON object"),
        ('{"answer": "x"}', 'no "question"'),
        ('{"question": "  "}', 'no "question"'),
        ('{"question": "q", "answer": 7}', '"answer" must be a non-empty string'),
        ('{"question": "q", "gold_article_ids": "a1"}', '"gold_article_ids" must be a list'),
        ('{"question": "q", "gold_sentences": [""]}', '"gold_sentences" must be a list'),
        ('{"question": "q", "answerable": "no"}', '"answerable" must be true or false'),
        ('{"question": "q", "answerable": false, "answer": "7"}', 'an "answerable": false line cannot'),
    ],
)
def test_malformed_line_names_its_number(tmp_path: Path, line: str, reason: str) -> None:
    path = write_qa(tmp_path / "qa.jsonl", [json.dumps(QA[0]), "", line])
    with pytest.raises(InputError) as info:
        load_questions(path)
    assert f"qa.jsonl line 3: {reason}" in info.value.message


def test_empty_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="holds no questions"):
        load_questions(write_qa(tmp_path / "qa.jsonl", ["", "  "]))
    with pytest.raises(InputError, match=r"cannot read .*absent.jsonl: No such file or directory$") as info:
        load_questions(tmp_path / "absent.jsonl")
    assert info.value.fix == "check the path given to --qa"  # was "fix or remove the file"
    binary = tmp_path / "qa.bin"
    binary.write_bytes(b'{"question": "x"}\n\xfc\x00')
    with pytest.raises(InputError, match=r"qa.bin: not valid UTF-8 text \(bad byte at offset 18\)$"):
        load_questions(binary)


def test_cli_json_and_text(tiny: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch, tmp_path)
    qa = write_qa(tmp_path / "qa.jsonl", QA)
    index = str(tiny.settings.storage.path)
    runner = CliRunner()
    got = runner.invoke(main, ["eval", "--qa", str(qa), "--index", index, "--k", "5", "--json"])
    assert got.exit_code == 0, got.output
    data = json.loads(got.output)
    assert data["retrieval"]["mrr@5"] == 0.75 and data["answers"]["accuracy"] == 0.75
    assert [o["qid"] for o in data["outcomes"]] == [q["qid"] for q in QA]
    assert data["outcomes"][0]["retrieved"][0] == SEED_ID
    text = runner.invoke(main, ["eval", "--qa", str(qa), "--index", index, "-k", "5"])
    assert text.exit_code == 0, text.output
    assert "Hits@1 0.750  Hits@5 0.750  MRR@5 0.750" in text.output
    assert "no gold article in the top 5: missing" in text.output
    assert "answer not in a cited sentence: abstain" in text.output
    assert "no gold article id of missing is in this index" in text.output


def test_cli_malformed_line_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch, tmp_path)
    qa = write_qa(tmp_path / "qa.jsonl", [json.dumps(QA[0]), "{oops"])
    got = CliRunner().invoke(main, ["eval", "--qa", str(qa), "--index", str(tmp_path / "none")])
    assert got.exit_code == 1
    lines = got.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "qa.jsonl line 2: not JSON" in lines[0]


# Word-overlap traps over the tiny index: each shares names and words with a real sentence
# (Turkish soldiers, Idlib, Ankara, the observatory) but nothing there answers it.
UNANSWERABLE = [
    "How many Russian soldiers were deployed in Idlib and Aleppo?",
    "Who is the governor of Idlib?",
    "What is the population of Kansafra?",
    "When did the Syrian Observatory for Human Rights open its Britain office?",
]


def test_unanswerable_block(tiny: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [QA[0], QA[1]] + [
        {"qid": f"none-{n}", "question": q, "answerable": False} for n, q in enumerate(UNANSWERABLE, 1)
    ]
    questions = load_questions(write_qa(tmp_path / "qa.jsonl", rows))
    assert [q.answerable for q in questions] == [True, True, False, False, False, False]
    report = evaluate(tiny, questions, k=5)
    by = {o.qid: o for o in report.outcomes}
    assert not by["by-id"].abstained and not by["by-url"].abstained
    assert [by[f"none-{n}"].abstained for n in range(1, 5)] == [True] * 4
    assert report.unanswerable == {"n": 4, "abstained": 4, "rate": 1.0}
    assert report.answers["answerable_abstention_rate"] == 0.0
    isolate(monkeypatch, tmp_path)
    index = str(tiny.settings.storage.path)
    got = CliRunner().invoke(main, ["eval", "--qa", str(tmp_path / "qa.jsonl"), "--index", index, "--json"])
    assert got.exit_code == 0, got.output
    assert json.loads(got.output)["unanswerable"] == {"n": 4, "abstained": 4, "rate": 1.0}
    text = CliRunner().invoke(main, ["eval", "--qa", str(tmp_path / "qa.jsonl"), "--index", index])
    assert 'unanswerable  4 marked "answerable": false:  abstained 1.000 (4 of 4)' in text.output
    assert "abstained on 0.000 of the 2 answerable" in text.output
    assert ": 6 questions, top 10 articles," in text.output
    write_qa(tmp_path / "one.jsonl", rows[:1])
    one = CliRunner().invoke(main, ["eval", "--qa", str(tmp_path / "one.jsonl"), "--index", index, "-k", "1"])
    assert ": 1 question, top 1 article," in one.output, one.output


def test_no_question_to_score_is_null_and_n_a_never_zero(
    tiny: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only unanswerable questions: no gold article and no answer to score, so Hits, MRR, accuracy
    and the abstention rate on answerable questions are JSON null and "n/a" (they read 0.0)."""
    isolate(monkeypatch, tmp_path)
    rows = [{"qid": f"none-{n}", "question": q, "answerable": False} for n, q in enumerate(UNANSWERABLE, 1)]
    qa, index = str(write_qa(tmp_path / "qa.jsonl", rows)), str(tiny.settings.storage.path)
    got = CliRunner().invoke(main, ["eval", "--qa", qa, "--index", index, "-k", "5", "--json"])
    assert got.exit_code == 0, got.output
    data = json.loads(got.output)
    assert data["retrieval"] == {"n": 0, "hits@1": None, "hits@5": None, "mrr@5": None}
    assert data["answers"]["accuracy"] is None and data["answers"]["answerable_abstention_rate"] is None
    assert data["unanswerable"]["rate"] == 1.0
    text = CliRunner().invoke(main, ["eval", "--qa", qa, "--index", index, "-k", "5"]).output
    assert "retrieval  0 with gold articles:  Hits@1 n/a  Hits@5 n/a  MRR@5 n/a" in text, text
    assert "correct n/a (0 of 0)" in text and "abstained on n/a of the 0 answerable" in text
    assert "0.000" not in text, text
