"""The reachable state graph, stored compactly: one id per state, edges as CSR arrays with instance ids.

`build(model, budget)` explores breadth-first from every initial state
and records every transition, not only the first into each state: `src`,
`dst` and `inst` arrays sorted by source, `indptr` the CSR row starts.
States are kept as packed keys and unpacked on demand (`state(i)`).
Successors come from the compiled expansion of the lowered graph
(floor.compile: every step checked against the declaration), or from the
interpreter for a model that does not lower.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from hintcheck.floor import Budget, NotLowerable, Packer, Progress, Stats, lowered
from hintcheck.floor.compile import compile_expand
from hintcheck.floor.interpret import successors
from hintcheck.model.core import Model


@dataclass
class StateGraph:
    """The reachable states (as packed keys) and every transition between them."""

    packer: Packer
    keys: list[int]
    inits: list[int]
    src: np.ndarray                  # edge -> source state id (sorted)
    dst: np.ndarray                  # edge -> target state id
    inst: np.ndarray                 # edge -> action instance index
    indptr: np.ndarray               # state id -> first edge of its row (CSR)
    depth: int
    limit: str | None = None         # set when a budget stopped the build: the graph is partial

    @property
    def size(self) -> int:
        return len(self.keys)

    def state(self, s: int) -> Any:
        """State `s` as a state object."""
        return self.packer.unpack(self.keys[s])

    def states(self) -> Iterator[Any]:
        """Every state, in id order."""
        return (self.packer.unpack(k) for k in self.keys)

    def out(self, s: int) -> range:
        """The edge numbers leaving state `s`."""
        return range(int(self.indptr[s]), int(self.indptr[s + 1]))


def _expansion(model: Model, packer: Packer) -> Callable[[int, int], list[tuple[int, int]]]:
    """(key, depth) -> [(instance, successor key)], compiled when the model lowers."""
    try:
        expand = compile_expand(lowered(model), None)
    except NotLowerable:
        def interpreted(key: int, depth: int) -> list[tuple[int, int]]:
            where = f" (from a state at depth {depth})"
            return [(i, packer.pack(t)) for i, t in successors(model, packer.unpack(key), where)]
        return interpreted

    def compiled(key: int, depth: int) -> list[tuple[int, int]]:
        return [(i, k) for i, k, _ in expand(key)]
    return compiled


def build(model: Model, budget: Budget = Budget(), progress: Progress | None = None,
          stats: Stats | None = None) -> StateGraph:
    """Every reachable state and transition of `model` (up to the budget's limits, then `limit` is set)."""
    started = time.perf_counter()
    packer = Packer(model)
    expand = _expansion(model, packer)
    ids: dict[int, int] = {}
    keys: list[int] = []
    for s in model.initial_states:
        k = packer.pack(s)
        if k not in ids:
            ids[k] = len(keys)
            keys.append(k)
    inits = list(range(len(keys)))
    src: list[int] = []
    dst: list[int] = []
    inst: list[int] = []
    level, depth, limit = list(inits), 0, None
    while level:
        if budget.max_depth is not None and depth >= budget.max_depth:
            limit = f"depth {budget.max_depth}"
            break
        nxt: list[int] = []
        for sid in level:
            for idx, k in expand(keys[sid], depth):
                tid = ids.get(k)
                if tid is None:
                    if budget.max_states is not None and len(keys) >= budget.max_states:
                        limit = f"{budget.max_states:,} states"
                        continue
                    tid = ids[k] = len(keys)
                    keys.append(k)
                    nxt.append(tid)
                src.append(sid)
                dst.append(tid)
                inst.append(idx)
        level = nxt
        depth += 1 if nxt else 0
        if stats is not None:
            stats.states, stats.transitions, stats.depth = len(keys), len(src), depth
            stats.seconds = time.perf_counter() - started
            if progress:
                progress(stats)
    s_arr = np.asarray(src, dtype=np.int64)
    order = np.argsort(s_arr, kind="stable")
    indptr = np.zeros(len(keys) + 1, dtype=np.int64)
    np.add.at(indptr, s_arr + 1, 1)
    return StateGraph(packer, keys, inits, s_arr[order], np.asarray(dst, dtype=np.int64)[order],
                      np.asarray(inst, dtype=np.int64)[order], np.cumsum(indptr), depth, limit)
