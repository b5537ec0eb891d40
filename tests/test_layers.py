"""Imports point one way: leaf -> adapters -> service -> front ends."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "briefing"
LEAF = {"settings", "errors", "models"}
ADAPTERS = {
    "sources",
    "fetch",
    "dates",
    "records",
    "text",
    "embedder",
    "index",
    "lexical",
    "bm25",
    "lexical_cache",
    "retrieval",
    "extractive",
}
ADAPTERS |= {"history"}  # the TUI's conversation history file beside the index
ADAPTERS |= {"paths"}  # CLI arguments -> inputs (files, walked folders, globs, URLs)
LEAF |= {"brief_models"}  # the brief's data, shared by its builders and exporters
ADAPTERS |= {"claims", "figures", "timeline", "stories", "brief_diff", "brief_export"}
SERVICE = {"service", "ingesting"}
SERVICE |= {"briefs"}
ADAPTERS |= {"llm", "prompts", "citations"}  # the LLM engine: client, prompt files, citation checks
SERVICE |= {"answering", "health"}  # engine choice and LLM orchestration; `briefing doctor`
FRONT = {"cli", "display", "tui"}
FRONT |= {"cli_brief"}
SERVICE |= {"evaluation"}  # `briefing eval`: metrics over Service.ask
SERVICE |= {"brief_llm"}  # LLM-written, checked key developments for briefs
FRONT |= {"cli_eval"}
RANK = {
    **dict.fromkeys(LEAF, 0),
    **dict.fromkeys(ADAPTERS, 1),
    **dict.fromkeys(SERVICE, 2),
    **dict.fromkeys(FRONT, 3),
}
ONLY_IMPORTER = {"chromadb": {"index"}, "llama_index": {"index"}, "openai": {"llm"}, "textual": {"tui"}}


def _modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE]


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "briefing":
                found.update(f"briefing.{alias.name}" for alias in node.names)
    return found


def test_every_module_has_a_layer() -> None:
    unknown = {_name(p) for p in _modules()} - set(RANK)
    assert not unknown, f"modules without a layer in this test: {unknown}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    me = _name(path)
    for module in _imports(path):
        top = module.split(".")[0]
        if top == "briefing" and "." in module:
            other = module.split(".")[1]
            assert RANK[other] <= RANK[me], f"{me} (layer {RANK[me]}) imports {other} (layer {RANK[other]})"
        if top in ONLY_IMPORTER:
            assert me in ONLY_IMPORTER[top], f"{me} imports {top}; only {ONLY_IMPORTER[top]} may"


def test_modules_stay_small() -> None:
    big = {p.name: n for p in _modules() if (n := len(p.read_text().splitlines())) >= 400}
    assert not big, f"modules of 400 lines or more: {big}"


def test_service_import_pulls_no_ui_and_no_llm_client() -> None:
    code = (
        "import sys, briefing.service, briefing.retrieval, briefing.extractive;"
        "bad = [m for m in ('textual', 'openai', 'click') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
