"""Turn a sequence of action instances into a replay-checked `Trace`.

Every engine hands its counterexample here as the instances it fired from
the initial state; the states are recomputed by the explicit interpreter
and the trace is replayed before it is returned. A trace that does not
replay to a violation is an engine bug and raises `EngineError`.

A policy loaded from a file is recorded with the SHA-256 of the file's
bytes as they are when the trace is built, so that replay runs that file
only while it is still the same (hintcheck/trace/replay.py).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hintcheck.floor.interpret import apply, costed, enabled
from hintcheck.model.core import Instance, Model, Property
from hintcheck.floor.result import Verdict
from hintcheck.trace.format import Trace, policy_digest, policy_file, state_to_json


class EngineError(RuntimeError):
    """An engine produced a counterexample the interpreter does not confirm."""


def policy_ref(model: Model) -> str:
    """The policy as a trace names it: a registry name, or `path.py:Class` as given."""
    return model.policy.name


def policy_identity(model: Model) -> str | None:
    """SHA-256 of the policy's file, None for a registry policy.

    None too when the file can no longer be read: the trace then records no
    identity, and replay asks for `--policy` before it runs that file.
    """
    # LIMITATION: the file is hashed when the trace is built, after the run; a
    # file edited during the run is recorded as edited, and replay then runs the
    # edited file's code under the identity of this trace.
    ref = policy_ref(model)
    path = policy_file(ref) if ref not in model.spec.policies else None
    if path is None:
        return None
    try:
        return policy_digest(path)
    except (OSError, ValueError):
        return None


def model_ref(model: Model) -> str:
    """What a trace names the model by: its registry name, or the `file.py:Spec` it was loaded from."""
    return model.spec.source or model.name


def model_identity(model: Model) -> str | None:
    """SHA-256 of the model's file, None for a built-in model (or a file that can no longer be read)."""
    path = policy_file(model.spec.source) if model.spec.source else None
    if path is None:
        return None
    try:
        return policy_digest(path)
    except (OSError, ValueError):
        return None


def trace_of(model: Model, prop: Property, path: Sequence[Instance], engine: str,
             seed: int | None = None, meta: dict[str, object] | None = None, start: Any = None,
             loop: int | None = None) -> Trace:
    """The trace of `path` from `start`, one of the initial states (default: the first), replay-checked.

    `loop` makes it a lasso: the last state is state `loop` again (0 the initial one).
    """
    start = model.init() if start is None else start
    if start not in model.initial_states:
        raise EngineError(f"{engine}: the trace of {prop.name} starts from a state that is not initial")
    state = start
    steps, states = [], []
    for k, inst in enumerate(path, start=1):
        if not enabled(model, inst, state):
            raise EngineError(f"{engine}: step {k} {inst.step} is not enabled")
        steps.append(costed(model, inst, state))
        state = apply(model, inst, state)
        states.append(state_to_json(model, state))
    trace = Trace(model=model_ref(model), params=dict(model.params), policy=policy_ref(model),
                  property=prop.name, engine=engine, seed=seed, verdict=Verdict.VIOLATED,
                  init=state_to_json(model, start), steps=tuple(steps),
                  states=tuple(states), meta=dict(meta or {}), policy_sha256=policy_identity(model),
                  model_sha256=model_identity(model), loop=loop)
    from hintcheck.trace.replay import replay   # replay imports this module's siblings
    outcome = replay(trace, model, prop)
    if outcome.verdict is not Verdict.VIOLATED:
        raise EngineError(f"{engine}: counterexample for {prop.name} does not replay to a violation")
    return trace
