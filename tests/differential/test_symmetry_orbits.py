"""Symmetry-reduced counts equal the distinct sorted per-page tuples of an unreduced run.

The unreduced reachable set is computed here by the simplest possible
search (a set and a stack over the interpreter's successors), independent
of the engine's packer, parent arrays and canonicalizer.
"""
import pytest

from hintcheck.explore import explore

from hintcheck.floor import Budget
from hintcheck.floor.interpret import successors
from hintcheck.model.registry import load_spec, model_names

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


def _swap_pages(m, s, index):
    """`s` with elements 0 and 1 of the index set `index` exchanged in every field over it."""
    changes = {f.name: (getattr(s, f.name)[1], getattr(s, f.name)[0]) + tuple(getattr(s, f.name)[2:])
               for f in m.fields if f.index == index}
    return s.set(**changes)


# Interpreted searches of 20 to 40 s: the slow run keeps them, the symmetry proof checks these designs by default.
SLOW = {("s390", "volatile-lazy-keep-on-free"), ("s390", "volatile-lazy-no-recheck")}


def _declared():
    out = []
    for name in model_names():
        spec = load_spec(name)
        for index in sorted(spec.symmetric):
            out += [pytest.param(name, policy, index, id=f"{name}-{policy}-{index}",
                                 marks=[pytest.mark.slow] if (name, policy) in SLOW else [])
                    for policy in spec.policies]
    assert out, "no model declares a symmetric index set: the closure test would pass vacuously"
    return out


@pytest.mark.parametrize("name,policy,index", _declared())
def test_a_declared_symmetry_maps_reachable_states_to_reachable_states(name, policy, index):
    """Exchanging two elements of a declared-symmetric set never leaves the reachable set.

    Size 2, every other parameter at its lower bound (a 0/1 flag at its default: `dirty_bound = 0`
    would let syncs repeat for ever), to keep the interpreted search small.
    """
    spec = load_spec(name)
    low = {p.name: p.default if (p.lo, p.hi) == (0, 1) else p.lo for p in spec.params if p.derive is None}
    m = spec.build(policy, {**low, spec.index_sets[index]: 2})
    states = _reachable(m)
    assert any(_swap_pages(m, s, index) != s for s in states)
    outside = [s for s in states if _swap_pages(m, s, index) not in states]
    assert not outside, f"{len(outside)} reachable states whose mirror image is unreachable, e.g. {outside[0]}"
