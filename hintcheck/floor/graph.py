"""`Node`: model expressions traced once into a hash-consed graph.

The model's guards, effects, hooks, properties and cost labels are called
once with a state whose fields are `Node` leaves (one per digit of the
packed state, `packing.Packer` order). Every operator and helper (`ite`,
`And`, `Or`, `Not`, comparisons, arithmetic) returns a node of one graph,
so an expression the model writes twice (`phase != DONE` in every guard)
is one node. The graph is the lowered model: the compiled-Python, numpy
and Z3 backends are translations of it, node type by node type.

Node types (`Node.op`):

    digit      leaf: digit `args[0]` of the packed state
    and, or    n-ary over Boolean nodes (operands sorted by id, deduplicated)
    not        Boolean negation
    where      if-then-else: `args = (cond, then, else)`
    eq ne lt le gt ge             comparison of two operands
    add sub mul floordiv mod      integer arithmetic of two operands

An operand is a node or a plain int (bools are ints). Each node carries an
interval `lo..hi` of the values it can take (for the numpy backend's
choice of integer width) and whether it is Boolean. A construct that
cannot be traced (a Python `if` on a state value, indexing with a state
value, `ite` over unsupported values) raises `NotLowerable`.

>>> g = Graph()
>>> x = g.digit(0, 3)
>>> (x == 2) is (x == 2)
True
>>> y = ite(x == 2, 1, x + 1)
>>> y.op, y.lo, y.hi
('where', 1, 3)
"""
from __future__ import annotations

import operator
from typing import Any, Callable

from hintcheck.model.core import HintcheckError, Term, ite  # noqa: F401 -- ite: doctest

COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt,
    "le": operator.le, "gt": operator.gt, "ge": operator.ge,
}
ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul,
    "floordiv": operator.floordiv, "mod": operator.mod,
}
OPS = frozenset({"digit", "and", "or", "not", "where", *COMPARE, *ARITH})


class NotLowerable(HintcheckError):
    """A model construct the tracer cannot turn into the graph; the message names where.

    `cause` is the exception the model code raised while being traced (a
    `PolicyError` from a user hook, the `TypeError` of a Python branch on a
    node), or None when the tracer itself refused.
    """

    def __init__(self, message: str, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.cause = cause


def bounds(value: Any) -> tuple[int, int]:
    """The interval of a node or a plain int."""
    if isinstance(value, Node):
        return value.lo, value.hi
    return int(value), int(value)


def is_bool(value: Any) -> bool:
    return value.is_bool if isinstance(value, Node) else isinstance(value, bool)


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
        self.nodes: dict[tuple[Any, ...], Node] = {}

    def node(self, op: str, args: tuple[Any, ...], lo: int, hi: int, boolean: bool) -> Node:
        sig = (op,) + tuple(("n", a.ident) if isinstance(a, Node) else ("c", int(a)) for a in args)
        found = self.nodes.get(sig)
        if found is None:
            found = Node(self, op, args, lo, hi, boolean, len(self.nodes))
            self.nodes[sig] = found
        return found

    def digit(self, n: int, radix: int) -> Node:
        return self.node("digit", (n,), 0, radix - 1, False)


def _operand(value: Any) -> bool:
    return isinstance(value, (Node, int))


def _binary(op: str, reflected: bool = False) -> Callable[[Node, Any], Any]:
    def method(self: Node, other: Any) -> Any:
        if not _operand(other):
            return NotImplemented
        a, b = (other, self) if reflected else (self, other)
        if op in COMPARE:
            return self.graph.node(op, (a, b), 0, 1, True)
        lo, hi = _arith_bounds(op, bounds(a), bounds(b))
        return self.graph.node(op, (a, b), lo, hi, False)
    return method


class Node(Term):
    """A node of the expression graph: an operation over digits and constants."""

    __slots__ = ("graph", "op", "args", "lo", "hi", "is_bool", "ident")

    def __init__(self, graph: Graph, op: str, args: tuple[Any, ...], lo: int, hi: int,
                 boolean: bool, ident: int) -> None:
        self.graph, self.op, self.args = graph, op, args
        self.lo, self.hi, self.is_bool, self.ident = lo, hi, boolean, ident

    def __repr__(self) -> str:
        return f"<node {self.ident} {self.op}>"

    @classmethod
    def all_of(cls, items: list[Any]) -> Any:
        return _fold("and", items, absorbing=False)

    @classmethod
    def any_of(cls, items: list[Any]) -> Any:
        return _fold("or", items, absorbing=True)

    def negate(self) -> Node:
        return self.graph.node("not", (self,), 0, 1, True)

    def choose(self, then: Any, else_: Any) -> Any:
        if isinstance(then, tuple) or isinstance(else_, tuple):
            if not (isinstance(then, tuple) and isinstance(else_, tuple) and len(then) == len(else_)):
                raise NotLowerable("ite() between a tuple and a non-tuple, or tuples of different lengths")
            return tuple(self.choose(a, b) for a, b in zip(then, else_))
        if not _operand(then) or not _operand(else_):
            raise NotLowerable(f"ite() over unsupported values {then!r}, {else_!r}")
        if then is else_:
            return then
        (a, b), (c, d) = bounds(then), bounds(else_)
        return self.graph.node("where", (self, then, else_), min(a, c), max(b, d),
                               is_bool(then) and is_bool(else_))

    def __index__(self) -> int:
        raise NotLowerable("a state value used as an index")

    def __neg__(self) -> Node:
        return self.graph.node("sub", (0, self), -self.hi, -self.lo, False)

    __eq__ = _binary("eq")
    __ne__ = _binary("ne")
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
    nodes: list[Node] = []
    graph = None
    for item in items:
        if isinstance(item, Node):
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


def reachable(roots: list[Any]) -> list[Node]:
    """Every node `roots` depend on, each once, operands before the nodes that use them."""
    seen: set[int] = set()
    order: list[Node] = []
    stack: list[tuple[Node, bool]] = [(r, False) for r in roots if isinstance(r, Node)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node.ident in seen:
            continue
        seen.add(node.ident)
        stack.append((node, True))
        stack.extend((a, False) for a in node.args if isinstance(a, Node) and a.ident not in seen)
    return order


def digits_read(roots: list[Any]) -> frozenset[int]:
    """The digits `roots` depend on: the leaves among the nodes they reach.

    >>> g = Graph()
    >>> x, y, z = g.digit(0, 2), g.digit(1, 2), g.digit(2, 2)
    >>> sorted(digits_read([ite(x == 1, y, 0), True]))
    [0, 1]
    """
    return frozenset(n.args[0] for n in reachable(roots) if n.op == "digit")
