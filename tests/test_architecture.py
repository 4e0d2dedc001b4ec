"""The layout holds: imports run one way (docs/architecture.md, "The stage map"), no module
imports another that imports it back, and the pure modules of a stage never meet the store."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
STAGES = ("stories", "entities", "events", "compare", "search", "sources", "monitor")
# The modules of a stage package that read and write the database; everything else is pure.
GLUE = {"stage", "store", "keyword", "semantic"}

# Layers, left to right: a module may import its own layer or one to its left.
LAYERS: list[tuple[str, ...]] = [
    ("marsad", "marsad.model", "marsad.errors", "marsad.jsonlines"),
    ("marsad.text", "marsad.ingest", "marsad.dedupe", "marsad.embed"),
    ("stage-pure", "marsad.store"),
    ("stage-glue", "marsad.export"),
    ("marsad.pipeline", "marsad.reprocess", "marsad.workers"),
    ("marsad.distributed",),
    ("marsad.api", "marsad.web"),
    ("marsad.cli",),
]


def modules() -> dict[str, Path]:
    out = {}
    for path in (SRC / "marsad").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = modules()


def imports_of(name: str) -> set[str]:
    """Every Marsad module ``name`` imports, at the top or inside a function."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        found.update(t for t in targets if t in MODULES and t != name)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def layer_of(name: str) -> int:
    parts = name.split(".")
    if len(parts) >= 2 and parts[1] in STAGES:
        key = "stage-glue" if len(parts) == 3 and parts[2] in GLUE else "stage-pure"
        return next(i for i, layer in enumerate(LAYERS) if key in layer)
    for i, layer in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in layer if p != "marsad"):
            return i
    if name == "marsad":
        return 0
    raise AssertionError(f"{name} is in no layer of docs/architecture.md: add it to LAYERS")


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
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
    return found


def test_cycle_finder_finds_a_circle_through_three_modules() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_another_that_imports_it_back() -> None:
    assert cycles(GRAPH) == []


def test_imports_run_one_way() -> None:
    wrong = [f"{name} (layer {layer_of(name)}) imports {dep} (layer {layer_of(dep)})"
             for name, deps in sorted(GRAPH.items()) for dep in sorted(deps) if layer_of(dep) > layer_of(name)]
    assert wrong == []


@pytest.mark.parametrize("stage", STAGES)
def test_pure_modules_of_a_stage_import_no_sqlalchemy(stage: str) -> None:
    pure = [n for n in MODULES if n.startswith(f"marsad.{stage}.") and n.rsplit(".", 1)[1] not in GLUE]
    assert pure, f"marsad.{stage} has no pure module"
    for name in [f"marsad.{stage}", *pure]:
        tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
        touched = {a.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
        touched |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert "sqlalchemy" not in touched, f"{name} is pure but imports SQLAlchemy"
        assert not {d for d in GRAPH[name] if d.startswith("marsad.store")}, f"{name} is pure but imports the store"


def test_every_stage_package_has_its_glue_in_a_stage_or_store_module() -> None:
    for stage in STAGES:
        assert {f"marsad.{stage}.stage", f"marsad.{stage}.store"} & set(MODULES), stage
