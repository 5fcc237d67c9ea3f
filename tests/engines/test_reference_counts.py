"""Both explicit engines reproduce every pinned figure of shared/reference-counts.md (R = 2).

One table of expected answers, several implementations checked against it
(the plain BFS is the oracle, the vector engine the default).
"""
import pytest

from hintcheck.explore import explore

from hintcheck.floor import Budget
from hintcheck.model.registry import load_spec
from hintcheck.vector import explore_vector

# (N, policy) -> (reachable states, orbits under page symmetry); from reference-counts.md
PINNED = {
    (1, "undo"): (90, 90), (1, "rfc"): (128, 128), (1, "lazy"): (174, 174),
    (2, "undo"): (2756, 1423), (2, "rfc"): (5780, 2954), (2, "lazy"): (10560, 5367),
    (3, "undo"): (102270, 18453), (3, "rfc"): (315848, 55574), (3, "lazy"): (776712, 134790),
}
ENGINES = {"explore": explore, "vector": explore_vector}
# The unreduced N = 3 runs of the violating policies take tens of seconds on the plain engine.
HEAVY = {("explore", 3, "rfc"), ("explore", 3, "lazy")}


def _run(engine, n, policy, symmetry, keep_going=True):
    m = load_spec("reference").build(policy, {"pages": n, "rounds": 2})
    return ENGINES[engine](m, m.property_named("no_data_loss"), Budget(keep_going=keep_going),
                           symmetry=symmetry)


def _cases():
    for engine in ENGINES:
        for n, policy in PINNED:
            marks = [pytest.mark.slow] if (engine, n, policy) in HEAVY else []
            yield pytest.param(engine, n, policy, marks=marks, id=f"{engine}-{n}-{policy}")


@pytest.mark.parametrize("engine,n,policy", list(_cases()))
def test_reachable_state_count_is_pinned(engine, n, policy):
    r = _run(engine, n, policy, symmetry=False)
    assert r.stats.states == PINNED[n, policy][0]
    assert r.verdict.value == ("holds" if policy == "undo" else "violated")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("n,policy", list(PINNED))
def test_orbit_count_is_pinned(engine, n, policy):
    r = _run(engine, n, policy, symmetry=True)
    assert r.stats.states == PINNED[n, policy][1]
    assert r.verdict.value == ("holds" if policy == "undo" else "violated")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("policy", ["rfc", "lazy"])
@pytest.mark.parametrize("symmetry", [False, True])
def test_bad_policies_violate_in_n_plus_5_steps(engine, n, policy, symmetry):
    r = _run(engine, n, policy, symmetry, keep_going=False)
    assert r.verdict.value == "violated"
    assert len(r.trace.steps) == n + 5
    assert r.trace.steps[-1].action == "finish"


@pytest.mark.parametrize("engine", ENGINES)
def test_rfc_counterexample_is_the_documented_one(engine):
    steps = [str(s) for s in _run(engine, 2, "rfc", False, keep_going=False).trace.steps]
    assert steps == ["alloc(page=0)", "free(page=0)", "alloc(page=0)", "start()",
                     "send(page=0)", "send(page=1)", "finish()"]
