"""`Vec`: model expressions traced once into a graph, then evaluated on numpy arrays.

The model's guards, effects and properties are called once with a state
whose fields are `Vec` leaves (one per digit of the packed state). Every
operator and helper (`ite`, `And`, `Or`, `Not`, comparisons, arithmetic)
returns a new node of a hash-consed graph, so an expression the model
writes twice (`phase != DONE` in every guard) is one node, evaluated once
per BFS level. Evaluating a node gives one element per state of the level:
`ite` is `np.where`, `And` an elementwise `&`.

Each node carries an interval of the values it can take; arithmetic runs in
the smallest signed integer type that holds it, so a level of millions of
states costs bytes, not words, per intermediate. A construct that cannot be
expressed (a Python `if` on a state value, indexing with a state value, an
interval beyond 64 bits) raises `NotVectorisable`.
"""
from __future__ import annotations

import operator
from typing import Any, Callable

import numpy as np

from hintcheck.model.core import Term


class NotVectorisable(Exception):
    """The model uses a construct the vector engine cannot evaluate on arrays."""


COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt,
    "le": operator.le, "gt": operator.gt, "ge": operator.ge,
}
ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul,
    "floordiv": operator.floordiv, "mod": operator.mod,
}


def dtype_for(lo: int, hi: int) -> np.dtype:
    """The smallest signed integer type holding lo..hi."""
    for dt in (np.int8, np.int16, np.int32, np.int64):
        info = np.iinfo(dt)
        if info.min <= lo and hi <= info.max:
            return np.dtype(dt)
    raise NotVectorisable(f"an intermediate value needs more than 64 bits ({lo}..{hi})")


def _bounds(value: Any) -> tuple[int, int]:
    if isinstance(value, Vec):
        return value.lo, value.hi
    return int(value), int(value)


def _is_bool(value: Any) -> bool:
    return value.is_bool if isinstance(value, Vec) else isinstance(value, (bool, np.bool_))


def _arith_bounds(op: str, a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    if op in ("add", "sub", "mul"):
        fn = ARITH[op]
        corners = [fn(x, y) for x in a for y in b]
        return min(corners), max(corners)
    if op == "mod" and b[0] > 0:
        return (0, b[1] - 1)
    big = max(abs(v) for v in (*a, *b))   # floordiv, or mod by a value that may be <= 0
    return -big, big


class Graph:
    """The hash-consed node table of one traced model: equal expressions share a node."""

    def __init__(self) -> None:
        self.nodes: dict[tuple[Any, ...], Vec] = {}

    def node(self, op: str, args: tuple[Any, ...], lo: int, hi: int, is_bool: bool) -> Vec:
        sig = (op,) + tuple(("n", a.ident) if isinstance(a, Vec) else ("c", int(a)) for a in args)
        found = self.nodes.get(sig)
        if found is None:
            found = Vec(self, op, args, lo, hi, is_bool, len(self.nodes))
            self.nodes[sig] = found
        return found

    def digit(self, n: int, radix: int) -> Vec:
        return self.node("digit", (n,), 0, radix - 1, False)


def _binary(op: str, reflected: bool = False) -> Callable[[Vec, Any], Any]:
    def method(self: Vec, other: Any) -> Any:
        if not isinstance(other, (Vec, int, np.integer)):
            return NotImplemented
        a, b = (other, self) if reflected else (self, other)
        if op in COMPARE:
            return self.graph.node(op, (a, b), 0, 1, True)
        lo, hi = _arith_bounds(op, _bounds(a), _bounds(b))
        dtype_for(lo, hi)   # refuse now, at trace time, what could not be evaluated
        return self.graph.node(op, (a, b), lo, hi, False)
    return method


class Vec(Term):
    """A node of the expression graph: an operation over digits and constants."""

    __slots__ = ("graph", "op", "args", "lo", "hi", "is_bool", "ident")

    def __init__(self, graph: Graph, op: str, args: tuple[Any, ...], lo: int, hi: int,
                 is_bool: bool, ident: int) -> None:
        self.graph, self.op, self.args = graph, op, args
        self.lo, self.hi, self.is_bool, self.ident = lo, hi, is_bool, ident

    @classmethod
    def all_of(cls, items: list[Any]) -> Any:
        return _fold("and", items, absorbing=False)

    @classmethod
    def any_of(cls, items: list[Any]) -> Any:
        return _fold("or", items, absorbing=True)

    def negate(self) -> Vec:
        return self.graph.node("not", (self,), 0, 1, True)

    def choose(self, then: Any, else_: Any) -> Any:
        if isinstance(then, tuple) or isinstance(else_, tuple):
            if not (isinstance(then, tuple) and isinstance(else_, tuple) and len(then) == len(else_)):
                raise NotVectorisable("ite() between a tuple and a non-tuple, or tuples of different lengths")
            return tuple(self.choose(a, b) for a, b in zip(then, else_))
        if not isinstance(then, (Vec, int, np.integer)) or not isinstance(else_, (Vec, int, np.integer)):
            raise NotVectorisable(f"ite() over unsupported values {then!r}, {else_!r}")
        if then is else_:
            return then
        (a, b), (c, d) = _bounds(then), _bounds(else_)
        return self.graph.node("where", (self, then, else_), min(a, c), max(b, d),
                               _is_bool(then) and _is_bool(else_))

    def __index__(self) -> int:
        raise NotVectorisable("a state value used as an index")

    def __neg__(self) -> Vec:
        return self.graph.node("sub", (0, self), -self.hi, -self.lo, False)

    __eq__ = _binary("eq")          # type: ignore[assignment]
    __ne__ = _binary("ne")          # type: ignore[assignment]
    __lt__ = _binary("lt")
    __le__ = _binary("le")
    __gt__ = _binary("gt")
    __ge__ = _binary("ge")
    __add__ = _binary("add")
    __sub__ = _binary("sub")
    __mul__ = _binary("mul")
    __floordiv__ = _binary("floordiv")
    __mod__ = _binary("mod")
    __radd__ = _binary("add", True)
    __rsub__ = _binary("sub", True)
    __rmul__ = _binary("mul", True)
    __hash__ = None  # type: ignore[assignment]


def _fold(op: str, items: list[Any], absorbing: bool) -> Any:
    """And/Or over items mixing nodes and plain truth values (plain ones fold away)."""
    nodes: list[Vec] = []
    graph = None
    for item in items:
        if isinstance(item, Vec):
            if all(item is not n for n in nodes):
                nodes.append(item)
            graph = item.graph
        elif bool(item) is absorbing:
            return absorbing
    if not nodes:
        return not absorbing
    if len(nodes) == 1:
        return nodes[0]
    assert graph is not None
    nodes.sort(key=lambda n: n.ident)         # And(a, b) and And(b, a) share a node
    return graph.node(op, tuple(nodes), 0, 1, True)
