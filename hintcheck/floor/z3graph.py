"""Graph nodes as Z3 expressions: the one translation of the lowered graph (floor.lower) to Z3.

A `Translation` maps the nodes of one graph to Z3 terms over an
environment, one Z3 integer per digit of the packed state, each node
translated once. Node type by node type: `digit` to the environment's
variable, `where` to `If`, `and` to `And`, arithmetic to integer
arithmetic. Integer arithmetic keeps `v + 1` meaning what it means on plain
values, with no wrap-around; a Boolean node used as a number counts 0 or
1, and a number used as a truth value is "non-zero", as in Python and in
the numpy backend.

The Z3 engines (`hintcheck.symbolic.encode`) build their states and
relations on it; the symmetry check (`floor.symcheck`) compares a graph
with itself under a permutation of the environment. Z3 is imported only
by whoever imports this module.
"""
from __future__ import annotations

from typing import Any

import z3

from hintcheck.floor.graph import Node


class Translation:
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
        return ARITH[op](a, b)


ARITH = {
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "floordiv": lambda a, b: a / b,          # Z3 integer division floors for b > 0
    "mod": lambda a, b: a % b,
}
