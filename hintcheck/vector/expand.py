"""Successors of a whole BFS level at once, from the traced kernel.

For each action instance: its guard as a mask over the level, the rows
where it holds, and their successor keys (parent key plus the digit deltas
of the effect). Each successor carries its rank, `row * instances +
instance`, the order in which the plain BFS meets it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from hintcheck.floor.contract import refuse_step
from hintcheck.vector.kernel import Kernel, Values

U64 = np.uint64


@dataclass
class Expansion:
    """The successors of one level."""

    words: np.ndarray | None          # key << rank_bits | rank, when they fit one word
    keys: np.ndarray | None           # otherwise keys and ranks apart
    ranks: np.ndarray | None
    fired: np.ndarray                 # per instance: rows where its guard holds
    bad: np.ndarray                   # ranks of steps that violate an action property


def successors(kernel: Kernel, keys: np.ndarray, values: Values, i: int,
               idx: np.ndarray) -> np.ndarray:
    """Successor keys of rows `idx` under instance `i` (wrapping uint64 arithmetic)."""
    succ: np.ndarray = keys[idx]
    for n, new in kernel.code[i].changes:
        v = values(new)
        old = values.digits[n][idx].astype(U64)
        if isinstance(v, np.ndarray):
            diff = v[idx].astype(U64)
            diff -= old
        else:
            diff = np.subtract(U64(int(v) % 2**64), old)
        diff *= U64(kernel.weight[n])
        succ += diff
    return succ


CHUNK_ROWS = 1 << 21     # rows evaluated together: bounds the memo of node values per level


def expand(kernel: Kernel, keys: np.ndarray, digits: list[np.ndarray], rank_bits: int | None,
           canon: Callable[[np.ndarray], np.ndarray] | None) -> Expansion:
    """Every enabled instance on every row of the level.

    With `rank_bits` set, successors come back packed with their ranks in
    one word each (see levels.py); otherwise as separate key and rank arrays.
    Rows are taken in chunks so that node values (one array per node of the
    traced graph) stay a bounded size however large the level.
    """
    out = _Parts(len(kernel.code), rank_bits)
    for start in range(0, len(keys), CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, len(keys))
        _expand_rows(kernel, keys[start:stop], [d[start:stop] for d in digits], start, canon, out)
    return out.joined()


class _Parts:
    """Successor arrays collected over the chunks of a level."""

    def __init__(self, count: int, rank_bits: int | None) -> None:
        self.rank_bits = rank_bits
        self.parts: list[np.ndarray] = []
        self.rank_parts: list[np.ndarray] = []
        self.bad: list[np.ndarray] = []
        self.fired = np.zeros(count, dtype=np.int64)

    def add(self, succ: np.ndarray, rank: np.ndarray) -> None:
        if self.rank_bits is None:
            self.parts.append(succ)
            self.rank_parts.append(rank)
        else:
            succ <<= U64(self.rank_bits)
            succ |= rank
            self.parts.append(succ)

    def joined(self) -> Expansion:
        def cat(arrays: list[np.ndarray]) -> np.ndarray:
            return np.concatenate(arrays) if arrays else np.empty(0, dtype=U64)
        joined, bad = cat(self.parts), cat(self.bad)
        self.parts = []
        if self.rank_bits is None:
            return Expansion(None, joined, cat(self.rank_parts), self.fired, bad)
        return Expansion(joined, None, None, self.fired, bad)


def _expand_rows(kernel: Kernel, keys: np.ndarray, digits: list[np.ndarray], first_row: int,
                 canon: Callable[[np.ndarray], np.ndarray] | None, out: _Parts) -> None:
    values = Values(digits)
    size, count = len(keys), len(kernel.code)
    for i, code in enumerate(kernel.code):
        if code.guard is False:
            continue
        idx = np.flatnonzero(values.mask(code.guard, size))
        out.fired[i] += len(idx)
        if not len(idx):
            continue
        if code.well_formed is not True:
            _refuse_broken(kernel, i, keys, idx, values.mask(code.well_formed, size)[idx])
        succ = successors(kernel, keys, values, i, idx)
        if canon is not None:
            succ = canon(succ)
        rank = idx.astype(U64)
        rank += U64(first_row)
        rank *= U64(count)
        rank += U64(i)
        if code.ok is not True:
            out.bad.append(rank[~values.mask(code.ok, size)[idx]])
        out.add(succ, rank)


def _refuse_broken(kernel: Kernel, i: int, keys: np.ndarray, idx: np.ndarray, ok: np.ndarray) -> None:
    """A row whose step leaves the declaration ends the search with that step's contract error."""
    bad = np.flatnonzero(~ok)
    if len(bad):
        refuse_step(kernel.model, i, kernel.packer.unpack(int(keys[idx[bad[0]]])))


def fired_upto(kernel: Kernel, digits: list[np.ndarray], last_row: int) -> np.ndarray:
    """Per instance, the rows 0..last_row where its guard holds (a level cut short)."""
    values = Values([d[:last_row + 1] for d in digits])
    fired = np.zeros(len(kernel.code), dtype=np.int64)
    for i, code in enumerate(kernel.code):
        if code.guard is not False:
            fired[i] = np.count_nonzero(values.mask(code.guard, last_row + 1))
    return fired
