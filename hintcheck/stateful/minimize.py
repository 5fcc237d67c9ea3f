"""Drop the steps a counterexample does not need, after Hypothesis has shrunk it.

Hypothesis shrinks the choices that generated a run, not the run itself: a
step it cannot delete without changing how later choices are read stays
in, so a shrunk trace can keep steps that play no part in the violation.
Here the path itself is minimised with the model's own semantics: a step
goes when the path without it is still enabled at every step and still
violates the property. The result is 1-minimal (and 2-minimal for short
paths): no single step, and no pair of steps, can be removed. It is not
necessarily a shortest path; breadth-first search gives that.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence

from hintcheck.interpret import apply, enabled, holds
from hintcheck.model.core import Instance, Model, Property

# Pairs are tried only on paths up to this long: (n choose 2) replays of n steps.
PAIR_LIMIT = 40


def violation_at(model: Model, prop: Property, path: Sequence[Instance]) -> int | None:
    """How many steps of `path` reach the first violation of `prop`, or None.

    None also when some step is not enabled where it is taken: such a path
    is not a run of the model.
    """
    state = model.init()
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


def minimize(model: Model, prop: Property, path: Sequence[Instance]) -> tuple[Instance, ...]:
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
    end = violation_at(model, prop, path)
    if end is None:
        return tuple(path)
    best = tuple(path[:end])
    shrunk = True
    while shrunk:
        shrunk = False
        width_limit = 2 if len(best) <= PAIR_LIMIT else 1
        for width in range(1, width_limit + 1):
            for drop in itertools.combinations(range(len(best)), width):
                candidate = tuple(inst for i, inst in enumerate(best) if i not in drop)
                cut = violation_at(model, prop, candidate)
                if cut is not None:
                    best, shrunk = candidate[:cut], True
                    break
            if shrunk:
                break
    return best
