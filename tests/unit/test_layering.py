"""Arrows point one way: engines know the model interface, models never import engines."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Modules that join engines to the catalogue of models may name the registry.
CATALOGUE = {"hintcheck.model.registry"}


def _imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _files(folder):
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, f"no Python files under {folder}"
    return files


def test_engines_import_only_the_model_core():
    for path in _files("hintcheck"):
        for mod in _imports(path):
            if mod.startswith("hintcheck.model.") and not mod.startswith("hintcheck.model.core"):
                assert mod in CATALOGUE, f"{path.relative_to(ROOT)} imports {mod}"


def test_models_and_properties_import_no_engine():
    for folder in ("model", "properties"):
        for path in _files(folder):
            for mod in _imports(path):
                if mod.startswith("hintcheck."):
                    assert mod.startswith(("hintcheck.model", "hintcheck.properties")), \
                        f"{path.relative_to(ROOT)} imports engine module {mod}"
