"""The house rules that import-linter cannot state (its contracts, in pyproject.toml, run in
`make test`): one module per domain registered from one list, no domain reaching another's
private names, no import hidden in a function, guards that cannot go missing."""

import ast
from pathlib import Path

import grimp
import pytest

from cxflow.app import MODULES
from cxflow.workflows import engine
from cxflow.workflows.definitions import WORKFLOWS

PACKAGE = Path(__file__).resolve().parent.parent / "cxflow"
# Packages that are not domains: shared code and the composition root's demo data.
NOT_DOMAINS = {"core", "demo"}


def _domains() -> set[str]:
    return {
        p.name
        for p in PACKAGE.iterdir()
        if (p / "__init__.py").exists() and p.name not in NOT_DOMAINS
    }


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _domain_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def test_every_domain_declares_one_module_and_the_app_registers_each_once():
    names = [module.name for module in MODULES]
    assert len(names) == len(set(names))
    assert set(names) == _domains()
    for name in names:
        assert (PACKAGE / name / "module.py").exists()


def test_every_blueprint_of_the_app_comes_from_a_module(app):
    declared = {bp.name for m in MODULES for bp in (*m.blueprints, *m.api_blueprints)}
    assert set(app.blueprints) - {"api-docs"} == declared


def test_no_domain_imports_another_domains_private_names():
    offences = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(
                "cxflow."
            ):
                continue
            target = node.module.split(".")[1]
            if target == _domain_of(path):
                continue
            for alias in node.names:
                if alias.name.startswith("_"):
                    offences.append(f"{path.relative_to(PACKAGE)}: {node.module}.{alias.name}")
    assert offences == []


def test_no_import_is_hidden_inside_a_function():
    """Imports inside functions dodge import loops; the layers leave none to dodge."""
    hidden = [
        f"{path.relative_to(PACKAGE)}:{inner.lineno}"
        for path, tree in _sources()
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(function)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    ]
    assert hidden == []


def test_every_declared_guard_is_registered(app):
    engine.check_guards()  # what create_app does: it raises when a guard is missing
    declared = {(w.name, event) for w in WORKFLOWS.values() for event in w.guards}
    assert declared == {
        ("roadmap", "approve"),
        ("activity", "complete"),  # a line the CX cycle completes: by hand with a document
        ("cycle", "advance"),
        ("maturity_control", "operate"),
        ("maturity_level", "reach"),
        ("maturity_level", "lose"),
    }


def test_a_missing_guard_stops_the_app(monkeypatch):
    guards = {name: dict(events) for name, events in engine.GUARDS.items()}
    del guards["cycle"]["advance"]
    monkeypatch.setattr(engine, "GUARDS", guards)
    with pytest.raises(RuntimeError, match=r"declared but not registered.*cycle"):
        engine.check_guards()


def test_no_module_imports_itself_round_about():
    """No import cycle even between the modules of one package (import-linter's layers
    cover packages and the order inside a domain, not every module)."""
    graph = grimp.build_graph("cxflow", cache_dir=None)
    imports = {name: graph.find_modules_directly_imported_by(name) for name in graph.modules}
    cycles = [
        (a, b)
        for a, targets in imports.items()
        for b in targets
        if graph.chain_exists(importer=b, imported=a, as_packages=False)
    ]
    assert cycles == []
