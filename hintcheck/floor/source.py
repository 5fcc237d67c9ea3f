"""The graph translated to Python source: straight-line code over the digits of a packed key.

A node becomes a Python expression over `d0, d1, ...` (the digits, unpacked
once per key): `and`/`or`/`not` as Python's (short-circuit, as the model
wrote them), `where` as a conditional expression, comparisons and
arithmetic as themselves. Shared nodes are written out where they are used
rather than hoisted, so a guarded branch (`ite(x != 0, y // x, 0)`) is only
evaluated where the model evaluates it.

>>> from hintcheck.floor.graph import Graph
>>> from hintcheck.model.core import ite
>>> g = Graph()
>>> x = g.digit(0, 3)
>>> Source().of(ite(x == 2, 1, x + 1))
'(1 if (d0 == 2) else (d0 + 1))'
"""
from __future__ import annotations

from typing import Any

from hintcheck.floor.graph import Node
from hintcheck.floor.packing import Packer

_SYMBOL = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">=",
           "add": "+", "sub": "-", "mul": "*", "floordiv": "//", "mod": "%"}


class Source:
    """Python text of nodes, each node's text built once."""

    def __init__(self) -> None:
        self.memo: dict[int, str] = {}

    def of(self, value: Any) -> str:
        if not isinstance(value, Node):
            return "True" if value is True else "False" if value is False else str(int(value))
        text = self.memo.get(value.ident)
        if text is None:
            text = self.memo[value.ident] = self._text(value)
        return text

    def _text(self, x: Node) -> str:
        op, args = x.op, x.args
        if op == "digit":
            return f"d{args[0]}"
        parts = [self.of(a) for a in args]
        if op in ("and", "or"):
            return "(" + f" {op} ".join(parts) + ")"
        if op == "not":
            return f"(not {parts[0]})"
        if op == "where":
            return f"({parts[1]} if {parts[0]} else {parts[2]})"
        return f"({parts[0]} {_SYMBOL[op]} {parts[1]})"


def unpack_lines(packer: Packer) -> list[str]:
    """Lines that bind `d0, d1, ...` to the digits of `key`."""
    lines = ["    k = key"]
    for n in range(len(packer.digits) - 1, 0, -1):
        lines.append(f"    k, d{n} = divmod(k, {packer.digits[n][2]})")
    lines.append("    d0 = k")
    return lines


def build(lines: list[str], name: str, env: dict[str, Any] | None = None) -> Any:
    """Compile generated lines and return the function they define (`env`: names the code may call)."""
    namespace: dict[str, Any] = dict(env or {})
    exec(compile("\n".join(lines), f"<hintcheck compiled {name}>", "exec"), namespace)  # noqa: S102
    return namespace[name]
