"""The tree is the architecture: layer folders, imports pointing down only, no import cycles.

Folders are ranked; a module may import modules of its own folder and of folders ranked strictly
lower, never higher or level. ``tui`` sits just under ``cli`` only because ``briefing`` with no
command opens the terminal UI; the TUI never imports the CLI. Every import counts (module level,
inside functions and under ``TYPE_CHECKING``) and no two modules may import each other, directly
or around a loop.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "briefing"
LAYERS = ["core", "text", "inputs", "store", "llm", "qa", "brief", "service", "tui", "cli"]
RANK = {
    name: rank
    for rank, layer in enumerate(LAYERS)
    for name in (layer if isinstance(layer, tuple) else (layer,))
}
ONLY_IMPORTER = {
    "chromadb": {"store"},
    "llama_index": {"store"},
    "openai": {"llm"},
    "textual": {"tui"},
    "click": {"cli"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _folder(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in RANK) else None


def _imports(path: Path) -> set[str]:
    """Every briefing module (or third-party top-level package) this file imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            for alias in node.names:
                if f"{node.module}.{alias.name}" in MODULES:
                    found.add(f"{node.module}.{alias.name}")
    return found


GRAPH = {name: {m for m in _imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def test_every_module_lives_in_a_layer() -> None:
    loose = [m for m in MODULES if m not in ("briefing", "briefing.__main__") and _folder(m) is None]
    assert not loose, f"modules outside the layer folders: {loose}"


@pytest.mark.parametrize("name", sorted(MODULES), ids=str)
def test_imports_point_down(name: str) -> None:
    mine = _folder(name)
    if mine is None:
        return
    for module in _imports(MODULES[name]):
        top = module.split(".")[0]
        if top in ONLY_IMPORTER:
            assert mine in ONLY_IMPORTER[top], f"{name} imports {top}; only {ONLY_IMPORTER[top]} may"
        other = _folder(module) if module in MODULES else None
        if other is None or other == mine:
            continue
        assert RANK[other] < RANK[mine], (
            f"{name} ({mine}, rank {RANK[mine]}) imports {module} (rank {RANK[other]})"
        )


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in GRAPH:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles() -> None:
    assert _cycles() == []


def test_the_cycle_check_finds_a_cycle() -> None:
    """The check itself can fail: two modules importing each other form a component."""
    GRAPH["briefing.core.errors"].add("briefing.core.models")
    GRAPH["briefing.core.models"].add("briefing.core.errors")
    try:
        assert ["briefing.core.errors", "briefing.core.models"] in _cycles()
    finally:
        GRAPH["briefing.core.errors"].discard("briefing.core.models")
        GRAPH["briefing.core.models"] = {m for m in _imports(MODULES["briefing.core.models"]) if m in MODULES}


def test_modules_stay_small() -> None:
    big = {name: n for name, p in MODULES.items() if (n := len(p.read_text().splitlines())) >= 400}
    assert not big, f"modules of 400 lines or more: {big}"


def test_service_import_pulls_no_ui_and_no_llm_client() -> None:
    code = (
        "import sys, briefing.service.facade, briefing.qa.retrieval, briefing.qa.extractive;"
        "bad = [m for m in ('textual', 'openai', 'click') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
