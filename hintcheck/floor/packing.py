"""Mixed-radix packing of states into integers.

The packer is derived from the state class's declared fields: each scalar
is one digit, each per-index array one digit per index, each digit's radix
its domain size. Every engine numbers digits this way: the traced graph's
leaves (`lower.py`), the compiled and numpy backends' keys, and the Z3
backend's variables. The packing code is generated once per model (a
Horner expression) because it runs on every successor.

>>> from hintcheck.model.registry import load_spec
>>> m = load_spec("reference").build("undo", {"pages": 1})
>>> p = Packer(m)
>>> p.unpack(p.pack(m.init())) == m.init()
True
"""
from __future__ import annotations

import math
from typing import Any, Callable

from hintcheck.model.core import Model


class Packer:
    """pack(state) -> int and unpack(int) -> state for one model."""

    def __init__(self, model: Model) -> None:
        self.model = model
        # (field, index or None, radix) in digit order
        self.digits: list[tuple[str, int | None, int]] = []
        self.offset: list[int] = []        # per digit: the domain's lowest value (digit = value - offset)
        for f in model.fields:
            radix = model.domain_size(f)
            if f.index is None:
                self.digits.append((f.name, None, radix))
                self.offset.append(f.domain.lo)
            else:
                n = model.index_size(f.index)
                self.digits.extend((f.name, i, radix) for i in range(n))
                self.offset.extend([f.domain.lo] * n)
        self.radix = [r for _, _, r in self.digits]
        self.weight = weights(self.radix)
        self.space = math.prod(self.radix)
        self.bits = max(1, (self.space - 1).bit_length())
        self.pack: Callable[[Any], int] = self._compile()

    def _compile(self) -> Callable[[Any], int]:
        expr = "0"
        for (name, idx, radix), lo in zip(self.digits, self.offset):
            ref = f"s.{name}" if idx is None else f"s.{name}[{idx}]"
            expr = f"({expr}) * {radix} + {ref}" + (f" - ({lo})" if lo else "")
        fn: Callable[[Any], int] = eval(f"lambda s: {expr}")  # noqa: S307 -- declared field names only
        return fn

    def unpack(self, key: int) -> Any:
        values: dict[str, Any] = {}
        arrays: dict[str, list[int]] = {}
        for (name, idx, radix), lo in zip(reversed(self.digits), reversed(self.offset)):
            key, digit = divmod(key, radix)
            if idx is None:
                values[name] = digit + lo
            else:
                arrays.setdefault(name, []).insert(0, digit + lo)
        for f in self.model.fields:
            if f.index is None and f.domain.enum is not None:
                values[f.name] = f.domain.enum(values[f.name])
            elif f.name in arrays:
                values[f.name] = self.model.array(f, arrays[f.name])
        return self.model.spec.state(**values)

    def digits_of(self, state: Any) -> list[int]:
        """The digits of a concrete state, in digit order."""
        return [int(getattr(state, name) if idx is None else getattr(state, name)[idx]) - lo
                for (name, idx, _), lo in zip(self.digits, self.offset)]

    def value(self, n: int, digit: int) -> int:
        """The value digit `n` stands for."""
        return digit + self.offset[n]


def weights(radix: list[int]) -> list[int]:
    """The place value of each digit (the last digit is the least significant)."""
    weight, out = 1, []
    for r in reversed(radix):
        out.append(weight)
        weight *= r
    return out[::-1]
