"""hintcheck: a model checker for guest memory hinting protocols.

The Python API (docs/api.md): `check`, `fuzz`, `prove`, `replay`,
`load_model` and `load_policy`, each returning (or taking) the one
`Result` type of every engine.
"""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = ("check", "fuzz", "prove", "replay", "load_model", "load_policy")
_TYPES = {"Result": "hintcheck.floor", "Verdict": "hintcheck.floor", "HintcheckError": "hintcheck.model.core"}
__all__ = [*_API, *_TYPES, "__version__"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `import hintcheck` (and the CLI) stays light.
    import importlib
    if name in _API:
        return getattr(importlib.import_module("hintcheck.api"), name)
    if name in _TYPES:
        return getattr(importlib.import_module(_TYPES[name]), name)
    raise AttributeError(f"module 'hintcheck' has no attribute {name!r}")
