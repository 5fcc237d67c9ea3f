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

from hintcheck.model.core.grid import Grid


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

    @classmethod
    def every_of(cls, items: list[Any]) -> Term:
        """`every()` over an index set: a conjunction unless the engine quantifies."""
        return cls.all_of(items)

    @classmethod
    def some_of(cls, items: list[Any]) -> Term:
        """`some()` over an index set: a disjunction unless the engine quantifies."""
        return cls.any_of(items)

    @classmethod
    def count_of(cls, items: list[Any]) -> Any:
        """`count()` over an index set: a sum of 0/1 terms unless the engine objects."""
        total: Any = 0
        for c in items:
            total = total + ite(c, 1, 0)
        return total


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
    """`And` over an iterable (the helper form of `all()`).

    An engine whose index sets are symbolic (a proof for any number of pages)
    turns it into a universal quantifier through its term's `every_of`.
    """
    items = list(conds)
    term = _term(items)
    return all(items) if term is None else type(term).every_of(items)


def some(conds: Iterable[Any]) -> Any:
    """`Or` over an iterable (the helper form of `any()`); `some_of` on a term."""
    items = list(conds)
    term = _term(items)
    return any(items) if term is None else type(term).some_of(items)


def ite(cond: Any, then: Any, else_: Any) -> Any:
    """`then` if `cond` holds, else `else_`; the engine's if-then-else on a Term."""
    if isinstance(cond, Term):
        return cond.choose(then, else_)
    return then if cond else else_


def count(conds: Iterable[Any]) -> Any:
    """How many of `conds` hold, as a value or a term (`count_of` on a term)."""
    items = list(conds)
    term = _term(items)
    if term is not None:
        return type(term).count_of(items)
    return sum(1 for c in items if c)


def put(items: tuple[Any, ...], index: int | tuple[int, int], value: Any) -> tuple[Any, ...]:
    """`items` with one element replaced. `index` is always a concrete int, or a pair (i, j) of them
    for a field over two index sets (a `Grid`: `put(s.chan, (i, j), 1)`).

    An engine may supply a symbolic per-index vector instead of a tuple (a
    proof for any number of pages); it then does the replacement itself.
    """
    if not isinstance(items, tuple):
        return items.put(index, value)
    if isinstance(items, Grid):
        return items.put(index, value)
    if not isinstance(index, int):
        raise TypeError("put(): the index must be a concrete int (an action parameter)")
    return items[:index] + (value,) + items[index + 1:]
