"""Symmetry-reduced counts equal the distinct sorted per-page tuples of an unreduced run.

The unreduced reachable set is computed here by the simplest possible
search (a set and a stack over the interpreter's successors), independent
of the engine's packer, parent arrays and canonicalizer.
"""
import pytest

from hintcheck.explore import Budget, explore
from hintcheck.interpret import successors
from hintcheck.model.registry import load_spec

PER_PAGE = ("alloc", "data", "hint", "pend", "dirty", "tosend", "dest")


def _reachable(m):
    seen, stack = {m.init()}, [m.init()]
    while stack:
        for _, nxt in successors(m, stack.pop()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _orbit(s):
    rows = tuple(sorted(zip(*(getattr(s, f) for f in PER_PAGE))))
    return rows, int(s.phase), s.round


@pytest.mark.parametrize("n,policy", [(2, "undo"), (2, "rfc"), (2, "lazy"), (3, "undo")])
def test_orbit_count_equals_distinct_sorted_page_tuples(n, policy):
    m = load_spec("reference").build(policy, {"pages": n})
    states = _reachable(m)
    reduced = explore(m, m.property_named("no_data_loss"), Budget(keep_going=True), symmetry=True)
    assert reduced.stats.states == len({_orbit(s) for s in states})
    full = explore(m, m.property_named("no_data_loss"), Budget(keep_going=True))
    assert full.stats.states == len(states)
