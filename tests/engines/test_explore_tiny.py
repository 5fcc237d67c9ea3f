"""The breadth-first search on tiny hand-made models with known answers."""
from dataclasses import dataclass, replace

from hintcheck.explore import Budget, explore
from hintcheck.model.core import (Domain, ModelSpec, Param, action, action_property, invariant,
                                  ite, scalar)


@dataclass(frozen=True, slots=True)
class Counter:
    n: int = scalar(Domain.upto("top"))       # 0..top

    def set(self, **kw):
        return replace(self, **kw)


@action(guard=lambda m, s: s.n < m.top)
def inc(m, s):
    """Count up to the top."""
    return s.set(n=s.n + 1)


@action(guard=lambda m, s: s.n == m.top)
def wrap(m, s):
    """From the top back to zero."""
    return s.set(n=ite(s.n == m.top, 0, s.n))


@invariant
def below_limit(m, s):
    """The counter stays below `limit`."""
    return s.n < m.limit


@action_property
def never_wraps(m, s, step, t):
    """No step resets the counter."""
    return step.action != "wrap"


class Plain:
    name = "plain"


SPEC = ModelSpec(
    name="counter", doc="a counter", state=Counter,
    params=(Param("top", 1, 50, 5), Param("limit", 0, 60, 60)), index_sets={},
    init=lambda m: Counter(n=0), actions=(inc, wrap), hooks={}, policies={"plain": Plain},
    properties=(below_limit, never_wraps))


def run(prop="below_limit", budget=Budget(), **params):
    m = SPEC.build("plain", params)
    return explore(m, m.property_named(prop), budget)


def test_holds_only_after_the_whole_cycle_is_explored():
    r = run(top=5)
    assert (r.verdict.value, r.stats.states, r.stats.depth, r.stats.transitions) == ("holds", 6, 5, 6)
    assert r.stats.fired == {"inc": 5, "wrap": 1}


def test_invariant_violation_gives_the_shortest_trace():
    r = run(top=9, limit=4)
    assert r.verdict.value == "violated"
    assert [s.action for s in r.trace.steps] == ["inc"] * 4


def test_continue_counts_every_violating_state():
    r = run(top=9, limit=4, budget=Budget(keep_going=True))
    assert (r.verdict.value, r.stats.states, r.stats.violating) == ("violated", 10, 6)
    assert len(r.trace.steps) == 4


def test_action_property_violation_ends_with_the_offending_step():
    r = run("never_wraps", top=3)
    assert [s.action for s in r.trace.steps] == ["inc", "inc", "inc", "wrap"]


def test_state_limit_gives_bounded_with_the_limit_named():
    r = run(top=40, budget=Budget(max_states=10))
    assert r.verdict.value == "bounded" and r.limit == "10 states"
    assert "not exhaustive" in r.describe()


def test_depth_limit_gives_bounded_not_holds():
    r = run(top=40, budget=Budget(max_depth=3))
    assert (r.verdict.value, r.limit, r.stats.states) == ("bounded", "depth 3", 4)


def test_initial_state_violation_is_a_zero_step_trace():
    r = run(limit=0)
    assert r.verdict.value == "violated" and r.trace.steps == ()
