"""The largest value a cost counter reaches, with a shortest path to it.

For cost counters kept in the state (the hotplug model's resizes per
batch), the worst case is the largest value of the field over the
reachable states meeting some conditions. It is found with the plain
breadth-first engine: check "field <= k" for growing k; each violation
gives a shortest path to a larger value, and the first k that holds
exhaustively is the worst case.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hintcheck.engines import run_engine
from hintcheck.trace.format import step_json
from hintcheck.floor import Budget, Request, Verdict
from hintcheck.model.core import And, Implies, Model, Property


def at_most(field: str, where: Sequence[tuple[str, int]], k: int) -> Property:
    """The invariant "`field` <= k in every state where each (name, value) of `where` holds"."""
    def pred(m: Any, s: Any) -> Any:
        cond = And(*(getattr(s, name) == value for name, value in where))
        return Implies(cond, getattr(s, field) <= k)
    return Property(f"{field}_at_most_{k}", "invariant", pred, f"{field} <= {k}")


def worst_case(model: Model, field: str, where: Sequence[tuple[str, int]],
               budget: Budget) -> dict[str, Any]:
    """The largest `field` over reachable states meeting `where`, and a shortest path to it.

    Returns the policy, the worst value (None when no such state is
    reachable), the verdict of the last search (`holds` when the answer is
    exhaustive), its state count and the steps of the path, as text and
    as `witness` objects (the shape `cost` gives its worst's path).
    """
    k, trace = -1, None
    while True:
        result = run_engine("explore", Request(model, at_most(field, where, k), budget))
        if result.verdict is not Verdict.VIOLATED:
            break
        trace = result.trace
        k = int((trace.states[-1] if trace.steps else trace.init)[field])
    return {"policy": model.policy.name, "worst": k if trace is not None else None,
            "verdict": result.verdict.value, "states": result.stats.states,
            "steps": [str(st) for st in trace.steps] if trace is not None else [],
            "witness": [step_json(st) for st in trace.steps] if trace is not None else []}
