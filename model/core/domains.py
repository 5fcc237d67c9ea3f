"""Finite domains of state variables, declared once on the state class.

A state is a frozen dataclass whose fields are declared with `scalar()` or
`per_index()`. Every engine derives what it needs from that one declaration:
the mixed-radix packer (explore), strategies for in-domain states (stateful
and differential tests), bounded sorts (symbolic) and JSON encoding (traces).

>>> BIT = Domain.range(2)
>>> BIT.size({})
2
>>> Domain.upto("rounds").size({"rounds": 2})
3
"""
from __future__ import annotations

import builtins
import dataclasses
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Callable, Mapping

_META = "hintcheck"


@dataclass(frozen=True)
class Domain:
    """Values lo..lo+size-1 (lo is 0 unless `between`), the size fixed, taken from a parameter, or an IntEnum's.

    Engines store a value as its digit, value - lo (floor.packing); model
    code always sees the value itself.
    """

    fixed: int | None = None
    param: str | None = None          # size = params[param] + 1 + extra
    extra: int = 0
    enum: type[IntEnum] | None = None
    lo: int = 0
    label: Callable[[int], str | None] | None = dataclasses.field(default=None, compare=False)

    def labelled(self, label: Callable[[int], str | None]) -> Domain:
        """The same values, each printed by the name `label(value)` gives (None: the number itself).

        For codes that are not an IntEnum because their range depends on a
        parameter (a page's location: IN_USE, BUDDY, or the list of CPU c):

        >>> LOC = Domain.upto("cpus", 1).labelled(lambda v: ("IN_USE", "BUDDY")[v] if v < 2 else f"PCP{v - 2}")
        >>> [LOC.name_of(v) for v in LOC.values({"cpus": 2})]
        ['IN_USE', 'BUDDY', 'PCP0', 'PCP1']
        """
        return dataclasses.replace(self, label=label)

    def name_of(self, value: Any) -> str:
        """A value as people read it: an enum member's or a label's name, else the number.

        Accepts what a trace holds too (an enum value already written by name).
        """
        if isinstance(value, str):
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            return str(value)
        if self.enum is not None and 0 <= value < len(self.enum):
            return self.enum(value).name
        if self.label is not None:
            try:
                named = self.label(int(value))
            except (IndexError, KeyError, ValueError):
                named = None
            if named:
                return named
        return str(int(value))

    @classmethod
    def range(cls, n: int) -> Domain:
        """The values 0..n-1."""
        return cls(fixed=n)

    @classmethod
    def between(cls, lo: int, hi: int) -> Domain:
        """The values lo..hi, both included (negative values too): `Domain.between(-2, 2)`."""
        if isinstance(lo, bool) or isinstance(hi, bool) or not (isinstance(lo, int) and isinstance(hi, int)) \
                or hi < lo:
            raise ValueError(f"Domain.between({lo!r}, {hi!r}): need integers lo <= hi")
        return cls(fixed=hi - lo + 1, lo=lo)

    def values(self, params: Mapping[str, int]) -> builtins.range:
        """Every value of the domain under the given parameters."""
        return builtins.range(self.lo, self.lo + self.size(params))

    @classmethod
    def upto(cls, param: str, extra: int = 0) -> Domain:
        """The values 0..params[param] + extra."""
        return cls(param=param, extra=extra)

    @classmethod
    def enum_of(cls, enum: type[IntEnum]) -> Domain:
        """The members of an IntEnum whose values are 0..len-1."""
        values = sorted(int(m) for m in enum)
        if values != list(range(len(values))):
            raise ValueError(f"{enum.__name__}: enum values must be 0..{len(values) - 1}")
        return cls(fixed=len(values), enum=enum)

    def size(self, params: Mapping[str, int]) -> int:
        """Number of values under the given model parameters."""
        if self.fixed is not None:
            return self.fixed
        assert self.param is not None
        return params[self.param] + 1 + self.extra

    def to_json(self, value: int) -> int | str:
        """Enum members by name, everything else (a value outside the enum included) as an int."""
        if self.enum is not None and 0 <= int(value) < len(self.enum):
            return self.enum(int(value)).name
        return int(value)

    def from_json(self, raw: Any, params: Mapping[str, int]) -> int:
        """Parse a JSON value; raise ValueError when it is outside the domain."""
        if self.enum is not None and isinstance(raw, str):
            try:
                return self.enum[raw]
            except KeyError:
                raise ValueError(f"{raw!r} is not one of {[m.name for m in self.enum]}") from None
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"{raw!r} is not an integer")
        if raw not in self.values(params):
            raise ValueError(f"{raw} is outside {self.lo}..{self.lo + self.size(params) - 1}")
        return self.enum(raw) if self.enum else raw


@dataclass(frozen=True)
class FieldSpec:
    """One state variable: its name, domain and index set (None for a scalar; a pair for a `Grid`)."""

    name: str
    domain: Domain
    index: str | tuple[str, str] | None


def scalar(domain: Domain) -> Any:
    """Declare a scalar state field."""
    return dataclasses.field(default=0, metadata={_META: (domain, None)})


def per_index(index: str | tuple[str, str], domain: Domain) -> Any:
    """Declare an array field with one element per member of `index`, or a `Grid` with one element per
    pair of members of two index sets: `per_index(("nodes", "nodes"), BIT)` (model.core.grid)."""
    if isinstance(index, list):
        index = tuple(index)
    if isinstance(index, tuple) and (len(index) != 2 or not all(isinstance(i, str) for i in index)):
        raise TypeError(f"per_index({index!r}): a field is over one index set or a pair of them")
    return dataclasses.field(default=(), metadata={_META: (domain, index)})


def state_fields(state_cls: type) -> tuple[FieldSpec, ...]:
    """The declared fields of a state class, in declaration order."""
    specs = []
    for f in dataclasses.fields(state_cls):
        if _META not in f.metadata:
            raise TypeError(f"{state_cls.__name__}.{f.name}: declare with scalar() or per_index()")
        domain, index = f.metadata[_META]
        specs.append(FieldSpec(f.name, domain, index))
    return tuple(specs)
