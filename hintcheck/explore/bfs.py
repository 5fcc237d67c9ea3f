"""Breadth-first explicit-state search: the oracle every other engine is checked against.

The visited set maps packed states to dense ids; two flat arrays hold each
state's parent id and the action instance that reached it, so a shortest
counterexample is rebuilt from parent links. The search goes level by
level: `holds` is reported only after the reachable space is exhausted,
`bounded` when a state or depth limit stopped it (the limit is named), and
`violated` with a replay-checked trace. With `keep_going` (the CLI's
`--continue`) it explores past violations, counting them and keeping the
first (hence shortest) one.
"""
from __future__ import annotations

import time
from array import array
from typing import Any

from hintcheck.floor.compile import compile_expand, compile_invariant
from hintcheck.floor import (Budget, NotLowerable, Packer, Progress, Result, Stats, Symmetry, Verdict,
                             concrete_path, lowered, peak_rss)
from hintcheck.floor.interpret import holds, successors
from hintcheck.model.core import Instance, Model, Property
from hintcheck.trace.build import trace_of


class _Search:
    """State of one breadth-first search (kept apart so each phase is small)."""

    def __init__(self, model: Model, prop: Property, symmetry: bool, compiled: bool) -> None:
        self.model, self.prop = model, prop
        self.pack = Packer(model).pack
        self.canon = Symmetry(model) if symmetry else None
        self.ids: dict[int, int] = {}
        self.roots: dict[int, Any] = {}            # id of an initial state (its orbit) -> the concrete state
        self.parent = array("q")
        self.via = array("l")
        self.fired = [0] * len(model.instances)
        self.stats = Stats()
        self.first_bad: tuple[int, int | None] | None = None   # (state id, instance index or None)
        self.compiled = None
        if compiled:
            try:
                low = lowered(model)
                self.compiled = (compile_expand(low, prop),
                                 compile_invariant(low, prop) if prop.kind == "invariant" else None,
                                 self.canon.key_function() if self.canon else None)
            except NotLowerable as exc:
                self.stats.extra["not_compiled"] = str(exc)
        self.stats.extra["successors"] = "compiled" if self.compiled else "interpreted"

    def key(self, state: Any) -> int:
        return self.pack(self.canon(state) if self.canon else state)

    def add(self, state: Any, parent: int, via: int) -> int | None:
        """Record a state; return its id, or None when it was already seen."""
        k = self.key(state)
        if k in self.ids:
            return None
        sid = len(self.parent)
        self.ids[k] = sid
        self.parent.append(parent)
        self.via.append(via)
        return sid

    def violation(self, sid: int, inst_idx: int | None) -> None:
        self.stats.violating += 1
        if self.first_bad is None:
            self.first_bad = (sid, inst_idx)

    def expand_keys(self, level: list[int], out: list[int], stop: int | None, keep_going: bool) -> None:
        """Compiled successors of a level of packed states (keys only, to save memory).

        Appends new keys to `out`; returns early when `stop` states are known
        or, unless `keep_going`, at the first violation.
        """
        expand, holds_key, canon = self.compiled  # type: ignore[misc]
        ids, parent, via, fired = self.ids, self.parent, self.via, self.fired
        for key in level:
            sid = ids[key]
            self._expand_key(key, sid, expand, holds_key, canon, ids, parent, via, fired, out)
            if (stop is not None and len(parent) >= stop) or (self.first_bad and not keep_going):
                return

    def _expand_key(self, key: int, sid: int, expand: Any, holds_key: Any, canon: Any, ids: dict[int, int],
                    parent: array[int], via: array[int], fired: list[int], out: list[int]) -> None:
        for idx, nk, ok in expand(key):
            fired[idx] += 1
            if not ok:
                self.violation(sid, idx)
            if canon is not None:
                nk = canon(nk)
            if nk in ids:
                continue
            nid = len(parent)
            ids[nk] = nid
            parent.append(sid)
            via.append(idx)
            if holds_key is not None and not holds_key(nk):
                self.violation(nid, None)
            out.append(nk)

    def expand(self, state: Any, sid: int, depth: int) -> list[tuple[Any, int]]:
        """Interpreted successors of a state object (the level holds states)."""
        out = []
        insts = self.model.instances
        invariant = self.prop.kind == "invariant"
        for idx, nxt in successors(self.model, state, f" (from a state at depth {depth})"):
            self.fired[idx] += 1
            if not invariant and not holds(self.model, self.prop, state, insts[idx].step, nxt):
                self.violation(sid, idx)
            nid = self.add(nxt, sid, idx)
            if nid is None:
                continue
            if invariant and not holds(self.model, self.prop, None, None, nxt):
                self.violation(nid, None)
            out.append((self.canon(nxt) if self.canon else nxt, nid))
        return out

    def path_to(self, sid: int) -> tuple[list[int], int]:
        """Instance indices from an initial state to state `sid`, and that initial state's id."""
        path = []
        while self.parent[sid] >= 0:
            path.append(self.via[sid])
            sid = self.parent[sid]
        return path[::-1], sid

    def concrete_path(self, sid: int, last: int | None) -> tuple[list[Instance], Any]:
        """The instances of a shortest path, made concrete under symmetry (floor.paths), and its start."""
        path, root = self.path_to(sid)
        start = self.roots[root]
        path += [last] if last is not None else []
        return concrete_path(self.model, self.prop, path, last is not None, self.canon is not None, start), start


