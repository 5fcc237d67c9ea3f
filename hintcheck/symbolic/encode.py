"""The symbolic view of a model: its one lowering (hintcheck.floor.lower) translated to Z3.

A symbolic state is one fresh Z3 integer per digit of the packed state
(per scalar, per element of a per-index array). The lowered graph's nodes
translate node type by node type (`digit` to the state's variable, `where`
to `If`, `and` to `And`, arithmetic to integer arithmetic), which yields
the initial-state predicate, the transition relation and the property
formulas: nothing here knows any model, and nothing re-runs model code.
Integer arithmetic keeps `v + 1` meaning what it means on plain values,
with no wrap-around to reason about; a Boolean node used as a number
counts 0 or 1, and a number used as a truth value is "non-zero", as in
Python and in the numpy backend.

A step whose state would leave the declared domains (the lowered
`well_formed` check, floor.contract) is not excluded by the encoding: each
step relation says when it happens (`broken`), bounded model checking looks
for it at every depth (the concrete replay then names the step and field),
and an induction step must rule it out like a property.

The transition relation gives every action instance an indicator Boolean
that *implies* its guard and effect, plus one disjunction saying some
indicator holds; any satisfying assignment therefore names a step that
really fired (`decode_step`). Frames come free: a digit an effect does not
change is equated with the pre-state's own variable.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import z3

from hintcheck.floor import Lowered, NotLowerable, Packer, lowered
from hintcheck.floor.z3graph import Translation
from hintcheck.model.core import HintcheckError, Model, PolicyError, Property


class NotEncodable(NotLowerable):
    """A model construct the Z3 encoder cannot express (reported, never dropped)."""


def lowering(model: Model) -> Lowered:
    """The model's lowering; a construct that does not trace is one error line (a user hook's own error as it is)."""
    try:
        return lowered(model)
    except NotLowerable as exc:
        raise _refusal(exc) from None


def _refusal(exc: NotLowerable) -> HintcheckError:
    if isinstance(exc.cause, PolicyError):
        return exc.cause
    return NotEncodable(f"{exc} (cannot be encoded for Z3)", exc.cause)


@dataclass(frozen=True)
class SymState:
    """A symbolic state: one Z3 integer per digit, by (field, index) and in digit order."""

    variables: dict[tuple[str, int | None], z3.ArithRef] = field(default_factory=dict)
    env: list[z3.ArithRef] = field(default_factory=list)
    translate: Translation = field(default_factory=lambda: Translation([]))

    def formula(self, value: Any) -> z3.ExprRef:
        """A graph node (or plain value) over this state's variables, simplified."""
        return z3.simplify(self.translate(value))


def fresh_state(model: Model, tag: str) -> SymState:
    """A state whose every element is a fresh integer named `<tag>.<field>[i]`."""
    variables: dict[tuple[str, int | None], z3.ArithRef] = {}
    env = []
    for name, idx, _ in Packer(model).digits:
        var = z3.Int(f"{tag}.{name}" if idx is None else f"{tag}.{name}[{idx}]")
        variables[(name, idx)] = var
        env.append(var)
    return SymState(variables, env, Translation(env))


def domain_constraints(model: Model, sym: SymState) -> z3.BoolRef:
    """Every variable lies in its field's declared domain."""
    sizes = {f.name: model.domain_size(f) for f in model.fields}
    return z3.And(*[z3.And(0 <= v, v < sizes[name]) for (name, _), v in sym.variables.items()])


def equals(model: Model, sym: SymState, other: Any) -> z3.BoolRef:
    """`sym` equals `other` (a concrete state or another SymState), element by element."""
    if isinstance(other, SymState):
        return z3.And(*[sym.variables[k] == v for k, v in other.variables.items()])
    values = Packer(model).digits_of(other)
    return z3.And(*[v == value for v, value in zip(sym.env, values)])


