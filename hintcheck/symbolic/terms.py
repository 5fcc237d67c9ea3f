"""Z3 terms for the proof for any number of pages: the model core's `Term` interface over Z3.

Fixed-size encodings (BMC, k-induction, Houdini at the model's own
parameters) translate the lowered graph (`encode.py`) and do not use this
module. The encoding for any number of pages (`pages.py`, `param.py`)
cannot: there an index set is a Z3 sort, `every()` and `some()` over it
become quantifiers and `count()` an abstraction, and a per-index array is
one Z3 array, none of which a graph traced at one fixed size can express.
So that encoding runs the model's own definitions on these terms instead.

A state whose fields hold `Z3Term`s (or tuples of them) goes through a
model's own guards, effects and properties unchanged: comparisons and
arithmetic build Z3 expressions, and the helpers of `hintcheck.model.core`
(`ite`, `And`, `Or`, `Not`, `every`, `some`, `count`) build `If`, `And`,
`Or`, `Not`. Plain ints and bools mixed in (parameters, enum members,
constants an effect writes) are lifted on the way.

State variables are Z3 integers constrained to their declared domain
(`encode.domain_constraints`); integer arithmetic keeps `v + 1` meaning
what it means on plain values, with no wrap-around to reason about.

>>> import z3
>>> from hintcheck.model.core import ite
>>> v = Z3Term(z3.Int("v"))
>>> print(as_z3(ite(v == 2, 1, v + 1)))
If(2 == v, 1, 1 + v)
"""
from __future__ import annotations

from typing import Any, Callable

import z3

from hintcheck.model.core import Term


def as_z3(value: Any) -> z3.ExprRef:
    """The Z3 expression of a term, a plain bool or a plain int."""
    if isinstance(value, Z3Term):
        return value.expr
    if isinstance(getattr(value, "expr", None), z3.ExprRef):   # pages.PageArray, pages.PageRef
        return value.expr
    if isinstance(value, bool):
        return z3.BoolVal(value)
    if isinstance(value, int):
        return z3.IntVal(int(value))
    raise TypeError(f"cannot encode {type(value).__name__} {value!r} for Z3")


def _wrap(expr: z3.ExprRef, cls: type[Z3Term]) -> Any:
    """Simplified constants come back as plain values, so `ite` on them stays plain.

    `cls` is the term class of the operands, so an engine's subclass (the
    quantifying terms of `pages.py`) survives every operation.
    """
    expr = z3.simplify(expr) if z3.is_app(expr) else expr
    if z3.is_true(expr):
        return True
    if z3.is_false(expr):
        return False
    return cls(expr)


def _binary(op: Callable[[Any, Any], Any], reflected: bool = False) -> Callable[[Z3Term, Any], Any]:
    def method(self: Z3Term, other: Any) -> Any:
        a, b = (as_z3(other), self.expr) if reflected else (self.expr, as_z3(other))
        return _wrap(op(a, b), type(self))
    return method


class Z3Term(Term):
    """A Z3 expression standing for a state value, a guard or a property."""

    __slots__ = ("expr",)

    def __init__(self, expr: z3.ExprRef) -> None:
        self.expr = expr

    def __repr__(self) -> str:
        return f"Z3Term({self.expr})"

    @classmethod
    def all_of(cls, items: list[Any]) -> Any:
        return _wrap(z3.And(*[as_z3(i) for i in items]), cls)

    @classmethod
    def any_of(cls, items: list[Any]) -> Any:
        return _wrap(z3.Or(*[as_z3(i) for i in items]), cls)

    def negate(self) -> Any:
        return _wrap(z3.Not(self.expr), type(self))

    def choose(self, then: Any, else_: Any) -> Any:
        if isinstance(then, tuple) or isinstance(else_, tuple):
            if not (isinstance(then, tuple) and isinstance(else_, tuple) and len(then) == len(else_)):
                raise TypeError("ite() over tuples of different shapes")
            return tuple(self.choose(a, b) for a, b in zip(then, else_))
        return _wrap(z3.If(self.expr, as_z3(then), as_z3(else_)), type(self))

    def __index__(self) -> int:
        raise TypeError("a state value used as an index: compare it with each index instead")

    __eq__ = _binary(lambda a, b: a == b)
    __ne__ = _binary(lambda a, b: a != b)
    __lt__ = _binary(lambda a, b: a < b)
    __le__ = _binary(lambda a, b: a <= b)
    __gt__ = _binary(lambda a, b: a > b)
    __ge__ = _binary(lambda a, b: a >= b)
    __add__ = _binary(lambda a, b: a + b)
    __sub__ = _binary(lambda a, b: a - b)
    __mul__ = _binary(lambda a, b: a * b)
    __floordiv__ = _binary(lambda a, b: a / b)       # Z3 integer division floors for b > 0
    __mod__ = _binary(lambda a, b: a % b)
    __radd__ = _binary(lambda a, b: a + b, True)
    __rsub__ = _binary(lambda a, b: a - b, True)
    __rmul__ = _binary(lambda a, b: a * b, True)
    __hash__ = None  # type: ignore[assignment]
