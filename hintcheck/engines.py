"""Which engine runs a `check`: one entry point for the CLI and the suites.

- "vector": the level-at-a-time numpy search (hintcheck.vector); a model
  that does not vectorise is an error naming the model and the action.
- "explore": the plain breadth-first search, the oracle.
- "auto" (default): "vector" when the model vectorises, otherwise
  "explore", with the reason recorded in `stats.extra["vector_fallback"]`.
"""
from __future__ import annotations

from hintcheck.explore import explore

from hintcheck.floor import Budget
from hintcheck.floor import Progress
from hintcheck.model.core import HintcheckError, Model, Property
from hintcheck.floor.result import Result
from hintcheck.vector import NotVectorisable, explore_vector

ENGINES = ("auto", "vector", "explore")


def run_check(model: Model, prop: Property, budget: Budget, symmetry: bool = False,
              engine: str = "auto", progress: Progress | None = None) -> Result:
    """Run one exhaustive search with the named engine ("auto" picks the fastest that applies)."""
    if engine not in ENGINES:
        raise HintcheckError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    if symmetry and not model.symmetric:
        raise HintcheckError(f"model {model.name} declares no symmetric index set: --symmetry does not apply")
    if engine == "explore":
        return explore(model, prop, budget, symmetry=symmetry, progress=progress)
    try:
        return explore_vector(model, prop, budget, symmetry=symmetry, progress=progress)
    except NotVectorisable as exc:
        reason = " ".join(str(exc).split())          # one line, whatever the model printed
        if engine == "vector":
            raise HintcheckError(f"engine vector: cannot vectorise {reason}") from None
        result = explore(model, prop, budget, symmetry=symmetry, progress=progress)
        result.stats.extra["vector_fallback"] = reason
        return result
