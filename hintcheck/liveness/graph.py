"""The reachable state graph, stored compactly: one id per state, edges as CSR arrays with instance ids.

`build(model, budget)` explores breadth-first from every initial state
(the interpreter's successors, so every step is checked against the
declaration) and records every transition, not only the first into each
state: `src`, `dst` and `inst` arrays sorted by source, `indptr` the CSR
row starts. `parent` / `via` are the breadth-first tree, for shortest
prefixes.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

import numpy as np

from hintcheck.floor import Budget, Packer, Progress, Stats
from hintcheck.floor.interpret import successors
from hintcheck.model.core import Model


@dataclass
class StateGraph:
    """The reachable states and every transition between them."""

    states: list[Any]
    inits: list[int]
    src: np.ndarray                  # edge -> source state id (sorted)
    dst: np.ndarray                  # edge -> target state id
    inst: np.ndarray                 # edge -> action instance index
    indptr: np.ndarray               # state id -> first edge of its row (CSR)
    depth: int
    limit: str | None = None         # set when a budget stopped the build: the graph is partial

    @property
    def size(self) -> int:
        return len(self.states)

    def out(self, s: int) -> range:
        """The edge numbers leaving state `s`."""
        return range(int(self.indptr[s]), int(self.indptr[s + 1]))


def build(model: Model, budget: Budget = Budget(), progress: Progress | None = None,
          stats: Stats | None = None) -> StateGraph:
    """Every reachable state and transition of `model` (up to the budget's limits, then `limit` is set)."""
    pack = Packer(model).pack
    ids: dict[int, int] = {}
    states: list[Any] = []
    inits: list[int] = []
    for s in model.initial_states:
        k = pack(s)
        if k not in ids:
            ids[k] = len(states)
            states.append(s)
            inits.append(ids[k])
    src: list[int] = []
    dst: list[int] = []
    inst: list[int] = []
    level, depth, limit = deque(inits), 0, None
    while level:
        if budget.max_depth is not None and depth >= budget.max_depth:
            limit = f"depth {budget.max_depth}"
            break
        nxt: deque[int] = deque()
        for sid in level:
            for idx, t in successors(model, states[sid], f" (from a state at depth {depth})"):
                k = pack(t)
                tid = ids.get(k)
                if tid is None:
                    if budget.max_states is not None and len(states) >= budget.max_states:
                        limit = f"{budget.max_states:,} states"
                        continue
                    tid = ids[k] = len(states)
                    states.append(t)
                    nxt.append(tid)
                src.append(sid)
                dst.append(tid)
                inst.append(idx)
        level = nxt
        depth += 1 if nxt else 0
        if stats is not None:
            stats.states, stats.transitions, stats.depth = len(states), len(src), depth
            if progress:
                progress(stats)
    s_arr = np.asarray(src, dtype=np.int64)
    order = np.argsort(s_arr, kind="stable")
    indptr = np.zeros(len(states) + 1, dtype=np.int64)
    np.add.at(indptr, s_arr + 1, 1)
    return StateGraph(states, inits, s_arr[order], np.asarray(dst, dtype=np.int64)[order],
                      np.asarray(inst, dtype=np.int64)[order], np.cumsum(indptr), depth, limit)
