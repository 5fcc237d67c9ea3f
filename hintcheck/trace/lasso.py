"""A lasso judged on concrete states: does the loop close, is it fair, does the liveness property fail along it.

The run is `states[0..loop-1]` once, then `states[loop..]` for ever (the
last state is `states[loop]` again); with `loop` equal to the number of
steps the run ends in a state where no action is enabled and stays there.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hintcheck.floor.interpret import enabled
from hintcheck.model.core import Fair, Instance, Model, Property


def recorded_fairness(meta: Mapping[str, Any]) -> tuple[Fair, ...]:
    """The fairness a trace records (`meta["fairness"]`, `Fair.to_json`); ValueError when it is malformed."""
    items = meta.get("fairness", ())
    if not isinstance(items, list):
        raise ValueError("meta.fairness is not a list")
    return tuple(Fair.from_json(item) for item in items)


def _covers(fair: Fair, inst: Instance) -> bool:
    return fair.covers(inst.action.name, inst.step.args)


def unfair(model: Model, cycle_states: Sequence[Any], cycle_steps: Sequence[Instance],
           fairness: Sequence[Fair]) -> str | None:
    """Why the loop is not a fair run, or None when it is."""
    for fair in fairness:
        taken = any(_covers(fair, inst) for inst in cycle_steps)
        on = [any(_covers(fair, inst) and enabled(model, inst, s) for inst in model.instances)
              for s in cycle_states]
        if fair.strong and any(on) and not taken:
            return f"{fair}: enabled in the loop and never taken there"
        if not fair.strong and all(on) and not taken:
            return f"{fair}: enabled all along the loop and never taken there"
    return None


def violates(model: Model, prop: Property, states: Sequence[Any], loop: int) -> bool:
    """Whether the lasso run violates the liveness property `prop`."""
    p = [bool(prop.predicate(model, s)) for s in states]
    in_loop = range(loop, len(states))
    if prop.form == "eventually":
        return not any(p)
    if prop.form == "always_eventually":
        return not any(p[i] for i in in_loop)
    if prop.form == "eventually_always":
        return not all(p[i] for i in in_loop)
    if prop.form == "leads_to":
        assert prop.then is not None
        q = [bool(prop.then(model, s)) for s in states]
        q_in_loop = any(q[i] for i in in_loop)
        return any(p[i] and not any(q[i:]) and not q_in_loop for i in range(len(states)))
    raise ValueError(f"unknown liveness form {prop.form!r}")
