"""A model traced once into array programs: guards as masks, effects as key deltas.

`Kernel(model, prop)` calls every action instance's guard and effect, and
the property, once on a state of `Vec` leaves (one per digit of the packed
state, in the order of `hintcheck.explore.packing.Packer`). Expanding a
level of packed keys then costs a handful of numpy operations per node:
the successor key of instance `i` from key `k` is `k` plus, for each digit
the effect changes, `(new - old) * weight` (in wrapping uint64 arithmetic,
which is exact because the final key lies in range). No state object is
built; the plain interpreter only replays the counterexample.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from hintcheck.explore.packing import Packer
from hintcheck.model.core import Model, Property
from hintcheck.vector.terms import ARITH, COMPARE, Graph, NotVectorisable, Vec, dtype_for

U64 = np.uint64


@dataclass
class Compiled:
    """One action instance as array code: its guard, changed digits, step-property check."""

    guard: Any                          # Vec or a plain truth value
    changes: list[tuple[int, Any]]      # (digit, new value: Vec or int)
    ok: Any                             # action property on this step (True for invariants)


def _try(what: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except NotVectorisable as exc:
        raise NotVectorisable(f"{what}: {exc}") from None
    except Exception as exc:   # TypeError from Term.__bool__, a raising hook, tuple misuse...
        raise NotVectorisable(f"{what}: {type(exc).__name__}: {exc}") from None


class Kernel:
    """The traced model: per-instance guards and deltas, the invariant, digit weights."""

    def __init__(self, model: Model, prop: Property) -> None:
        self.model, self.prop = model, prop
        self.packer = Packer(model)
        if self.packer.space > 2**64:
            raise NotVectorisable(f"model {model.name}: packed states need {self.packer.bits} bits; "
                                  "the vector engine keys states in 64 bits")
        self.radix = [r for _, _, r in self.packer.digits]
        self.weight = _weights(self.radix)
        self.graph = Graph()
        leaves = [self.graph.digit(n, r) for n, r in enumerate(self.radix)]
        self.state = _symbolic_state(model, self.packer, leaves)
        self.leaves = leaves
        self.code = [self._compile(i) for i in range(len(model.instances))]
        self.invariant: Any = True
        if prop.kind == "invariant":
            self.invariant = _try(f"model {model.name}, property {prop.name}",
                                  lambda: prop.predicate(model, self.state))
            _check_value(self.invariant, f"model {model.name}, property {prop.name}")

    def _compile(self, i: int) -> Compiled:
        model, inst, s = self.model, self.model.instances[i], self.state
        where = f"model {model.name}, action {inst.action.name}"
        guard = _try(where, lambda: inst.action.guard(model, s, *inst.args))
        _check_value(guard, where)
        after = _try(where, lambda: inst.action.effect(model, s, *inst.args))
        changes = self._changes(after, where)
        ok: Any = True
        if self.prop.kind == "action":
            ok = _try(f"model {model.name}, property {self.prop.name}",
                      lambda: self.prop.predicate(model, s, inst.step, after))
            _check_value(ok, f"model {model.name}, property {self.prop.name}")
        return Compiled(guard, changes, ok)

    def _changes(self, after: Any, where: str) -> list[tuple[int, Any]]:
        out = []
        for n, (name, idx, radix) in enumerate(self.packer.digits):
            try:
                new = getattr(after, name) if idx is None else getattr(after, name)[idx]
            except (AttributeError, IndexError, TypeError) as exc:
                raise NotVectorisable(f"{where}: field {name}: {exc}") from None
            _check_value(new, where)
            if new is not self.leaves[n]:
                out.append((n, new))
        return out

    def digits(self, keys: np.ndarray) -> list[np.ndarray]:
        """Every digit of every key, each as the smallest integer array that holds it."""
        out = []
        for r, w in zip(self.radix, self.weight):
            d = keys // U64(w) if w != 1 else keys
            out.append((d % U64(r)).astype(dtype_for(0, r - 1)))
        return out


def _weights(radix: list[int]) -> list[int]:
    weight, out = 1, []
    for r in reversed(radix):
        out.append(weight)
        weight *= r
    return out[::-1]


def _check_value(value: Any, where: str) -> None:
    if not isinstance(value, (Vec, bool, int, np.integer, np.bool_)):
        raise NotVectorisable(f"{where}: produces {type(value).__name__} {value!r}, not a value")


def _symbolic_state(model: Model, packer: Packer, leaves: list[Vec]) -> Any:
    fields: dict[str, Any] = {}
    for n, (name, idx, _) in enumerate(packer.digits):
        if idx is None:
            fields[name] = leaves[n]
        else:
            fields[name] = fields.get(name, ()) + (leaves[n],)
    for f in model.fields:
        fields.setdefault(f.name, ())          # an index set of size 0
    return model.spec.state(**fields)


class Values:
    """Node values over one level: each node evaluated at most once (memoised by id)."""

    def __init__(self, digits: list[np.ndarray]) -> None:
        self.digits = digits
        self.memo: dict[int, Any] = {}

    def __call__(self, x: Any) -> Any:
        if not isinstance(x, Vec):
            return x
        got = self.memo.get(x.ident)
        if got is None:
            got = self.memo[x.ident] = self._eval(x)
        return got

    def mask(self, x: Any, size: int) -> np.ndarray:
        """A truth value as a boolean array over the level."""
        v = self(x)
        if isinstance(v, np.ndarray):
            return v if v.dtype == np.bool_ else v != 0
        return np.full(size, bool(v))

    def _eval(self, x: Vec) -> Any:
        op, args = x.op, x.args
        if op == "digit":
            return self.digits[args[0]]
        vals = [self(a) for a in args]
        if op in ("and", "or"):
            out = _as_bool(vals[0]).copy()
            for v in vals[1:]:
                (out.__iand__ if op == "and" else out.__ior__)(_as_bool(v))
            return out
        if op == "not":
            return np.logical_not(vals[0])
        if op == "where":
            out = np.where(_as_bool(vals[0]), vals[1], vals[2])
            return out.astype(np.bool_ if x.is_bool else dtype_for(x.lo, x.hi), copy=False)
        if op in COMPARE:
            return COMPARE[op](vals[0], vals[1])
        dt = dtype_for(x.lo, x.hi)
        a, b = (v.astype(dt, copy=False) if isinstance(v, np.ndarray) else v for v in vals)
        return ARITH[op](a, b)


def _as_bool(v: Any) -> Any:
    if isinstance(v, np.ndarray) and v.dtype != np.bool_:
        return v != 0
    return v
