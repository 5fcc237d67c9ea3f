"""The vector engine reproduces every pinned figure of shared/reference-counts.md (R = 2)."""
import pytest

from hintcheck.explore import Budget
from hintcheck.model.registry import load_spec
from hintcheck.vector import explore_vector

# (N, policy) -> (reachable states, orbits under page symmetry); from reference-counts.md
PINNED = {
    (1, "undo"): (90, 90), (1, "rfc"): (128, 128), (1, "lazy"): (174, 174),
    (2, "undo"): (2756, 1423), (2, "rfc"): (5780, 2954), (2, "lazy"): (10560, 5367),
    (3, "undo"): (102270, 18453), (3, "rfc"): (315848, 55574), (3, "lazy"): (776712, 134790),
}


def _run(n, policy, symmetry, keep_going=True):
    m = load_spec("reference").build(policy, {"pages": n, "rounds": 2})
    return explore_vector(m, m.property_named("no_data_loss"), Budget(keep_going=keep_going),
                          symmetry=symmetry)


@pytest.mark.parametrize("symmetry", [False, True], ids=["states", "orbits"])
@pytest.mark.parametrize("n,policy", list(PINNED))
def test_count_is_pinned(n, policy, symmetry):
    r = _run(n, policy, symmetry)
    assert r.stats.states == PINNED[n, policy][1 if symmetry else 0]
    assert r.verdict.value == ("holds" if policy == "undo" else "violated")


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("policy", ["rfc", "lazy"])
@pytest.mark.parametrize("symmetry", [False, True])
def test_bad_policies_violate_in_n_plus_5_steps(n, policy, symmetry):
    r = _run(n, policy, symmetry, keep_going=False)
    assert r.verdict.value == "violated"
    assert len(r.trace.steps) == n + 5
    assert r.trace.steps[-1].action == "finish"
