"""Logic helpers that compute on plain values and build formulas on terms.

Model code branches on *state* only through these helpers. On plain values
(explicit search, replay, Hypothesis) they compute; on a `Term` supplied by
an engine (Z3 formulas in `hintcheck.symbolic`, numpy arrays in
`hintcheck.vector`) they build the engine's own expression. A `Term` refuses
to be a Python truth value, so a stray `if`, `and`, `or` or `not` on state
fails loudly instead of silently choosing a branch.

>>> ite(3 == 2, 1, 4)
4
>>> And(True, 1 == 1, Not(False))
True
>>> put((0, 0, 0), 1, 7)
(0, 7, 0)
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn, TypeAlias


class Term:
    """A symbolic value supplied by an engine.

    Models only pass terms around, compare them, do small arithmetic on them
    and combine them through the helpers below. Subclasses implement the
    comparison and arithmetic operators for their own representation, and
    the four methods below. (Not an ABC: `isinstance` against an ABC costs
    a Python-level call, and the helpers test every operand.)
    """

    __slots__ = ()

    def __bool__(self) -> NoReturn:
        raise TypeError("branching on a symbolic value: use ite(), And(), Or(), Not()")

    @classmethod
    def all_of(cls, items: list[Any]) -> Term:
        """Conjunction of `items`, which may mix terms and plain bools."""
        raise NotImplementedError

    @classmethod
    def any_of(cls, items: list[Any]) -> Term:
        """Disjunction of `items`, which may mix terms and plain bools."""
        raise NotImplementedError

    def negate(self) -> Term:
        """Logical negation of this (Boolean) term."""
        raise NotImplementedError

    def choose(self, then: Any, else_: Any) -> Any:
        """If-then-else with this term as the condition."""
        raise NotImplementedError


Bool: TypeAlias = "bool | Term"


def _term(items: Iterable[Any]) -> Term | None:
    return next((c for c in items if isinstance(c, Term)), None)


def And(*conds: Any) -> Any:
    """Conjunction; plain when every operand is plain."""
    term = _term(conds)
    return all(conds) if term is None else type(term).all_of(list(conds))


def Or(*conds: Any) -> Any:
    """Disjunction; plain when every operand is plain."""
    term = _term(conds)
    return any(conds) if term is None else type(term).any_of(list(conds))


def Not(cond: Any) -> Any:
    """Negation; plain on a plain operand."""
    return cond.negate() if isinstance(cond, Term) else not cond


def Implies(cond: Any, then: Any) -> Any:
    """`cond` implies `then`."""
    return Or(Not(cond), then)


def every(conds: Iterable[Any]) -> Any:
    """`And` over an iterable (the helper form of `all()`)."""
    return And(*conds)


def some(conds: Iterable[Any]) -> Any:
    """`Or` over an iterable (the helper form of `any()`)."""
    return Or(*conds)


def ite(cond: Any, then: Any, else_: Any) -> Any:
    """`then` if `cond` holds, else `else_`; the engine's if-then-else on a Term."""
    if isinstance(cond, Term):
        return cond.choose(then, else_)
    return then if cond else else_


def count(conds: Iterable[Any]) -> Any:
    """How many of `conds` hold, as a value or a term."""
    total: Any = 0
    for c in conds:
        total = total + ite(c, 1, 0)
    return total


def put(items: tuple[Any, ...], index: int, value: Any) -> tuple[Any, ...]:
    """`items` with one element replaced. `index` is always a concrete int."""
    if not isinstance(index, int):
        raise TypeError("put(): the index must be a concrete int (an action parameter)")
    return items[:index] + (value,) + items[index + 1:]
