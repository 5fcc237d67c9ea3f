"""A field indexed by two index sets (`per_index(("nodes", "nodes"), domain)`): a `Grid`.

A grid is a tuple of its elements in row-major order that also answers
`g[i, j]`; `put(g, (i, j), v)` replaces one element and `g.row(i)` is
row i. Engines see it as the tuple it is (one digit per element, element
k is `g[k]`), so every engine, the packing and the traces treat it like
any per-index field of rows x cols elements; model code reads it by pair.
A grid equals (and hashes as) the plain tuple of its elements.

>>> g = Grid((0, 1, 2, 3, 4, 5), cols=3)
>>> g[1, 0], g[4], g.row(1)
(3, 4, (3, 4, 5))
>>> put_g = g.put((0, 2), 9)
>>> put_g[0, 2], type(put_g).__name__, put_g.cols
(9, 'Grid', 3)
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, SupportsIndex, overload


class Grid(tuple[Any, ...]):
    """Elements of a two-index field, row-major, with `cols` columns."""

    cols: int

    def __new__(cls, items: Iterable[Any], cols: int) -> Grid:
        grid = super().__new__(cls, items)
        grid.cols = cols
        return grid

    @overload
    def __getitem__(self, key: SupportsIndex) -> Any: ...

    @overload
    def __getitem__(self, key: slice) -> tuple[Any, ...]: ...

    @overload
    def __getitem__(self, key: tuple[int, int]) -> Any: ...

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, tuple):
            i, j = key
            if not (isinstance(i, int) and isinstance(j, int)) or not 0 <= j < self.cols:
                raise IndexError(f"grid index {key!r}: need (row, column) with 0 <= column < {self.cols}")
            return tuple.__getitem__(self, i * self.cols + j)
        return tuple.__getitem__(self, key)

    def row(self, i: int) -> tuple[Any, ...]:
        """Row i, as a tuple."""
        return tuple.__getitem__(self, slice(i * self.cols, (i + 1) * self.cols))

    def put(self, key: Any, value: Any) -> Grid:
        """This grid with element (i, j) (or flat element k) replaced."""
        if isinstance(key, tuple):
            i, j = key
            if not (isinstance(i, int) and isinstance(j, int)):
                raise TypeError("put(): a grid index must be a pair of concrete ints (action parameters)")
            self[i, j]                           # noqa: B018 -- range check
            key = i * self.cols + j
        if not isinstance(key, int):
            raise TypeError("put(): the index must be a concrete int or a pair of them")
        return Grid(tuple.__getitem__(self, slice(0, key)) + (value,) + tuple.__getitem__(self, slice(key + 1, None)),
                    self.cols)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Grid, (tuple(self), self.cols))

    def __repr__(self) -> str:
        return f"Grid({tuple(self)!r}, cols={self.cols})"


def grid(rows: int, cols: int, value: Any = 0) -> Grid:
    """A rows x cols grid with every element `value`: `grid(len(m.nodes), len(m.nodes))`."""
    return Grid((value,) * (rows * cols), cols)
