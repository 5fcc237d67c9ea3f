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
    succ = keys[idx]
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


def expand(kernel: Kernel, keys: np.ndarray, digits: list[np.ndarray], rank_bits: int | None,
           canon: Callable[[np.ndarray], np.ndarray] | None) -> Expansion:
    """Every enabled instance on every row of the level.

    With `rank_bits` set, successors come back packed with their ranks in
    one word each (see levels.py); otherwise as separate key and rank arrays.
    """
    values = Values(digits)
    size, count = len(keys), len(kernel.code)
    parts: list[np.ndarray] = []
    rank_parts: list[np.ndarray] = []
    bad: list[np.ndarray] = []
    fired = np.zeros(count, dtype=np.int64)
    for i, code in enumerate(kernel.code):
        if code.guard is False:
            continue
        idx = np.flatnonzero(values.mask(code.guard, size))
        fired[i] = len(idx)
        if not len(idx):
            continue
        succ = successors(kernel, keys, values, i, idx)
        if canon is not None:
            succ = canon(succ)
        rank = idx.astype(U64)
        rank *= U64(count)
        rank += U64(i)
        if code.ok is not True:
            bad.append(rank[~values.mask(code.ok, size)[idx]])
        if rank_bits is None:
            parts.append(succ)
            rank_parts.append(rank)
        else:
            succ <<= U64(rank_bits)
            succ |= rank
            parts.append(succ)
    joined = np.concatenate(parts) if parts else np.empty(0, dtype=U64)
    bad_ranks = np.concatenate(bad) if bad else np.empty(0, dtype=U64)
    if rank_bits is None:
        ranks = np.concatenate(rank_parts) if rank_parts else np.empty(0, dtype=U64)
        return Expansion(None, joined, ranks, fired, bad_ranks)
    return Expansion(joined, None, None, fired, bad_ranks)


def fired_upto(kernel: Kernel, digits: list[np.ndarray], last_row: int) -> np.ndarray:
    """Per instance, the rows 0..last_row where its guard holds (a level cut short)."""
    values = Values([d[:last_row + 1] for d in digits])
    fired = np.zeros(len(kernel.code), dtype=np.int64)
    for i, code in enumerate(kernel.code):
        if code.guard is not False:
            fired[i] = np.count_nonzero(values.mask(code.guard, last_row + 1))
    return fired
