"""The symbolic view of a model, derived from its one definition.

A symbolic state is an instance of the model's own state class whose
fields hold `Z3Term`s over fresh Z3 integers (one per scalar, one per
element of a per-index array). Running the model's guards, effects and
properties on it yields the initial-state predicate, the transition
relation and the property formulas: nothing here knows any model.

The transition relation gives every action instance an indicator Boolean
that *implies* its guard and effect, plus one disjunction saying some
indicator holds; any satisfying assignment therefore names a step that
really fired (`decode`). Frames come free: an effect returns the pre-state's
own terms for the fields it does not set.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import z3

from hintcheck.model.core import HintcheckError, Instance, Model, PolicyError, Property
from hintcheck.symbolic.terms import Z3Term, as_z3


class NotEncodable(HintcheckError):
    """A model construct the Z3 encoder cannot express (reported, never dropped)."""


@dataclass(frozen=True)
class SymState:
    """A state of Z3 terms, with the variables it is made of."""

    state: Any
    variables: dict[tuple[str, int | None], z3.ArithRef] = field(default_factory=dict)


def fresh_state(model: Model, tag: str) -> SymState:
    """A state whose every element is a fresh integer named `<tag>.<field>[i]`."""
    values: dict[str, Any] = {}
    variables: dict[tuple[str, int | None], z3.ArithRef] = {}
    for f in model.fields:
        if f.index is None:
            var = variables[(f.name, None)] = z3.Int(f"{tag}.{f.name}")
            values[f.name] = Z3Term(var)
        else:
            items = []
            for i in range(model.index_size(f.index)):
                var = variables[(f.name, i)] = z3.Int(f"{tag}.{f.name}[{i}]")
                items.append(Z3Term(var))
            values[f.name] = tuple(items)
    return SymState(model.spec.state(**values), variables)


def elements(model: Model, state: Any) -> list[tuple[tuple[str, int | None], Any]]:
    """((field, index), value) for every element of a state, in declaration order."""
    out = []
    for f in model.fields:
        value = getattr(state, f.name)
        if f.index is None:
            out.append(((f.name, None), value))
        else:
            out.extend(((f.name, i), v) for i, v in enumerate(value))
    return out


def domain_constraints(model: Model, sym: SymState) -> z3.BoolRef:
    """Every variable lies in its field's declared domain."""
    sizes = {f.name: model.domain_size(f) for f in model.fields}
    return z3.And(*[z3.And(0 <= v, v < sizes[name]) for (name, _), v in sym.variables.items()])


def equals(model: Model, sym: SymState, state: Any) -> z3.BoolRef:
    """`sym` equals `state` (concrete or symbolic), element by element."""
    expected = dict(elements(model, state))
    return z3.And(*[v == as_z3(expected[key]) for key, v in sym.variables.items()])


def _run(what: str, fn: Any) -> Any:
    try:
        return fn()
    except PolicyError:
        raise
    except Exception as exc:   # a Python `if` on a term, indexing with a term, ...
        raise NotEncodable(f"{what}: cannot be encoded for Z3 ({type(exc).__name__}: {exc})") from None


def guard_of(model: Model, inst: Instance, pre: SymState) -> z3.BoolRef:
    where = f"model {model.name}, action {inst.action.name}"
    return as_z3(_run(where, lambda: inst.action.guard(model, pre.state, *inst.args)))


def effect_of(model: Model, inst: Instance, pre: SymState) -> Any:
    where = f"model {model.name}, action {inst.action.name}"
    return _run(where, lambda: inst.action.effect(model, pre.state, *inst.args))


def initial(model: Model, sym: SymState) -> z3.BoolRef:
    """The initial-state predicate."""
    return equals(model, sym, model.init())


def invariant_of(model: Model, prop: Property, sym: SymState) -> z3.BoolRef:
    """The formula of an invariant on one symbolic state."""
    if prop.kind != "invariant":
        raise NotEncodable(f"property {prop.name} is an action property, not an invariant")
    return as_z3(_run(f"property {prop.name}", lambda: prop.predicate(model, sym.state)))


@dataclass(frozen=True)
class StepRelation:
    """T(pre, post) for one step, with the indicator of every instance."""

    formula: z3.BoolRef
    fired: dict[int, z3.BoolRef]               # instance index -> indicator
    prop_ok: z3.BoolRef | None = None          # an action property on this step, if asked


def step_relation(model: Model, pre: SymState, post: SymState, tag: str,
                  prop: Property | None = None) -> StepRelation:
    """The transition relation between two symbolic states, built from the model's actions.

    With an action property `prop`, `prop_ok` is the property's formula on
    whichever step fires (each instance's predicate, under its indicator).
    """
    fired: dict[int, z3.BoolRef] = {}
    clauses, ok = [], []
    for idx, inst in enumerate(model.instances):
        chosen = z3.Bool(f"{tag}:{inst.step}")
        guard = guard_of(model, inst, pre)
        if z3.is_false(z3.simplify(guard)):
            continue
        fired[idx] = chosen
        after = effect_of(model, inst, pre)
        clauses.append(z3.Implies(chosen, z3.And(guard, equals(model, post, after))))
        if prop is not None and prop.kind == "action":
            holds = _run(f"property {prop.name}", lambda: prop.predicate(model, pre.state, inst.step, after))
            ok.append(z3.Implies(chosen, as_z3(holds)))
    if not fired:
        return StepRelation(z3.BoolVal(False), fired)
    prop_ok = z3.And(*ok) if ok else None
    return StepRelation(z3.And(*clauses, z3.Or(*fired.values())), fired, prop_ok)


def decode_state(model: Model, sym: SymState, zmodel: z3.ModelRef) -> Any:
    """The concrete state a Z3 model assigns to `sym`."""
    values: dict[str, Any] = {}
    for f in model.fields:
        def get(i: int | None) -> int:
            return zmodel.eval(sym.variables[(f.name, i)], model_completion=True).as_long()
        if f.index is None:
            raw = get(None)
            values[f.name] = f.domain.enum(raw) if f.domain.enum else raw
        else:
            values[f.name] = tuple(get(i) for i in range(model.index_size(f.index)))
    return model.spec.state(**values)


def decode_step(rel: StepRelation, zmodel: z3.ModelRef) -> int:
    """The instance index whose indicator the Z3 model sets."""
    for idx, chosen in rel.fired.items():
        if z3.is_true(zmodel.eval(chosen, model_completion=True)):
            return idx
    raise AssertionError("no indicator holds in a model of the step relation")
