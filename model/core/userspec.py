"""A model written outside the project, checked before any engine sees it.

`user_spec(obj, ref)` takes what `path/to/file.py:Name` names and returns
the `ModelSpec` engines run, or one `ModelError` line naming the file and
what is wrong: not a `ModelSpec`; a state class whose fields are not
declared with `scalar()` / `per_index()`; a field over an undeclared index
set; a domain or index set sized by an undeclared parameter (an index set
may instead have a fixed size); a parameter whose default is outside its
range, or a derived one whose `derive` is not a function; an action whose arguments do not match
its index sets, or a duplicate action name; a symmetric set that is not an
index set; policies that are not classes; properties that are not
`Property` objects.

Every piece of the model's own code (guards, effects, costs, `init`,
properties) is wrapped so that anything it raises, `SystemExit` included,
is one `ModelError` line naming the model file and the piece (engines add
the step), and an effect or `init` that returns something other than a
state of the model's class is refused the same way.
"""
from __future__ import annotations

import dataclasses
import inspect
from typing import Any, Callable

from hintcheck.model.core.action import Action
from hintcheck.model.core.domains import state_fields
from hintcheck.model.core.errors import ModelError
from hintcheck.model.core.guard import Guard, describe
from hintcheck.model.core.hooks import HookSpec, Setting
from hintcheck.model.core.liveness import declared_fairness
from hintcheck.model.core.measure import Measure
from hintcheck.model.core.model import ModelSpec, Param
from hintcheck.model.core.property import Property


# A fixed index set larger than this is almost certainly a mistake (every member is a row of state).
MAX_FIXED_SIZE = 64


class _NoPolicy:
    """The design of a model that declares no policy: no hooks, no settings."""

    name = "none"


def _fail(ref: str, message: str) -> ModelError:
    return ModelError(f"model {ref}: {message}")


def _check_params(ref: str, spec: ModelSpec) -> set[str]:
    names: set[str] = set()
    for p in spec.params:
        if not isinstance(p, Param):
            raise _fail(ref, f"params holds {describe(p)}, not a Param")
        if p.name in names:
            raise _fail(ref, f"parameter {p.name} declared twice")
        if not (isinstance(p.lo, int) and isinstance(p.hi, int) and p.lo <= p.default <= p.hi):
            raise _fail(ref, f"parameter {p.name}: default {p.default!r} outside {p.lo!r}..{p.hi!r}")
        if p.derive is not None and not callable(p.derive):
            raise _fail(ref, f"parameter {p.name}: derive is {describe(p.derive)}, not a function (params) -> int")
        names.add(p.name)
    for ix, size in spec.index_sets.items():
        if isinstance(size, int) and not isinstance(size, bool):
            if not 0 <= size <= MAX_FIXED_SIZE:
                raise _fail(ref, f"index set {ix} has fixed size {size}, outside 0..{MAX_FIXED_SIZE}")
        elif size not in names:
            raise _fail(ref, f"index set {ix} is sized by {size!r}, not a parameter ({', '.join(sorted(names))}) "
                        "or a fixed size")
    return names


def _check_state(ref: str, spec: ModelSpec, params: set[str]) -> None:
    if not (inspect.isclass(spec.state) and dataclasses.is_dataclass(spec.state)):
        raise _fail(ref, f"state is {describe(spec.state)}, not a dataclass")
    if not callable(getattr(spec.state, "set", None)):
        raise _fail(ref, f"state class {spec.state.__name__} has no set(**changes) method")
    try:
        fields = state_fields(spec.state)
    except TypeError as exc:
        raise _fail(ref, str(exc)) from None
    for f in fields:
        for ix in (f.index if isinstance(f.index, tuple) else (f.index,)):
            if ix is not None and ix not in spec.index_sets:
                raise _fail(ref, f"field {f.name} is over {ix!r}, not an index set")
        if f.domain.param is not None and f.domain.param not in params:
            raise _fail(ref, f"field {f.name}: domain sized by {f.domain.param!r}, not a parameter")
        if f.domain.fixed is not None and f.domain.fixed < 1:
            raise _fail(ref, f"field {f.name}: empty domain")


def _check_actions(ref: str, spec: ModelSpec) -> None:
    seen: set[str] = set()
    for act in spec.actions:
        if not isinstance(act, Action):
            raise _fail(ref, f"actions holds {describe(act)}, not an @action")
        if act.name in seen:
            raise _fail(ref, f"action {act.name} declared twice")
        seen.add(act.name)
        for ix in act.params:
            if ix not in spec.index_sets:
                raise _fail(ref, f"action {act.name}: parameter over {ix!r}, not an index set")
        try:
            act.arg_names  # noqa: B018 -- validates the effect's signature against its params
        except (TypeError, ValueError) as exc:
            raise _fail(ref, str(exc)) from None


