"""Replay a trace: re-execute it from the initial state and re-judge it.

Everything is checked before anything runs: `Trace.load` checks the JSON
types of every field (hintcheck/trace/format.py); `model_for` checks the
model, parameters and property, and every recorded state against the
model's fields and domains, using the model's own registry policy; only
then does it load the trace's policy. Each step must then name an action
instance of the model, be enabled, and lead to the recorded state. The
first step that differs is reported with what differs. The verdict is
`violated` when the trace's property fails at some step (the step is
reported), `no violation found` otherwise.

A policy file is code, and a trace may come from someone else. Replay
imports the file a trace names only when its SHA-256 is the one the trace
recorded (the file is the one the trace was made with), or when the caller
names the policy itself (`policy=`, `hintcheck replay --policy`), which
replaces the trace's. A trace that names a file and records no SHA-256
(written before traces recorded one) is refused without `policy=`. A
matching SHA-256 says the file is the one the trace was made with, not that
it is safe to run.

LIMITATION: the file is hashed, then imported by path, so a file replaced
between the two is imported unchecked; closing that needs the loader
(hintcheck.model.core.loader) to import the bytes it hashed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hintcheck.floor.interpret import apply, costed, enabled, find_instance, holds
from hintcheck.model.core import HintcheckError, Instance, Model, ModelError, ModelSpec, Property
from hintcheck.model.registry import load_spec
from hintcheck.floor.result import Verdict
from hintcheck.trace.lasso import recorded_fairness, unfair, violates
from hintcheck.trace.format import (Trace, TraceError, policy_digest, policy_file, state_from_json,
                                    state_to_json)


class Divergence(HintcheckError):
    """The trace does not replay: a step is unknown, disabled, or leads elsewhere."""


@dataclass
class Replayed:
    verdict: Verdict
    steps: int
    violated_at: int | None      # 1-based step at which the property failed, 0 = initial state
    states: list[Any]


def check_states(model: Model, trace: Trace) -> None:
    """Every recorded state (the initial one and each step's) is a state of `model`; else TraceError."""
    state_from_json(model, dict(trace.init), "initial state")
    for k, (step, recorded) in enumerate(zip(trace.steps, trace.states), start=1):
        state_from_json(model, dict(recorded), f"step {k} {step}")


def _trusted_file(kind: str, ref: str, recorded: str | None, flag: str) -> None:
    """Refuse a `file.py:Name` the trace names unless its bytes are the ones the trace recorded."""
    path = policy_file(ref)
    if path is None:
        return
    if recorded is None:
        raise TraceError(f"trace {kind} {ref} is a file and the trace records no SHA-256 of it "
                         f"(an older trace): it is not run; pass {flag} to replay it")
    try:
        now = policy_digest(path)
    except OSError as exc:
        raise TraceError(f"trace {kind} file {path}: cannot read ({exc.strerror or exc})") from None
    except ValueError as exc:                         # a NUL byte in the name
        raise TraceError(f"trace {kind} file {str(path)!r:.80}: {exc}") from None
    if now != recorded:
        raise TraceError(f"trace {kind} file {path} has changed since the trace was recorded "
                         f"(SHA-256 {now[:12]}..., recorded {recorded[:12]}...): it is not run; "
                         f"pass {flag} to replay it against this file")


def _trusted_policy(spec: ModelSpec, trace: Trace) -> str:
    """The trace's policy, once it is a registry name or a file whose bytes the trace recorded."""
    if trace.policy not in spec.policies:
        _trusted_file("policy", trace.policy, trace.policy_sha256, "--policy FILE:Class")
    return trace.policy


def model_for(trace: Trace, policy: str | None = None, model: str | None = None) -> Model:
    """Build the model a trace was recorded on, with its recorded states checked first.

    Parameters
    ----------
    trace : the trace.
    policy : a registry name or `path.py:Class` to replay the trace with
        instead of the trace's own policy: the caller vouches for it.
    model : a `path.py:Spec` (or a registry name) in place of the model the
        trace names: the caller vouches for it. A model file the trace names
        is loaded only when its bytes are the ones the trace recorded.

    Raises
    ------
    TraceError
        An unknown model, parameter, property or policy; a recorded state
        that is not a state of the model; a policy file that is not the one
        the trace was recorded with (or of unknown identity). Nothing of the
        trace's policy has run when it is raised for a state or an identity.
    """
    ref = model if model is not None else trace.model
    label = f"{ref}/{policy or trace.policy}"
    if model is None:
        _trusted_file("model", trace.model, trace.model_sha256, "--model FILE:Spec")
    try:
        spec = load_spec(ref)
        shape = spec.build(None, dict(trace.params))   # a registry policy: fields and sizes only
        shape.property_named(trace.property)
    except HintcheckError as exc:
        raise TraceError(f"trace is for {label}: {exc}") from None
    check_states(shape, trace)
    chosen = policy if policy is not None else _trusted_policy(spec, trace)
    try:
        return spec.build(chosen, dict(trace.params))
    except HintcheckError as exc:
        raise TraceError(f"trace is for {label}: {exc}") from None


def _normal(model: Model, recorded: Any, where: str) -> dict[str, Any]:
    """A recorded state as this model writes it: fields a trace may leave out (one possible value) filled in."""
    return state_to_json(model, state_from_json(model, dict(recorded), where))


def _initial(model: Model, recorded: dict[str, Any]) -> Any:
    """The model's initial state the trace starts from (a Divergence when it is none of them)."""
    inits = model.initial_states
    for state in inits:
        if state_to_json(model, state) == recorded:
            return state
    if len(inits) == 1:
        raise Divergence(f"initial state: {_diff(model, recorded, state_to_json(model, inits[0]))}")
    raise Divergence(f"initial state: not one of the model's {len(inits)} initial states")


def _diff(model: Model, recorded: dict[str, Any], actual: dict[str, Any]) -> str:
    for f in model.fields:
        if recorded.get(f.name) != actual.get(f.name):
            return f"recorded {f.name}={recorded.get(f.name)}, replay gives {f.name}={actual.get(f.name)}"
    return "states differ"


def replay(trace: Trace, model: Model | None = None, prop: Property | None = None,
           policy: str | None = None, model_file: str | None = None) -> Replayed:
    """Re-execute `trace`; raise Divergence at the first step that does not match.

    The model is `model` when given (its states are checked all the same),
    else `model_for(trace, policy, model_file)`: `policy` and `model_file`
    replace the trace's own. The
    property re-judged is `prop` when given (one the model does not list,
    such as `worst`'s bounds), else the model's property the trace names.

    With a policy other than the recorded one (another design, `policy`
    naming something else than `trace.policy`), the recorded steps are a
    script: each must still be enabled, the states and costs they now
    produce are not compared with the recorded ones (those are the old
    design's), and the property is judged on the new states. That is how
    a trace is replayed against a fix.
    """
    if model is not None and (policy is not None or model_file is not None):
        raise ValueError("replay: give a model, or a policy and a model file, not both")
    if model is None:
        model = model_for(trace, policy, model_file)
    elif trace.model not in (model.name, model.spec.source):
        raise TraceError(f"trace is for model {trace.model}, not {model.spec.source or model.name}")
    else:
        check_states(model, trace)
    prop = prop if prop is not None else model.property_named(trace.property)
    script = policy is not None and policy != trace.policy
    state = _initial(model, _normal(model, trace.init, "initial state"))
    states = [state]
    live = prop.kind == "liveness"
    violated_at = None if live or holds(model, prop, None, None, state) else 0
    insts = []
    for k, (step, recorded) in enumerate(zip(trace.steps, trace.states), start=1):
        inst = find_instance(model, step)
        if inst is None:
            raise Divergence(f"step {k} {step}: no such action instance in {model.label}")
        where = f" (replaying step {k})"
        if not enabled(model, inst, state, where):
            raise Divergence(f"step {k} {step}: not enabled in the state before it")
        if not script and step.cost and dict(costed(model, inst, state).cost) != dict(step.cost):
            raise Divergence(f"step {k} {step}: recorded cost {dict(step.cost)}, "
                             f"replay gives {dict(costed(model, inst, state).cost)}")
        after = apply(model, inst, state, where)
        actual = state_to_json(model, after)
        if not script and (expected := _normal(model, recorded, f"step {k} {step}")) != actual:
            raise Divergence(f"step {k} {step}: {_diff(model, expected, actual)}")
        if not live and violated_at is None and not holds(model, prop, state, step, after):
            violated_at = k
        insts.append(inst)
        state = after
        states.append(state)
    if trace.loop is not None:
        _closes(model, trace, states, insts)
        if live and violates(model, prop, states, trace.loop):
            violated_at = len(trace.steps)
    verdict = Verdict.VIOLATED if violated_at is not None else Verdict.NO_VIOLATION_FOUND
    return Replayed(verdict, len(trace.steps), violated_at, states)


def _closes(model: Model, trace: Trace, states: list[Any], insts: list[Instance]) -> None:
    """A lasso's loop must close on a concrete state and be a fair run (Divergence otherwise)."""
    loop = trace.loop
    assert loop is not None
    if loop == len(trace.steps):
        if any(enabled(model, inst, states[-1]) for inst in model.instances):
            raise Divergence(f"loop: the run stops after step {loop}, where an action is still enabled")
    elif state_to_json(model, states[-1]) != state_to_json(model, states[loop]):
        raise Divergence(f"loop: the last state is not state {loop} "
                         f"({_diff(model, state_to_json(model, states[loop]), state_to_json(model, states[-1]))})")
    try:
        fairness = model.expand_fairness(recorded_fairness(trace.meta))
    except (ValueError, ModelError) as exc:
        raise TraceError(f"trace: {exc}") from None
    why = unfair(model, states[loop:], insts[loop:], fairness)
    if why is not None:
        raise Divergence(f"loop: not a fair run: {why}")
