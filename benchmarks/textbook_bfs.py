"""A textbook breadth-first search of the reference model, for comparison only.

This is the yardstick the engine must beat: the 60-line loop a person would
write by hand for shared/reference-model.md (`undo` policy), states as tuples
of tuples in a Python set. It is a benchmark baseline, not a model: nothing
in the project runs it except benchmarks/explore.py, which checks that it
counts the same states as the engine before comparing times.
"""
from __future__ import annotations

from collections import deque


def _nxt(v: int) -> int:
    return 1 if v == 2 else v + 1


def _put(t: tuple, i: int, v: int) -> tuple:
    return t[:i] + (v,) + t[i + 1:]


def successors(s: tuple, n: int, rounds: int):
    alloc, data, hint, pend, dirty, tosend, dest, phase, rnd = s
    if phase != 2:
        for i in range(n):
            if alloc[i] == 0:       # alloc(i), undo: set stable
                d = _put(dirty, i, 1) if phase == 1 else dirty
                yield (_put(alloc, i, 1), _put(data, i, _nxt(data[i])), _put(hint, i, 0), pend, d,
                       tosend, dest, phase, rnd)
            else:                   # write(i), free(i)
                d = _put(dirty, i, 1) if phase == 1 else dirty
                yield (alloc, _put(data, i, _nxt(data[i])), hint, pend, d, tosend, dest, phase, rnd)
                yield (_put(alloc, i, 0), data, _put(hint, i, 1), _put(pend, i, 0), dirty, tosend,
                       dest, phase, rnd)
    if phase == 0:
        yield (alloc, data, hint, pend, (0,) * n, (1,) * n, dest, 1, 1)
    if phase == 1:
        for i in range(n):
            if tosend[i] == 1:
                copy = 0 if hint[i] == 1 else data[i]
                yield (alloc, data, hint, pend, dirty, _put(tosend, i, 0), _put(dest, i, copy), phase, rnd)
        if not any(tosend):
            if rnd < rounds:
                yield (alloc, data, hint, pend, (0,) * n, dirty, dest, phase, rnd + 1)
            final = tuple((0 if hint[i] == 1 else data[i]) if dirty[i] else dest[i] for i in range(n))
            yield (alloc, data, hint, pend, (0,) * n, tosend, final, 2, rnd)


def bfs(n: int, rounds: int = 2) -> int:
    """Number of reachable states of reference/undo with `n` pages."""
    zero = (0,) * n
    init = (zero, zero, zero, zero, zero, zero, zero, 0, 0)
    seen = {init}
    queue = deque([init])
    while queue:
        for nxt in successors(queue.popleft(), n, rounds):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return len(seen)
