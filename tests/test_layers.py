"""The package layers stay true: a lower layer never imports a higher one, and modules never import in a cycle."""

import ast
from pathlib import Path

import pytest

WEBAPP = Path(__file__).resolve().parent.parent / "webapp"
# Lowest first. A module may import from its own layer and the layers before it.
LAYERS = ("config", "engine", "wording", "rulebook", "serving", "web", "cli", "__init__")
# Libraries a layer must not use, whatever its rank: the engine works with answers, dates and numbers only.
FORBIDDEN = {"engine": ("flask", "flask_babel", "flask_wtf", "babel", "gettext", "jinja2", "wtforms", "werkzeug")}


def module_name(path: Path, root: Path = WEBAPP) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path = WEBAPP) -> set:
    """Every module named by an import statement in `path`, at any depth, relative imports resolved."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}  # `from pkg import module`
    return found


def layer_of(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def graph(root: Path = WEBAPP) -> dict:
    modules = {module_name(p, root): p for p in root.rglob("*.py")}
    return {name: {m for m in imports_of(path, root) if m in modules and m != name} for name, path in modules.items()}


def layer_violations(edges: dict) -> list:
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    wrong = []
    for module, targets in edges.items():
        for target in targets:
            if rank[layer_of(target)] > rank[layer_of(module)]:
                wrong.append(f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})")
    return sorted(wrong)


def forbidden_imports(root: Path = WEBAPP) -> list:
    wrong = []
    for path in root.rglob("*.py"):
        module = module_name(path, root)
        for top in {name.split(".")[0] for name in imports_of(path, root)}:
            if top in FORBIDDEN.get(layer_of(module), ()):
                wrong.append(f"{module} imports {top}")
    return sorted(set(wrong))


def cycles(edges: dict) -> list:
    """Each import cycle once, as a list of modules (Tarjan's strongly connected components)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
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

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_package_is_a_known_layer():
    assert {layer_of(m) for m in graph()} <= set(LAYERS)


def test_no_module_imports_a_higher_layer():
    assert layer_violations(graph()) == []


def test_the_engine_uses_no_web_or_translation_library():
    assert forbidden_imports() == []


def test_modules_never_import_each_other_in_a_cycle():
    assert cycles(graph()) == []


@pytest.fixture
def fake_tree(tmp_path):
    root = tmp_path / "webapp"
    for package in ("engine", "web", "wording"):
        (root / package).mkdir(parents=True)
        (root / package / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    return root


def test_the_layer_check_catches_an_engine_module_importing_the_web(fake_tree):
    (fake_tree / "engine" / "model.py").write_text("from webapp.web.pages import served_rules\n")
    (fake_tree / "web" / "pages.py").write_text("from ..engine import model\n")
    assert layer_violations(graph(fake_tree)) == ["webapp.engine.model (engine) imports webapp.web.pages (web)"]


def test_the_library_check_catches_flask_in_the_engine(fake_tree):
    (fake_tree / "engine" / "model.py").write_text("def f():\n    from flask import current_app\n")
    assert forbidden_imports(fake_tree) == ["webapp.engine.model imports flask"]


def test_the_cycle_check_catches_two_modules_importing_each_other(fake_tree):
    (fake_tree / "wording" / "a.py").write_text("from webapp.wording import b\n")
    (fake_tree / "wording" / "b.py").write_text("from .a import x\n")
    assert cycles(graph(fake_tree)) == [["webapp.wording.a", "webapp.wording.b"]]
