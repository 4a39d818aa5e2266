"""No import cycles between the modules of ``src/nlc``.

Every module is parsed with :mod:`ast` (nothing is imported), and every ``import`` statement in
it counts: at module level, inside functions and classes, and under ``if TYPE_CHECKING:``. A
function-level import hides a cycle from Python but not from the reader, so it counts here.

How an import becomes an edge of the module graph:

- ``import a.b.c`` depends on ``a.b.c``; ``from a.b import c`` on ``a.b.c`` when that is a
  module, on ``a.b`` otherwise (``c`` is then a name defined in ``a.b``).
- Relative imports are resolved against the importing module's package (a package's
  ``__init__`` is its own package).
- Importing a package means depending on its ``__init__`` only. Python also runs the
  ``__init__`` of every parent package first, but that implicit step is not an edge:
  otherwise a package whose ``__init__`` re-exports its submodules (``nlc.network`` does)
  would be in a cycle with each of them. A submodule that imports a sibling directly
  (``from nlc.network.model import Network``) does not depend on the package's
  ``__init__``; one that imports the package itself (``from nlc.network import Network``)
  does, and if that ``__init__`` imports the submodule back, that is a cycle.
- Only modules of ``nlc`` are nodes; a module importing itself is not an edge.
- Modules Django imports from dotted strings (settings, ``include("...urls")``) are not
  import statements and are not counted.

A cycle is a strongly connected component of more than one module.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def module_names(src: Path = SRC) -> dict[str, Path]:
    """Module name -> file for every module under ``src/nlc``."""
    names = {}
    for path in sorted((src / "nlc").rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imported_modules(name: str, path: Path, modules: set[str]) -> set[str]:
    """The modules of ``modules`` that the module ``name`` (at ``path``) imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        found.update(t for t in targets if t in modules and t != name)
    return found


def import_graph(src: Path = SRC) -> dict[str, set[str]]:
    files = module_names(src)
    return {name: imported_modules(name, path, set(files)) for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
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
                    found.append(sorted(component))
    return sorted(found)


def describe(component: list[str], graph: dict[str, set[str]]) -> str:
    members = set(component)
    edges = [f"    {a} -> {b}" for a in component for b in sorted(graph[a] & members)]
    return "\n".join([" <-> ".join(component), *edges])


def test_it_finds_a_cycle_hidden_in_a_function(tmp_path):
    package = tmp_path / "nlc" / "app"
    package.mkdir(parents=True)
    (tmp_path / "nlc" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("from nlc.app.a import thing\n")
    (package / "a.py").write_text("from . import b\nthing = 1\n")
    (package / "b.py").write_text("def f():\n    from .a import thing\n    return thing\n")
    (package / "c.py").write_text("from nlc.app import thing\n")
    graph = import_graph(tmp_path)
    assert graph["nlc.app"] == {"nlc.app.a"}
    assert graph["nlc.app.a"] == {"nlc.app.b"}
    assert graph["nlc.app.c"] == {"nlc.app"}
    assert cycles(graph) == [["nlc.app.a", "nlc.app.b"]]


def test_it_counts_a_package_import_as_its_init_only(tmp_path):
    package = tmp_path / "nlc" / "app"
    package.mkdir(parents=True)
    (tmp_path / "nlc" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("from nlc.app.a import thing\n")
    (package / "a.py").write_text("import nlc.app.b\nthing = 1\n")
    (package / "b.py").write_text("from nlc.app import a\n")
    graph = import_graph(tmp_path)
    assert graph["nlc.app.b"] == {"nlc.app.a"}
    assert cycles(graph) == [["nlc.app.a", "nlc.app.b"]]
    (package / "b.py").write_text("X = 1\n")
    assert cycles(import_graph(tmp_path)) == []


def test_it_has_no_import_cycles():
    graph = import_graph()
    assert len(graph) > 50, "src/nlc was not found"
    found = cycles(graph)
    assert not found, "import cycles in src/nlc:\n" + "\n".join(describe(c, graph) for c in found)
