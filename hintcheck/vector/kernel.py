"""The lowered model as array programs: guards as masks, effects as key deltas.

`Kernel(model, prop)` takes the model's one lowering (`floor.lower`: every
action instance's guard and changed digits, the property, as nodes of one
graph) and evaluates it on whole levels of packed keys. Expanding a level
costs a handful of numpy operations per node: the successor key of
instance `i` from key `k` is `k` plus, for each digit the effect changes,
`(new - old) * weight` (in wrapping uint64 arithmetic, which is exact
because the final key lies in range). No state object is built; the plain
interpreter only replays the counterexample.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from hintcheck.floor import Node, NotLowerable, lowered
from hintcheck.floor.graph import ARITH, COMPARE, reachable
from hintcheck.model.core import Model, Property
from hintcheck.vector.terms import NotVectorisable, dtype_for

U64 = np.uint64


@dataclass
class Compiled:
    """One action instance as array code: its guard, changed digits, step-property check."""

    guard: Any                          # Node or a plain truth value
    changes: list[tuple[int, Any]]      # (digit, new value: Node or int)
    ok: Any                             # action property on this step (True for invariants)
    well_formed: Any = True             # the step's state lies inside the declaration (floor.contract)


class Kernel:
    """The lowered model on arrays: per-instance guards and deltas, the invariant, digit weights."""

    def __init__(self, model: Model, prop: Property) -> None:
        self.model, self.prop = model, prop
        try:
            low = lowered(model)
            self.invariant, oks = low.checks(prop)
        except NotLowerable as exc:
            raise NotVectorisable(str(exc), exc.cause) from None
        self.packer = low.packer
        if self.packer.space > 2**64:
            raise NotVectorisable(f"model {model.name}: packed states need {self.packer.bits} bits; "
                                  "the vector engine keys states in 64 bits")
        self.radix, self.weight = self.packer.radix, self.packer.weight
        self.code = [Compiled(step.guard, step.changes, ok, step.well_formed) for step, ok in zip(low.steps, oks)]
        self._check_widths(model)

    def _check_widths(self, model: Model) -> None:
        """Refuse now, before the search, a node whose values need more than 64 bits."""
        roots: list[Any] = [self.invariant]
        for c in self.code:
            roots += [c.guard, c.ok, c.well_formed, *(new for _, new in c.changes)]
        for node in reachable(roots):
            try:
                dtype_for(node.lo, node.hi)
            except NotVectorisable as exc:
                raise NotVectorisable(f"model {model.name}: {exc}") from None

    def digits(self, keys: np.ndarray) -> list[np.ndarray]:
        """Every digit of every key, each as the smallest integer array that holds it."""
        out = []
        for r, w in zip(self.radix, self.weight):
            d = keys // U64(w) if w != 1 else keys
            out.append((d % U64(r)).astype(dtype_for(0, r - 1)))
        return out


class Values:
    """Node values over one level: each node evaluated at most once (memoised by id)."""

    def __init__(self, digits: list[np.ndarray]) -> None:
        self.digits = digits
        self.memo: dict[int, Any] = {}

    def __call__(self, x: Any) -> Any:
        if not isinstance(x, Node):
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

    def _eval(self, x: Node) -> Any:
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
