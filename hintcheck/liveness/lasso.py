"""Lassos: a shortest prefix from an initial state to a fair cycle, then the cycle, as edge numbers."""
from __future__ import annotations

from collections import deque

import numpy as np

from hintcheck.liveness.fair import Rule
from hintcheck.liveness.graph import StateGraph


def shortest(graph: StateGraph, sources: list[int], region: np.ndarray,
             goal: np.ndarray) -> tuple[int, list[int]] | None:
    """(the source it starts at, the edges) of a shortest path to a goal state, every state inside `region`;
    no edges when a source is a goal itself; None when no goal is reachable."""
    back: dict[int, int] = {}                 # state -> the edge that first reached it (-1: a source)
    todo: deque[int] = deque()
    for s in sources:
        if region[s] and s not in back:
            back[s] = -1
            todo.append(s)
    while todo:
        s = todo.popleft()
        if goal[s]:
            path = []
            while back[s] >= 0:
                path.append(back[s])
                s = int(graph.src[back[s]])
            return s, path[::-1]
        for e in graph.out(s):
            t = int(graph.dst[e])
            if region[t] and t not in back:
                back[t] = e
                todo.append(t)
    return None


def _mask(graph: StateGraph, states: list[int]) -> np.ndarray:
    m = np.zeros(graph.size, dtype=bool)
    m[states] = True
    return m


def cycle(graph: StateGraph, comp: np.ndarray, start: int, rules: list[Rule], visit: list[int]) -> list[int]:
    """Edges of a cycle from `start` back to it inside `comp` that meets every rule and visits `visit`.

    Empty when `start` has no enabled action (the run stays there). Each
    weak rule is met by an edge taking it, else by a state where it is
    disabled; each strong rule enabled in `comp` by an edge taking it.
    """
    if graph.indptr[start + 1] == graph.indptr[start]:
        return []
    inside = comp[graph.src] & comp[graph.dst]
    waypoints: list[tuple[str, int]] = [("state", s) for s in visit]
    for r in rules:
        takes = np.flatnonzero(inside & np.isin(graph.inst, np.fromiter(r.instances, dtype=np.int64)))
        if len(takes):
            waypoints.append(("edge", int(takes[0])))
        elif not r.fair.strong:
            waypoints.append(("state", int(np.flatnonzero(comp & ~r.enabled)[0])))
    path: list[int] = []
    here = start
    for kind, target in waypoints:
        goal_state = target if kind == "state" else int(graph.src[target])
        if here != goal_state:
            found = shortest(graph, [here], comp, _mask(graph, [goal_state]))
            assert found is not None, "a component is strongly connected"
            path += found[1]
            here = goal_state
        if kind == "edge":
            path.append(target)
            here = int(graph.dst[target])
    if not path:                               # nothing to visit: any step inside, then back
        first = next(e for e in graph.out(here) if comp[int(graph.dst[e])])
        path.append(first)
        here = int(graph.dst[first])
    if here != start:
        back = shortest(graph, [here], comp, _mask(graph, [start]))
        assert back is not None, "a component is strongly connected"
        path += back[1]
    return path
