"""The package's layers (docs/architecture.md, "Layers"): no import cycles anywhere, imports pointing down.

import-linter's contracts in pyproject.toml (run by ``make test`` as ``lint-imports``) hold the
layer order; this test also runs them, and looks for cycles between any two modules, counting
imports under ``TYPE_CHECKING`` and inside functions (grimp sees both).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

REPO_ROOT = Path(__file__).resolve().parent.parent


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that import each other, directly or not (size > 1 only)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph.get(node, ()):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def import_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph("streamlib", exclude_type_checking_imports=False, cache_dir=None)
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def test_tarjan_finds_a_cycle() -> None:
    # The check below is only as good as this function: it must see a three-module loop.
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    cycles = strongly_connected(import_graph())
    assert not cycles, "modules that import each other (cut with a narrow Protocol): " + "; ".join(
        " <-> ".join(c) for c in cycles
    )


def test_the_ownership_core_imports_nothing_above_it() -> None:
    graph = import_graph()
    upward = sorted(
        f"{m} -> {i}"
        for m, imported in graph.items()
        if m.startswith("streamlib.gpu")
        for i in imported
        if not i.startswith("streamlib.gpu")
    )
    assert not upward


def test_import_linter_contracts_hold() -> None:
    done = subprocess.run(
        [Path(sys.executable).parent / "lint-imports", "--no-cache"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout
