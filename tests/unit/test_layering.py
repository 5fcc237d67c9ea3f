"""Arrows point one way: the floor, then the engines, then the library, then the CLI.

- models and properties import no engine (only the model core and each other);
- the floor imports only itself and the model core;
- an engine (every package under hintcheck/ that is not the floor or a
  library layer) imports the floor, the model core, traces and itself, and
  never another engine, the runner or the CLI;
- the CLI uses only the library surface: runner, engine registry, floor,
  traces, the model core and the model catalogue.
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "hintcheck"
LAYERS = {"floor", "trace", "runner", "cli"}         # every other subpackage is an engine
CATALOGUE = "hintcheck.model.registry"                 # joins engines to the shipped models


def _imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _files(folder):
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, f"no Python files under {folder}"
    return files


def _engines():
    found = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists() and p.name not in LAYERS)
    assert {"explore", "vector", "stateful", "symbolic"} <= set(found), found
    return found


def _within(mod, *prefixes):
    return any(mod == p or mod.startswith(p + ".") for p in prefixes)


def test_models_and_properties_import_no_engine():
    for folder in ("model", "properties"):
        for path in _files(folder):
            for mod in _imports(path):
                if mod.startswith("hintcheck."):
                    assert _within(mod, "hintcheck.model", "hintcheck.properties"), \
                        f"{path.relative_to(ROOT)} imports engine module {mod}"


def test_the_floor_imports_only_itself_and_the_model_core():
    for path in _files("hintcheck/floor"):
        for mod in _imports(path):
            if mod.startswith("hintcheck"):
                assert _within(mod, "hintcheck.floor", "hintcheck.model.core"), \
                    f"{path.relative_to(ROOT)} imports {mod}"


def test_engines_import_the_floor_and_never_each_other():
    engines = _engines()
    for name in engines:
        allowed = ("hintcheck.floor", "hintcheck.model.core", "hintcheck.trace", f"hintcheck.{name}")
        for path in _files(f"hintcheck/{name}"):
            for mod in _imports(path):
                if mod.startswith("hintcheck"):
                    assert _within(mod, *allowed), f"{path.relative_to(ROOT)} imports {mod}"


def test_traces_import_no_engine():
    for path in _files("hintcheck/trace"):
        for mod in _imports(path):
            if mod.startswith("hintcheck"):
                assert _within(mod, "hintcheck.floor", "hintcheck.model.core", "hintcheck.trace", CATALOGUE), \
                    f"{path.relative_to(ROOT)} imports {mod}"


def test_the_cli_uses_only_the_library_surface():
    surface = ("hintcheck.runner", "hintcheck.engines", "hintcheck.floor", "hintcheck.trace",
               "hintcheck.model.core", CATALOGUE, "hintcheck.cli")
    for path in _files("hintcheck/cli"):
        for mod in _imports(path):
            if mod.startswith("hintcheck"):
                assert _within(mod, *surface), f"{path.relative_to(ROOT)} imports {mod}"


def test_nothing_below_the_cli_imports_it():
    for path in _files("hintcheck"):
        if "cli" in path.relative_to(PACKAGE).parts or path.name == "__main__.py":   # the entry point is above it
            continue
        for mod in _imports(path):
            assert not _within(mod, "hintcheck.cli"), f"{path.relative_to(ROOT)} imports {mod}"
