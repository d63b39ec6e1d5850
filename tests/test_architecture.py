"""The shape of the package: layers, no import cycles, small functions.

* Layers (CLI → commands → library → methods → model, errors and labels) are the
  import-linter contract in ``pyproject.toml``; this test runs it.
* No module imports another that imports it back, directly or around a loop.
* No function runs over :data:`MAX_LINES` lines unless a ``# long:`` comment on the line
  above its ``def`` says why.
* No function imports a matrank module: imports inside functions are for heavy third-party
  packages only (pandas, openpyxl, matplotlib, jsonschema, PyYAML, DuckDB), so that a
  dependency between modules is always in plain sight at the top of the file.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "matrank"
MAX_LINES = 60


def test_layers_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=PACKAGE.parent, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


def _import_graph() -> dict[str, set[str]]:
    import grimp

    graph = grimp.build_graph("matrank", exclude_type_checking_imports=True)
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_no_module_imports_one_that_imports_it_back():
    cycles = _cycles(_import_graph())
    assert not cycles, "import cycles: " + "; ".join(" ↔ ".join(c) for c in cycles)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def long_functions() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            length = node.end_lineno - node.lineno + 1
            reason = lines[first - 2].strip().startswith("# long:") if first >= 2 else False
            if length > MAX_LINES and not reason:
                out.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name} ({length} lines)")
    return out


def test_functions_are_short_or_say_why():
    assert not long_functions(), "\n".join(long_functions())


def lazy_internal_imports() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                names = ([inner.module or ""] if isinstance(inner, ast.ImportFrom)
                         else [a.name for a in inner.names] if isinstance(inner, ast.Import) else [])
                if any(n == "matrank" or n.startswith("matrank.") for n in names):
                    out.append(f"{path.relative_to(PACKAGE.parent)}:{inner.lineno} in {node.name}")
    return out


def test_functions_import_only_heavy_third_party_packages():
    assert not lazy_internal_imports(), "\n".join(lazy_internal_imports())


def test_test_files_have_unique_basenames():
    """The test folders are not packages, so pytest imports each test file by its basename:
    two files of one name in different folders stop the whole run at collection."""
    tests = Path(__file__).resolve().parent
    seen: dict[str, Path] = {}
    clashes = []
    for path in sorted(tests.rglob("test_*.py")):
        if path.name in seen:
            clashes.append(f"{seen[path.name].relative_to(tests)} and {path.relative_to(tests)}")
        seen.setdefault(path.name, path)
    assert not clashes, "test files share a basename: " + "; ".join(clashes)


def test_the_cli_starts_without_the_heavy_packages():
    """``matrank --help`` and every command's start stay quick: the heavy packages load when a
    command needs them, not when the CLI is imported."""
    heavy = ("openpyxl", "pandas", "matplotlib", "duckdb", "docx", "yaml", "jsonschema", "pymcdm", "pint")
    probe = f"import sys, matrank.cli; print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == [], f"importing matrank.cli loads {loaded}"
