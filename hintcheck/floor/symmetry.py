"""The one symmetry definition, and its canonical form on states and on packed keys.

A model declares index sets symmetric (its members interchangeable). For
each such set, the per-index fields over it form one *row* per member
(the row's digits in field order); the orbit representative of a state
sorts those rows lexicographically. This is sound only when no field holds
a member of that set as a value, which a model asserts by declaring it.

`Symmetry(model)` holds the rows as digit numbers. The canonical form is
given here on state objects and on Python-int keys (generated code), and
translated to numpy arrays by `hintcheck.vector.symmetry`: three
representations of one definition, checked against each other in
tests/vector/test_terms.py.
"""
from __future__ import annotations

from typing import Any, Callable

from hintcheck.floor.packing import Packer
from hintcheck.model.core import Model, ModelError


class Symmetry:
    """The rows of every symmetric index set, and the canonical form on states and keys."""

    def __init__(self, model: Model, packer: Packer | None = None) -> None:
        if not model.symmetric:
            raise ModelError(f"model {model.name} declares no symmetric index set")
        self.model = model
        self.packer = packer or Packer(model)
        digit_of = {(name, idx): n for n, (name, idx, _) in enumerate(self.packer.digits)}
        self.names: list[tuple[str, ...]] = []          # per group: the fields over the set
        self.rows: list[list[list[int]]] = []           # per group, per member: its digits
        for ix in sorted(model.symmetric):
            names = tuple(f.name for f in model.fields if f.index == ix)
            self.names.append(names)
            self.rows.append([[digit_of[nm, i] for nm in names] for i in range(model.index_size(ix))])
        self._key: Callable[[int], int] | None = None

    def state(self, s: Any) -> Any:
        """The orbit representative of a state object."""
        for names in self.names:
            rows = sorted(zip(*(getattr(s, n) for n in names)))
            cols = tuple(zip(*rows)) if rows else tuple(() for _ in names)
            s = s.set(**dict(zip(names, cols)))
        return s

    __call__ = state

    def key(self, key: int) -> int:
        """The key of the orbit representative of a packed key."""
        if self._key is None:
            self._key = self._compile()
        return self._key(key)

    def key_function(self) -> Callable[[int], int]:
        """`key` as a plain function (generated code), for inner loops."""
        if self._key is None:
            self._key = self._compile()
        return self._key

    def _compile(self) -> Callable[[int], int]:
        from hintcheck.floor.source import build, unpack_lines
        digits = self.packer.digits
        body = ["def canon(key):", *unpack_lines(self.packer)]
        value_of = {n: f"d{n}" for n in range(len(digits))}
        for g, rows in enumerate(self.rows):
            if not self.names[g]:
                continue
            text = ", ".join("(" + ", ".join(f"d{n}" for n in row) + ",)" for row in rows)
            body.append(f"    r{g} = sorted(({text},))")
            for i, row in enumerate(rows):
                for c, n in enumerate(row):
                    value_of[n] = f"r{g}[{i}][{c}]"
        expr = "0"
        for n, (_, _, radix) in enumerate(digits):
            expr = f"({expr}) * {radix} + {value_of[n]}"
        body.append(f"    return {expr}")
        fn: Callable[[int], int] = build(body, "canon")
        return fn
