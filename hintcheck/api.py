"""The Python API: check, fuzz, prove and replay from a script or a test, one `Result` back.

>>> import hintcheck
>>> r = hintcheck.check("reference", policy="undo", params={"pages": 1})
>>> r.verdict.value, r.stats.states
('holds', 90)
>>> hintcheck.check("reference", policy="rfc", params={"pages": 1}).trace.steps[-1].action
'finish'

`model` is a built-in name, `path/to/file.py:Spec`, a `ModelSpec` or an
already built `Model`; `policy` a registry name, `path/to/file.py:Class`,
or a policy class. Every function runs through the same engines, the same
contract checks and the same judge as the command line, and raises a
`HintcheckError` (one line) on bad input or broken user code.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from hintcheck.engines import run_engine
from hintcheck.floor import Budget, Request, Result, Stats, Verdict
from hintcheck.model.core import HintcheckError, Model, ModelError, ModelSpec, Property
from hintcheck.model.core.policy import load_policy_file
from hintcheck.model.core.userspec import user_spec
from hintcheck.model.registry import load_spec, model_names
from hintcheck.trace.format import Trace
from hintcheck.trace.replay import replay as _replay


def load_model(model: str | ModelSpec | Model, policy: Any = None, params: Mapping[str, int] | None = None) -> Model:
    """The model with its policy (None: the model's default) and parameters fixed."""
    if isinstance(model, Model):
        if policy is not None:
            return model.spec.build(policy, {**model.params, **dict(params or {})})
        return model.with_params(dict(params or {})) if params else model
    spec = _checked(model) if isinstance(model, ModelSpec) else load_spec(model)
    return spec.build(policy, dict(params or {}))


def _checked(spec: ModelSpec) -> ModelSpec:
    """A `ModelSpec` object held to the rules a model file is (userspec), unless it is a built-in's own or
    came from the loader already. Its traces name the model by `spec.name`: replay needs a file or a name."""
    if spec.source or (spec.name in model_names() and spec == load_spec(spec.name)):
        return spec
    return dataclasses.replace(user_spec(spec, f"{spec.name} (a ModelSpec object)"), source="")


def load_policy(ref: str) -> type:
    """The policy class of `path/to/file.py:Class` (checked against a model when the model is built)."""
    cls, _ = load_policy_file(ref)
    return cls


def _property(model: Model, prop: str | Property | None) -> Property:
    if isinstance(prop, Property):
        return prop
    if prop is not None:
        return model.property_named(prop)
    own = model.spec.properties          # the model's own claims; no_deadlock only when named
    safety = tuple(p for p in own if p.kind != "liveness")
    if len(own) != 1 and len(safety) == 1:
        return safety[0]                 # one safety claim beside liveness ones: name a liveness one to run it
    if len(own) != 1:
        names = ", ".join(p.name for p in model.properties)
        raise ModelError(f"model {model.name} has {len(model.properties)} properties: name one ({names})")
    return own[0]


def _run(engine: str, model: Any, policy: Any, prop: Any, params: Mapping[str, int] | None,
         budget: Budget, options: Mapping[str, Any]) -> Result:
    built = load_model(model, policy, params)
    return run_engine(engine, Request(built, _property(built, prop), budget,
                                      {k: v for k, v in options.items() if v is not None}))


def check(model: str | ModelSpec | Model, policy: Any = None, prop: str | Property | None = None,
          params: Mapping[str, int] | None = None, *, engine: str = "auto", symmetry: bool = False,
          max_states: int | None = None, max_depth: int | None = None) -> Result:
    """Explore every reachable state (engine "auto", "vector" or "explore"): holds, violated or bounded."""
    return _run(engine, model, policy, prop, params, Budget(max_states=max_states, max_depth=max_depth),
                {"symmetry": symmetry})


def fuzz(model: str | ModelSpec | Model, policy: Any = None, prop: str | Property | None = None,
         params: Mapping[str, int] | None = None, *, examples: int | None = None, seed: int | None = 0) -> Result:
    """Sample paths with Hypothesis: violated (with a shrunk trace) or no violation found."""
    return _run("hypothesis", model, policy, prop, params, Budget(), {"examples": examples, "seed": seed})


_PROOFS = {"bmc": "z3-bmc", "induction": "z3-induction", "any-n": "z3-any-n"}


def prove(model: str | ModelSpec | Model, policy: Any = None, prop: str | Property | None = None,
          params: Mapping[str, int] | None = None, *, method: str = "induction", depth: int | None = None,
          k: int | None = None, lemmas: Sequence[str] = ()) -> Result:
    """Bounded model checking ("bmc"), k-induction ("induction") or a proof for any number of pages ("any-n")."""
    if method not in _PROOFS:
        raise HintcheckError(f"unknown proof method {method!r}; known: {', '.join(_PROOFS)}")
    built = load_model(model, policy, params)
    options: dict[str, Any] = {"depth": depth}
    if method != "bmc":
        options["lemmas"] = tuple(built.property_named(name) for name in lemmas)
    if method == "induction":
        options["k"] = k
    return _run(_PROOFS[method], built, None, prop, None, Budget(), options)


def replay(path: str | Path, policy: str | None = None, model: str | None = None) -> Result:
    """Re-execute a saved trace: violated (with the trace) or no violation found; a bad file raises."""
    trace = Trace.load(path)
    outcome = _replay(trace, policy=policy, model_file=model)
    return Result(outcome.verdict, Stats(states=len(outcome.states), depth=outcome.steps),
                  trace if outcome.verdict is Verdict.VIOLATED else None, engine="replay")
