"""Drop the steps a counterexample does not need, after Hypothesis has shrunk it.

Hypothesis shrinks the choices that generated a run, not the run itself: a
step it cannot delete without changing how later choices are read stays
in, so a shrunk trace can keep steps that play no part in the violation.
Here the path itself is minimised with the model's own semantics: a step
goes when the path without it is still enabled at every step and still
violates the property; when no step or pair of steps can go, a step is
replaced by another action instance while another one goes (a detour
through a different argument). The result is 1-minimal (and 2-minimal
for short paths). It is not necessarily a shortest path; breadth-first
search gives that.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from hintcheck.floor.interpret import apply, enabled, holds
from hintcheck.model.core import Instance, Model, Property

# Pairs are tried only on paths up to this long: (n choose 2) replays of n steps.
PAIR_LIMIT = 40
# Replace-and-drop is tried only when it costs at most this many replays
# (steps x instances x steps): a few seconds at most.
SWAP_LIMIT = 20_000


def violation_at(model: Model, prop: Property, path: Sequence[Instance], start: Any = None) -> int | None:
    """How many steps of `path` from `start` (default: the first initial state) reach a violation of `prop`.

    None when there is none, and also when some step is not enabled where it
    is taken: such a path is not a run of the model.
    """
    state = model.init() if start is None else start
    if not holds(model, prop, None, None, state):
        return 0
    for k, inst in enumerate(path, start=1):
        if not enabled(model, inst, state):
            return None
        after = apply(model, inst, state)
        if not holds(model, prop, state, inst.step, after):
            return k
        state = after
    return None


def minimize(model: Model, prop: Property, path: Sequence[Instance], start: Any = None) -> tuple[Instance, ...]:
    """A sub-sequence of `path` that still violates `prop`, with no removable step or pair.

    Parameters
    ----------
    model, prop : Model, Property
        The model the path runs on and the property it violates.
    path : sequence of Instance
        A violating run from the initial state.

    Returns
    -------
    tuple of Instance
        `path` itself when it does not violate `prop` (the caller's trace
        check then reports the engine error), else a minimised sub-sequence.
    """
    def at(candidate: Sequence[Instance]) -> int | None:
        return violation_at(model, prop, candidate, start)

    end = at(path)
    if end is None:
        return tuple(path)
    best = tuple(path[:end])
    while True:
        shorter = _drop(at, best) or _swap_and_drop(model, at, best)
        if shorter is None:
            return best
        best = shorter


def _drop(at: Callable[[Sequence[Instance]], int | None], best: tuple[Instance, ...]) -> tuple[Instance, ...] | None:
    """`best` without one step (or, on short paths, two) that still violates, or None."""
    widths = (1, 2) if len(best) <= PAIR_LIMIT else (1,)
    for width in widths:
        for drop in itertools.combinations(range(len(best)), width):
            candidate = tuple(inst for i, inst in enumerate(best) if i not in drop)
            cut = at(candidate)
            if cut is not None:
                return candidate[:cut]
    return None


def _swap_and_drop(model: Model, at: Callable[[Sequence[Instance]], int | None],
                   best: tuple[Instance, ...]) -> tuple[Instance, ...] | None:
    """`best` with step i replaced by another instance and step j dropped, or None."""
    n = len(best)
    if n * n * len(model.instances) > SWAP_LIMIT:
        return None
    for i, j in itertools.permutations(range(n), 2):
        for other in model.instances:
            if other is best[i]:
                continue
            candidate = tuple(other if k == i else inst for k, inst in enumerate(best) if k != j)
            cut = at(candidate)
            if cut is not None:
                return candidate[:cut]
    return None
