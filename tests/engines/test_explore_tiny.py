"""The breadth-first search on tiny hand-made models with known answers."""
import pytest

from hintcheck.explore import explore

from hintcheck.floor import Budget


@pytest.fixture
def run(tiny):
    """Explore the tiny counter (tests/conftest.py) for one property."""
    def search(prop="below_limit", budget=Budget(), **params):
        m = tiny.counter(**params)
        return explore(m, m.property_named(prop), budget)
    return search


def test_holds_only_after_the_whole_cycle_is_explored(run):
    r = run(top=5)
    assert (r.verdict.value, r.stats.states, r.stats.depth, r.stats.transitions) == ("holds", 6, 5, 6)
    assert r.stats.fired == {"inc": 5, "wrap": 1}


def test_invariant_violation_gives_the_shortest_trace(run):
    r = run(top=9, limit=4)
    assert r.verdict.value == "violated"
    assert [s.action for s in r.trace.steps] == ["inc"] * 4


def test_continue_counts_every_violating_state(run):
    r = run(top=9, limit=4, budget=Budget(keep_going=True))
    assert (r.verdict.value, r.stats.states, r.stats.violating) == ("violated", 10, 6)
    assert len(r.trace.steps) == 4


def test_action_property_violation_ends_with_the_offending_step(run):
    r = run("never_wraps", top=3)
    assert [s.action for s in r.trace.steps] == ["inc", "inc", "inc", "wrap"]


def test_state_limit_gives_bounded_with_the_limit_named(run):
    r = run(top=40, budget=Budget(max_states=10))
    assert r.verdict.value == "bounded" and r.limit == "10 states"
    assert "not exhaustive" in r.describe()


def test_depth_limit_gives_bounded_not_holds(run):
    r = run(top=40, budget=Budget(max_depth=3))
    assert (r.verdict.value, r.limit, r.stats.states) == ("bounded", "depth 3", 4)


def test_initial_state_violation_is_a_zero_step_trace(run):
    r = run(limit=0)
    assert r.verdict.value == "violated" and r.trace.steps == ()
