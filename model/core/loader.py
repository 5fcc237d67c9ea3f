"""Loading code written outside the project: `path/to/file.py:Name`.

Policies and models are loaded the same way. The file is imported as a
module of its own (its folder need not be a package); anything its import
raises, `SystemExit` included, is one line of the caller's error class
naming the file.
"""
from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path
from typing import Any

from hintcheck.model.core.errors import HintcheckError


def split_ref(ref: str, what: str, error: type[HintcheckError]) -> tuple[Path, str]:
    """(file, attribute name) of `path.py:Name`."""
    path_text, sep, name = ref.rpartition(":")
    if not sep or not path_text.strip() or not name.strip():
        raise error(f"{what} {ref!r}: expected path/to/file.py:Name")
    if not name.isidentifier():
        raise error(f"{what} {ref!r}: {name!r} is not a Python name")
    return Path(path_text), name


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes: the identity a trace records for a file it names."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_module(path: Path, what: str, error: type[HintcheckError]) -> Any:
    """Import `path` as a module of its own."""
    if not path.is_file():
        raise error(f"{what} file {path} not found")
    mod_name = f"hintcheck_user_{what}_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:
        raise error(f"{what} file {path}: cannot be imported as Python")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    try:
        spec.loader.exec_module(module)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 -- a user file may raise anything, SystemExit too
        sys.modules.pop(mod_name, None)
        detail = " ".join(str(exc).split())[:200]
        raise error(f"{what} file {path} failed to import: {type(exc).__name__}: {detail}") from exc
    return module


def load_ref(ref: str, what: str, error: type[HintcheckError], noun: str = "name") -> tuple[Any, str]:
    """The object `Name` of `path.py:Name`, and the reference as its label."""
    path, name = split_ref(ref, what, error)
    module = load_module(path, what, error)
    if not hasattr(module, name):
        raise error(f"{what} file {path} has no {noun} {name}")
    return getattr(module, name), ref