def _check_rest(ref: str, spec: ModelSpec) -> None:
    for h in spec.hooks:
        if not isinstance(h, HookSpec):
            raise _fail(ref, f"hooks holds {describe(h)}, not a HookSpec")
    for st in spec.settings:
        if not isinstance(st, Setting):
            raise _fail(ref, f"settings holds {describe(st)}, not a Setting")
    if not isinstance(spec.measures, (tuple, list)):
        raise _fail(ref, f"measures is {describe(spec.measures)}, not a tuple of Measure")
    for ms in spec.measures:
        if not isinstance(ms, Measure):
            raise _fail(ref, f"measures holds {describe(ms)}, not a Measure (Measure.per or Measure.between)")
    for name, cls in spec.policies.items():
        if not (isinstance(name, str) and name and inspect.isclass(cls)):
            raise _fail(ref, f"policies[{name!r}] is {describe(cls)}, not a class")
    if spec.default_policy is not None and spec.default_policy not in spec.policies:
        raise _fail(ref, f"default_policy {spec.default_policy!r} is not one of its policies")
    for prop in spec.properties + spec.lemmas:
        if not isinstance(prop, Property):
            raise _fail(ref, f"properties holds {describe(prop)}, not an @invariant or @action_property")
    unknown = set(spec.symmetric) - set(spec.index_sets)
    if unknown:
        raise _fail(ref, f"symmetric names {sorted(unknown)[0]!r}, not an index set")
    if spec.init_where is not None:
        if not callable(spec.init_where):
            raise _fail(ref, f"init_where is {describe(spec.init_where)}, not a function (m, s) -> bool")
        if spec.init is not None:
            raise _fail(ref, "give init or init_where, not both")
    elif not callable(spec.init):
        raise _fail(ref, f"init is {describe(spec.init)}, not a function (m) -> state or list of states")
    try:
        fairness = declared_fairness(spec.fairness, "model")
    except ValueError as exc:
        raise _fail(ref, str(exc).removeprefix("model: ")) from None
    for fair in fairness:
        if fair.action not in {a.name for a in spec.actions}:
            raise _fail(ref, f"fairness {fair}: no action {fair.action!r}")
    if spec.terminal is not None and not callable(spec.terminal):
        raise _fail(ref, f"terminal is {describe(spec.terminal)}, not a function (m, s) -> Bool")
    if not isinstance(spec.deadlock, bool):
        raise _fail(ref, f"deadlock is {describe(spec.deadlock)}, not True or False")
    names = [p.name for p in spec.checked_properties() + spec.lemmas]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise _fail(ref, f"two properties (or lemmas) are named {twice[0]!r}"
                    + (" (no_deadlock is added by hintcheck: set deadlock=False to define your own)"
                       if twice[0] == "no_deadlock" else ""))


def _guarded(ref: str, what: str, cls: type, fn: Callable[..., Any], returns_state: bool) -> Callable[..., Any]:
    guard = Guard(ref, what, cls, None, owner="model", error=ModelError)

    def call(*args: Any) -> Any:
        if returns_state:
            return guard.state(fn, *args)
        return guard.call(fn, *args)
    if returns_state or what.startswith("guard"):
        try:
            call.__signature__ = inspect.signature(fn)  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            pass
    return call


def _guarded_init(ref: str, cls: type, fn: Callable[..., Any]) -> Callable[..., Any]:
    guard = Guard(ref, "init", cls, None, owner="model", error=ModelError)

    def init(m: Any) -> Any:
        made = guard.call(fn, m)
        states = list(made) if isinstance(made, (list, tuple)) and not isinstance(made, cls) else [made]
        for state in states:
            if not isinstance(state, cls):
                raise ModelError(f"model {ref}: init returned {describe(state)}, not a {cls.__name__} "
                                 "(or a list of them)")
        return states if len(states) != 1 else states[0]
    return init


def _wrap(ref: str, spec: ModelSpec) -> ModelSpec:
    cls = spec.state
    actions = tuple(dataclasses.replace(
        a, guard=_guarded(ref, f"guard of action {a.name}", cls, a.guard, False),
        effect=_guarded(ref, f"action {a.name}", cls, a.effect, True),
        cost={k: _guarded(ref, f"cost {k} of action {a.name}", cls, fn, False) for k, fn in a.cost.items()})
        for a in spec.actions)
    props = tuple(dataclasses.replace(
        p, predicate=_guarded(ref, f"property {p.name}", cls, p.predicate, False),
        then=_guarded(ref, f"property {p.name}", cls, p.then, False) if p.then is not None else None)
        for p in spec.properties)
    lemmas = tuple(dataclasses.replace(p, predicate=_guarded(ref, f"lemma {p.name}", cls, p.predicate, False))
                   for p in spec.lemmas)
    params = tuple(dataclasses.replace(p, derive=_guarded(ref, f"derived parameter {p.name}", cls, p.derive, False))
                   if p.derive is not None else p for p in spec.params)
    policies = dict(spec.policies) or {"none": _NoPolicy}
    terminal = _guarded(ref, "terminal", cls, spec.terminal, False) if spec.terminal is not None else None
    where = _guarded(ref, "init_where", cls, spec.init_where, False) if spec.init_where is not None else None
    return dataclasses.replace(spec, actions=actions, properties=props, lemmas=lemmas, policies=policies,
                               init=_guarded_init(ref, cls, spec.init) if spec.init is not None else None,
                               init_where=where, source=ref, terminal=terminal,
                               params=params)


def user_spec(obj: Any, ref: str) -> ModelSpec:
    """The checked, guarded spec of a model loaded from `ref`."""
    if not isinstance(obj, ModelSpec):
        raise _fail(ref, f"{ref.rpartition(':')[2]} is {describe(obj)}, not a ModelSpec")
    params = _check_params(ref, obj)
    _check_state(ref, obj, params)
    _check_actions(ref, obj)
    _check_rest(ref, obj)
    if not obj.properties:
        raise _fail(ref, "declares no properties: there is nothing to check")
    return _wrap(ref, obj)
