"""Deadlock: a reachable state in which no action is enabled and the run is not meant to stop.

TLC reports such a state by default, and so does hintcheck: every model
gets the invariant `no_deadlock` beside its own properties, true in a
state where some action instance (the policy's own actions included) is
enabled or which the model declares terminal (`ModelSpec.terminal`, for
example "migration done"). Its shortest counterexample is the shortest
path to a dead state. A model that stops on purpose in states it cannot
name sets `ModelSpec(deadlock=False)`; a run drops it with `--no-deadlock`.
The invariant is written with the expression helpers, so every engine
checks it as it checks any other.
"""
from __future__ import annotations

from typing import Any, Callable

from hintcheck.model.core.expr import Or
from hintcheck.model.core.property import Property

NAME = "no_deadlock"


def no_deadlock(terminal: Callable[..., Any] | None) -> Property:
    """The invariant "some action is enabled, or the state is terminal"."""
    def predicate(m: Any, s: Any) -> Any:
        enabled = [inst.action.guard(m, s, *inst.args) for inst in m.instances]
        return Or(*([terminal(m, s)] if terminal is not None else []), *enabled)
    return Property(NAME, "invariant", predicate,
                    "No deadlock: in every reachable state an action is enabled, or the model declares it terminal.")
