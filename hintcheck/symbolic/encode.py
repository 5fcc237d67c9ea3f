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

from hintcheck.floor import Lowered, Node, NotLowerable, Packer, lowered
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


class _Translation:
    """Z3 expressions of graph nodes over one state's variables, each node translated once."""

    def __init__(self, env: list[z3.ArithRef]) -> None:
        self.env = env
        self.memo: dict[int, z3.ExprRef] = {}

    def __call__(self, value: Any) -> z3.ExprRef:
        if isinstance(value, Node):
            got = self.memo.get(value.ident)
            if got is None:
                got = self.memo[value.ident] = self._node(value)
            return got
        if isinstance(value, bool):
            return z3.BoolVal(value)
        return z3.IntVal(int(value))

    def boolean(self, value: Any) -> z3.BoolRef:
        e = self(value)
        return e if z3.is_bool(e) else e != 0

    def number(self, value: Any) -> z3.ArithRef:
        e = self(value)
        return z3.If(e, z3.IntVal(1), z3.IntVal(0)) if z3.is_bool(e) else e

    def _node(self, x: Node) -> z3.ExprRef:
        op, args = x.op, x.args
        if op == "digit":
            return self.env[args[0]]
        if op in ("and", "or"):
            parts = [self.boolean(a) for a in args]
            return z3.And(*parts) if op == "and" else z3.Or(*parts)
        if op == "not":
            return z3.Not(self.boolean(args[0]))
        if op == "where":
            cond, then, else_ = self.boolean(args[0]), self(args[1]), self(args[2])
            if z3.is_bool(then) != z3.is_bool(else_):
                then, else_ = self.number(args[1]), self.number(args[2])
            return z3.If(cond, then, else_)
        a, b = self(args[0]), self(args[1])
        if op in ("eq", "ne") and z3.is_bool(a) and z3.is_bool(b):
            return a == b if op == "eq" else a != b
        a, b = self.number(args[0]), self.number(args[1])
        return _ARITH[op](a, b)


_ARITH = {
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "floordiv": lambda a, b: a / b,          # Z3 integer division floors for b > 0
    "mod": lambda a, b: a % b,
}


@dataclass(frozen=True)
class SymState:
    """A symbolic state: one Z3 integer per digit, by (field, index) and in digit order."""

    variables: dict[tuple[str, int | None], z3.ArithRef] = field(default_factory=dict)
    env: list[z3.ArithRef] = field(default_factory=list)
    translate: _Translation = field(default_factory=lambda: _Translation([]))

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
    return SymState(variables, env, _Translation(env))


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
    """The initial-state predicate."""
    return equals(model, sym, model.init())


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
        if f.index is None:
            raw = get(None)
            inside = 0 <= raw < model.domain_size(f)       # a counterexample to induction may leave it
            values[f.name] = f.domain.enum(raw) if f.domain.enum and inside else raw
        else:
            values[f.name] = tuple(get(i) for i in range(model.index_size(f.index)))
    return model.spec.state(**values)


def decode_step(rel: StepRelation, zmodel: z3.ModelRef) -> int:
    """The instance index whose indicator the Z3 model sets."""
    for idx, chosen in rel.fired.items():
        if z3.is_true(zmodel.eval(chosen, model_completion=True)):
            return idx
    raise AssertionError("no indicator holds in a model of the step relation")
