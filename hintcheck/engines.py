"""Which engine runs a `check`: one entry point for the CLI and the suites."""
from __future__ import annotations

from hintcheck.explore import Budget, explore
from hintcheck.explore.bfs import Progress
from hintcheck.model.core import HintcheckError, Model, Property
from hintcheck.result import Result

ENGINES = ("auto", "explore")


def run_check(model: Model, prop: Property, budget: Budget, symmetry: bool = False,
              engine: str = "auto", progress: Progress | None = None) -> Result:
    """Run one exhaustive search with the named engine ("auto" picks the fastest that applies)."""
    if engine not in ENGINES:
        raise HintcheckError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    if symmetry and not model.symmetric:
        raise HintcheckError(f"model {model.name} declares no symmetric index set: --symmetry does not apply")
    return explore(model, prop, budget, symmetry=symmetry, progress=progress)