def initial(model: Model, sym: SymState) -> z3.BoolRef:
    """The initial-state predicate: `sym` is one of the model's initial states."""
    return z3.Or(*[equals(model, sym, s) for s in model.initial_states])


def invariant_of(model: Model, prop: Property, sym: SymState) -> z3.BoolRef:
    """The formula of an invariant on one symbolic state."""
    if prop.kind != "invariant":
        raise NotEncodable(f"property {prop.name} is an action property, not an invariant")
    low = lowering(model)
    try:
        node = low.invariant(prop)
    except NotLowerable as exc:
        raise _refusal(exc) from None
    return z3.simplify(sym.translate.boolean(node))


@dataclass(frozen=True)
class StepRelation:
    """T(pre, post) for one step, with the indicator of every instance."""

    formula: z3.BoolRef
    fired: dict[int, z3.BoolRef]               # instance index -> indicator
    prop_ok: z3.BoolRef | None = None          # an action property on this step, if asked
    broken: z3.BoolRef = z3.BoolVal(False)     # the step leaves the declared domains (floor.contract)


def step_relation(model: Model, pre: SymState, post: SymState, tag: str,
                  prop: Property | None = None) -> StepRelation:
    """The transition relation between two symbolic states, from the model's lowered actions.

    With an action property `prop`, `prop_ok` is the property's formula on
    whichever step fires (each instance's predicate, under its indicator).
    """
    low = lowering(model)
    try:
        oks = low.step_property(prop) if prop is not None and prop.kind == "action" else None
    except NotLowerable as exc:
        raise _refusal(exc) from None
    fired: dict[int, z3.BoolRef] = {}
    clauses, ok, broken = [], [], []
    for idx, (inst, step) in enumerate(zip(model.instances, low.steps)):
        guard = z3.simplify(pre.translate.boolean(step.guard))
        if z3.is_false(guard):
            continue
        chosen = fired[idx] = z3.Bool(f"{tag}:{inst.step}")
        changed = dict(step.changes)
        after = [z3.simplify(pre.translate.number(changed[n])) if n in changed else v
                 for n, v in enumerate(pre.env)]
        clauses.append(z3.Implies(chosen, z3.And(guard, *[p == a for p, a in zip(post.env, after)])))
        if step.well_formed is not True:
            broken.append(z3.And(chosen, z3.Not(pre.translate.boolean(step.well_formed))))
        if oks is not None:
            ok.append(z3.Implies(chosen, z3.simplify(pre.translate.boolean(oks[idx]))))
    if not fired:
        return StepRelation(z3.BoolVal(False), fired)
    prop_ok = z3.And(*ok) if ok else None
    leaves = z3.Or(*broken) if broken else z3.BoolVal(False)
    return StepRelation(z3.And(*clauses, z3.Or(*fired.values())), fired, prop_ok, leaves)


def decode_state(model: Model, sym: SymState, zmodel: z3.ModelRef) -> Any:
    """The concrete state a Z3 model assigns to `sym`."""
    values: dict[str, Any] = {}
    for f in model.fields:
        def get(i: int | None) -> int:
            value: int = zmodel.eval(sym.variables[(f.name, i)], model_completion=True).as_long()
            return value
        lo = f.domain.lo                                   # variables are digits: value - lo
        if f.index is None:
            raw = get(None)
            inside = 0 <= raw < model.domain_size(f)       # a counterexample to induction may leave it
            values[f.name] = f.domain.enum(raw) if f.domain.enum and inside else raw + lo
        else:
            values[f.name] = model.array(f, (get(i) + lo for i in range(model.index_size(f.index))))
    return model.spec.state(**values)


def decode_step(rel: StepRelation, zmodel: z3.ModelRef) -> int:
    """The instance index whose indicator the Z3 model sets."""
    for idx, chosen in rel.fired.items():
        if z3.is_true(zmodel.eval(chosen, model_completion=True)):
            return idx
    raise AssertionError("no indicator holds in a model of the step relation")
