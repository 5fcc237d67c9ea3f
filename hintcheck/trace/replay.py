"""Replay a trace: re-execute it from the initial state and re-judge it.

Each step must name an action instance of the model, be enabled, and lead
to the recorded state. The first step that differs is reported with what
differs. The verdict is `violated` when the trace's property fails at some
step (the step is reported), `no violation found` otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hintcheck.floor.interpret import apply, costed, enabled, find_instance, holds
from hintcheck.model.core import HintcheckError, Model, Property
from hintcheck.model.registry import load_spec
from hintcheck.floor.result import Verdict
from hintcheck.trace.format import Trace, TraceError, state_from_json, state_to_json


class Divergence(HintcheckError):
    """The trace does not replay: a step is unknown, disabled, or leads elsewhere."""


@dataclass
class Replayed:
    verdict: Verdict
    steps: int
    violated_at: int | None      # 1-based step at which the property failed, 0 = initial state
    states: list[Any]


def model_for(trace: Trace) -> Model:
    """Build the model a trace was recorded on; bad names become TraceError."""
    try:
        spec = load_spec(trace.model)
        params = {k: v for k, v in trace.params.items()}
        model = spec.build(trace.policy, params)
        model.property_named(trace.property)
    except HintcheckError as exc:
        raise TraceError(f"trace is for {trace.model}/{trace.policy}: {exc}") from None
    return model


def _diff(model: Model, recorded: dict[str, Any], actual: dict[str, Any]) -> str:
    for f in model.fields:
        if recorded.get(f.name) != actual.get(f.name):
            return f"recorded {f.name}={recorded.get(f.name)}, replay gives {f.name}={actual.get(f.name)}"
    return "states differ"


def replay(trace: Trace, model: Model | None = None, prop: Property | None = None) -> Replayed:
    """Re-execute `trace`; raise Divergence at the first step that does not match.

    The property re-judged is `prop` when given (one the model does not
    list, such as `worst`'s bounds), else the model's property the trace names.
    """
    model = model or model_for(trace)
    if trace.model != model.name:
        raise TraceError(f"trace is for model {trace.model}, not {model.name}")
    prop = prop if prop is not None else model.property_named(trace.property)
    state = model.init()
    if dict(trace.init) != state_to_json(model, state):
        initial = dict(trace.init)
        state_from_json(model, initial, "initial state")    # names an ill-formed field first
        raise Divergence(f"initial state: {_diff(model, initial, state_to_json(model, state))}")
    states = [state]
    violated_at = None if holds(model, prop, None, None, state) else 0
    for k, (step, recorded) in enumerate(zip(trace.steps, trace.states), start=1):
        inst = find_instance(model, step)
        if inst is None:
            raise Divergence(f"step {k} {step}: no such action instance in {model.label}")
        where = f" (replaying step {k})"
        if not enabled(model, inst, state, where):
            raise Divergence(f"step {k} {step}: not enabled in the state before it")
        if step.cost and dict(costed(model, inst, state).cost) != dict(step.cost):
            raise Divergence(f"step {k} {step}: recorded cost {dict(step.cost)}, "
                             f"replay gives {dict(costed(model, inst, state).cost)}")
        after = apply(model, inst, state, where)
        actual = state_to_json(model, after)
        if dict(recorded) != actual:
            state_from_json(model, dict(recorded), f"step {k} {step}")
            raise Divergence(f"step {k} {step}: {_diff(model, dict(recorded), actual)}")
        if violated_at is None and not holds(model, prop, state, step, after):
            violated_at = k
        state = after
        states.append(state)
    verdict = Verdict.VIOLATED if violated_at is not None else Verdict.NO_VIOLATION_FOUND
    return Replayed(verdict, len(trace.steps), violated_at, states)
