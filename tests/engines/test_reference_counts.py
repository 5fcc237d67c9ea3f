"""The plain BFS reproduces every pinned figure of shared/reference-counts.md (R = 2)."""
import pytest

from hintcheck.explore import Budget, explore
from hintcheck.model.registry import load_spec

# (N, policy) -> (reachable states, orbits under page symmetry); from reference-counts.md
PINNED = {
    (1, "undo"): (90, 90), (1, "rfc"): (128, 128), (1, "lazy"): (174, 174),
    (2, "undo"): (2756, 1423), (2, "rfc"): (5780, 2954), (2, "lazy"): (10560, 5367),
    (3, "undo"): (102270, 18453), (3, "rfc"): (315848, 55574), (3, "lazy"): (776712, 134790),
}
# The unreduced N = 3 runs of the violating policies take tens of seconds on the plain engine.
HEAVY = {(3, "rfc"), (3, "lazy")}


def _run(n, policy, symmetry, keep_going=True):
    m = load_spec("reference").build(policy, {"pages": n, "rounds": 2})
    return explore(m, m.property_named("no_data_loss"), Budget(keep_going=keep_going), symmetry=symmetry)


@pytest.mark.parametrize("n,policy", [k for k in PINNED if k not in HEAVY] +
                         [pytest.param(*k, marks=pytest.mark.slow) for k in sorted(HEAVY)])
def test_reachable_state_count_is_pinned(n, policy):
    r = _run(n, policy, symmetry=False)
    assert r.stats.states == PINNED[n, policy][0]
    assert r.verdict.value == ("holds" if policy == "undo" else "violated")


@pytest.mark.parametrize("n,policy", list(PINNED))
def test_orbit_count_is_pinned(n, policy):
    assert _run(n, policy, symmetry=True).stats.states == PINNED[n, policy][1]


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("policy", ["rfc", "lazy"])
@pytest.mark.parametrize("symmetry", [False, True])
def test_bad_policies_violate_in_n_plus_5_steps(n, policy, symmetry):
    r = _run(n, policy, symmetry, keep_going=False)
    assert r.verdict.value == "violated"
    assert len(r.trace.steps) == n + 5
    assert r.trace.steps[-1].action == "finish"


def test_rfc_counterexample_is_the_documented_one():
    steps = [str(s) for s in _run(2, "rfc", False, keep_going=False).trace.steps]
    assert steps == ["alloc(page=0)", "free(page=0)", "alloc(page=0)", "start()",
                     "send(page=0)", "send(page=1)", "finish()"]
