"""The symmetry canonical form on arrays of packed keys.

The numpy translation of the one symmetry definition (`hintcheck.floor.symmetry`):
for each symmetric index set, the per-index fields over it form one row per
index; rows are sorted lexicographically (first field most significant).
Here each row is one integer code (mixed radix over the row's fields), the
rows of every state are sorted together by a sorting network of elementwise
min/max over columns (for small index sets; `np.sort` along rows otherwise),
and the sorted rows are written back into the key.
"""
from __future__ import annotations

import numpy as np

from hintcheck.floor import Symmetry as Definition

U64 = np.uint64
_NETWORK_MAX = 16        # odd-even transposition sort up to this many rows


class Symmetry:
    """canon(keys) -> keys of the orbit representatives."""

    def __init__(self, definition: Definition) -> None:
        self.weight = definition.packer.weight
        self.radix = definition.packer.radix
        # per group: [(digit numbers of row i, in field order) for each index i]
        self.groups = [rows for rows, names in zip(definition.rows, definition.names)
                       if len(rows) > 1 and names]

    def __call__(self, keys: np.ndarray) -> np.ndarray:
        out = keys.copy()
        for rows in self.groups:
            self._sort_group(keys, out, rows)
        return out

    def _digit(self, keys: np.ndarray, n: int) -> np.ndarray:
        return (keys // U64(self.weight[n])) % U64(self.radix[n])

    def _sort_group(self, keys: np.ndarray, out: np.ndarray, rows: list[list[int]]) -> None:
        codes = []
        for row in rows:
            code = np.zeros(len(keys), dtype=U64)
            for n in row:
                d = self._digit(keys, n)
                code *= U64(self.radix[n])
                code += d
                out -= d * U64(self.weight[n])
            codes.append(code)
        codes = _sorted_columns(codes)
        for row, code in zip(rows, codes):
            for n in reversed(row):
                out += (code % U64(self.radix[n])) * U64(self.weight[n])
                code //= U64(self.radix[n])


def _sorted_columns(cols: list[np.ndarray]) -> list[np.ndarray]:
    """Sort each position across the columns (row-wise sort), ascending."""
    if len(cols) > _NETWORK_MAX:
        stacked = np.sort(np.stack(cols, axis=1), axis=1)
        return [stacked[:, i].copy() for i in range(len(cols))]
    n = len(cols)
    for r in range(n):
        for i in range(r % 2, n - 1, 2):
            lo = np.minimum(cols[i], cols[i + 1])
            cols[i + 1] = np.maximum(cols[i], cols[i + 1])
            cols[i] = lo
    return cols
