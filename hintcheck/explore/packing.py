"""Mixed-radix packing of states into integers, and the symmetry canonical form.

The packer is derived from the state class's declared fields: each scalar
is one digit, each per-index array one digit per index, each digit's radix
its domain size. The packing code is generated once per model (a Horner
expression) because it runs on every successor.

>>> from hintcheck.model.registry import load_spec
>>> m = load_spec("reference").build("undo", {"pages": 1})
>>> p = Packer(m)
>>> p.unpack(p.pack(m.init())) == m.init()
True
"""
from __future__ import annotations

import math
from typing import Any, Callable

from hintcheck.model.core import Model, ModelError


class Packer:
    """pack(state) -> int and unpack(int) -> state for one model."""

    def __init__(self, model: Model) -> None:
        self.model = model
        # (field, index or None, radix) in digit order
        self.digits: list[tuple[str, int | None, int]] = []
        for f in model.fields:
            radix = model.domain_size(f)
            if f.index is None:
                self.digits.append((f.name, None, radix))
            else:
                self.digits.extend((f.name, i, radix) for i in range(model.index_size(f.index)))
        self.space = math.prod(r for _, _, r in self.digits)
        self.bits = max(1, (self.space - 1).bit_length())
        self.pack: Callable[[Any], int] = self._compile()

    def _compile(self) -> Callable[[Any], int]:
        expr = "0"
        for name, idx, radix in self.digits:
            ref = f"s.{name}" if idx is None else f"s.{name}[{idx}]"
            expr = f"({expr}) * {radix} + {ref}"
        return eval(f"lambda s: {expr}")  # noqa: S307 -- built from declared field names only

    def unpack(self, key: int) -> Any:
        values: dict[str, Any] = {}
        arrays: dict[str, list[int]] = {}
        for name, idx, radix in reversed(self.digits):
            key, digit = divmod(key, radix)
            if idx is None:
                values[name] = digit
            else:
                arrays.setdefault(name, []).insert(0, digit)
        for f in self.model.fields:
            if f.index is None and f.domain.enum is not None:
                values[f.name] = f.domain.enum(values[f.name])
        values.update({k: tuple(v) for k, v in arrays.items()})
        return self.model.spec.state(**values)


class Canonicalizer:
    """Canonical form under permutation of the model's symmetric index sets.

    For each symmetric index set, the per-index fields over it form one
    tuple per index; sorting those tuples gives the orbit's representative.
    This is sound only when no other field holds an index of that set as a
    value, which a model asserts by declaring the set symmetric.
    """

    def __init__(self, model: Model) -> None:
        if not model.symmetric:
            raise ModelError(f"model {model.name} declares no symmetric index set")
        self.groups = [tuple(f.name for f in model.fields if f.index == ix)
                       for ix in sorted(model.symmetric)]

    def __call__(self, s: Any) -> Any:
        for names in self.groups:
            rows = sorted(zip(*(getattr(s, n) for n in names)))
            cols = tuple(zip(*rows)) if rows else tuple(() for _ in names)
            s = s.set(**dict(zip(names, cols)))
        return s
