"""The compiled successor function agrees with the interpreter, state for state."""

import pytest

from hintcheck.explore import explore

from hintcheck.floor import Budget
from hintcheck.model.registry import load_spec

MODELS = [("reference", pol, {"pages": n}) for pol in ("rfc", "undo", "lazy") for n in (1, 2)]


def _both(model, symmetry, keep_going=True):
    prop = model.properties[0]
    budget = Budget(keep_going=keep_going)
    return (explore(model, prop, budget, symmetry=symmetry, compiled=True),
            explore(model, prop, budget, symmetry=symmetry, compiled=False))


@pytest.mark.parametrize("symmetry", [False, True])
@pytest.mark.parametrize("name,policy,params", MODELS)
def test_compiled_and_interpreted_search_agree(name, policy, params, symmetry):
    model = load_spec(name).build(policy, params)
    fast, slow = _both(model, symmetry)
    assert fast.stats.extra["successors"] == "compiled"
    assert slow.stats.extra["successors"] == "interpreted"
    for attr in ("states", "transitions", "depth", "violating", "fired"):
        assert getattr(fast.stats, attr) == getattr(slow.stats, attr), attr
    assert fast.verdict is slow.verdict
    first_fast, first_slow = _both(model, symmetry, keep_going=False)
    assert (first_fast.trace is None) == (first_slow.trace is None)
    if first_fast.trace is not None:
        assert first_fast.trace.steps == first_slow.trace.steps


def test_a_policy_that_branches_in_python_falls_back_to_interpretation(python_if_policy):
    model = load_spec("reference").build(python_if_policy, {"pages": 2})
    result = explore(model, model.properties[0])
    assert result.stats.extra["successors"] == "interpreted"
    assert "action alloc" in result.stats.extra["not_compiled"]
    assert (result.verdict.value, result.stats.states) == ("holds", 2756)