def explore(model: Model, prop: Property, budget: Budget = Budget(), symmetry: bool = False,
            progress: Progress | None = None, compiled: bool = True) -> Result:
    """Breadth-first search of `model` for a violation of `prop`.

    Parameters
    ----------
    model, prop : the model (policy and parameters fixed) and one property of it.
    budget : state and depth limits, and whether to continue past violations.
    symmetry : explore orbits under the model's symmetric index sets.
    progress : called with the running statistics after each level.
    compiled : expand packed states with the compiled successor function when the
        model compiles (see compile.py); False interprets every state (the oracle).

    Returns
    -------
    Result with verdict HOLDS, BOUNDED (limit named) or VIOLATED (shortest trace).

    Examples
    --------
    >>> from hintcheck.model.registry import load_spec
    >>> m = load_spec("reference").build("undo", {"pages": 1})
    >>> r = explore(m, m.property_named("no_data_loss"))
    >>> r.verdict.value, r.stats.states
    ('holds', 90)
    """
    started = time.perf_counter()
    search = _Search(model, prop, symmetry, compiled)
    level: list[Any] = []
    for init in model.initial_states:
        sid = search.add(init, -1, -1)
        if sid is None:                    # another initial state of the same orbit
            continue
        search.roots[sid] = init
        if not holds(model, prop, None, None, init):
            search.violation(sid, None)
        level.append(search.key(init) if search.compiled else (search.canon(init) if search.canon else init, sid))
    depth, limit = 0, None
    while level and limit is None:
        if search.first_bad is not None and not budget.keep_going:
            break
        if budget.max_depth is not None and depth >= budget.max_depth:
            limit = f"depth {budget.max_depth}"
            break
        nxt: list[Any] = []
        if search.compiled:
            search.expand_keys(level, nxt, budget.max_states, budget.keep_going)
        else:
            for state, sid in level:
                nxt.extend(search.expand(state, sid, depth))
                if (budget.max_states is not None and len(search.parent) >= budget.max_states) or \
                        (search.first_bad is not None and not budget.keep_going):
                    break
        if budget.max_states is not None and len(search.parent) >= budget.max_states:
            limit = f"{budget.max_states:,} states"
        level = nxt
        depth += 1 if nxt else 0
        _refresh(search.stats, search, depth, started)
        if progress:
            progress(search.stats)
    return _result(search, limit, depth, started)


def _refresh(stats: Stats, search: _Search, depth: int, started: float) -> None:
    stats.states = len(search.parent)
    stats.transitions = sum(search.fired)
    stats.fired = {a.name: 0 for a in search.model.actions}
    for inst, n in zip(search.model.instances, search.fired):
        stats.fired[inst.action.name] += n
    stats.depth = depth
    stats.seconds = time.perf_counter() - started
    stats.peak_rss = peak_rss()


def _result(search: _Search, limit: str | None, depth: int, started: float) -> Result:
    _refresh(search.stats, search, depth, started)
    stats = search.stats
    if search.first_bad is not None:
        sid, last = search.first_bad
        path, start = search.concrete_path(sid, last)
        trace = trace_of(search.model, search.prop, path, "explore", meta={"symmetry": search.canon is not None},
                         start=start)
        return Result(Verdict.VIOLATED, stats, trace=trace, limit=limit)
    if limit is not None:
        return Result(Verdict.BOUNDED, stats, limit=limit)
    return Result(Verdict.HOLDS, stats)
