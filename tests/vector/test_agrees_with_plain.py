"""The vector engine and the plain BFS agree on every registered model, policy and property.

Small parameters (each parameter's default clipped to at most 2, never
below its lower bound) and a state budget keep every run small; the budget
also exercises the cut-off: a bounded run must stop after the same parent
state as the plain BFS, so even bounded counts agree exactly. New models
are picked up from the registry without any change here.
"""
import pytest

from hintcheck.explore import explore

from hintcheck.floor import Budget
from hintcheck.model.core import ModelError
from hintcheck.model.registry import load_spec, model_names
from hintcheck.vector import explore_vector

MAX_STATES = 20_000


def _small_params(spec):
    return {p.name: min(p.default, max(p.lo, 2)) for p in spec.params}


def _build(name, policy):
    spec = load_spec(name)
    try:
        return spec.build(policy, _small_params(spec))
    except ModelError:                  # parameters that constrain each other: keep the defaults
        return spec.build(policy)


def _cases():
    names = model_names()
    assert names, "no registered model: the agreement test would pass vacuously"
    out = []
    for name in names:
        spec = load_spec(name)
        for policy in spec.policies:
            for symmetry in ([False, True] if spec.symmetric else [False]):
                out.append(pytest.param(name, policy, symmetry, id=f"{name}-{policy}-{'sym' if symmetry else 'full'}"))
    return out


def _figures(result):
    st = result.stats
    steps = [str(s) for s in result.trace.steps] if result.trace is not None else None
    return {"verdict": result.verdict, "limit": result.limit, "states": st.states,
            "transitions": st.transitions, "depth": st.depth, "violating": st.violating,
            "fired": st.fired, "trace": steps}


@pytest.mark.parametrize("name,policy,symmetry", _cases())
def test_vector_and_plain_engines_agree(name, policy, symmetry):
    model = _build(name, policy)
    for prop in (p for p in model.properties if p.kind != "liveness"):
        for keep_going in (True, False):
            budget = Budget(max_states=MAX_STATES, keep_going=keep_going)
            fast = explore_vector(model, prop, budget, symmetry=symmetry)
            plain = explore(model, prop, budget, symmetry=symmetry)
            assert fast.engine == "vector"
            assert _figures(fast) == _figures(plain), (prop.name, keep_going)


@pytest.mark.parametrize("max_depth", [0, 1, 4])
def test_depth_bound_is_honest_and_agrees(max_depth):
    model = load_spec("reference").build("undo", {"pages": 2})
    prop = model.property_named("no_data_loss")
    fast = explore_vector(model, prop, Budget(max_depth=max_depth))
    plain = explore(model, prop, Budget(max_depth=max_depth))
    assert fast.verdict.value == "bounded" and fast.limit == f"depth {max_depth}"
    assert _figures(fast) == _figures(plain)


@pytest.mark.parametrize("max_states", [1, 2, 50, 2755, 2756])
def test_state_bound_cuts_where_the_plain_search_does(max_states):
    model = load_spec("reference").build("lazy", {"pages": 2})
    prop = model.property_named("no_data_loss")
    budget = Budget(max_states=max_states, keep_going=True)
    assert _figures(explore_vector(model, prop, budget)) == _figures(explore(model, prop, budget))


@pytest.mark.parametrize("word_bits", [28, 22, 12])
@pytest.mark.parametrize("symmetry", [False, True])
def test_keys_and_ranks_wider_than_a_word_give_the_same_search(word_bits, symmetry):
    """A smaller word stands in for keys near 64 bits: bucketed sort (28, 22) and lexsort (12)."""
    model = load_spec("reference").build("lazy", {"pages": 2})
    prop = model.property_named("no_data_loss")
    for keep_going in (True, False):
        budget = Budget(keep_going=keep_going)
        narrow = explore_vector(model, prop, budget, symmetry=symmetry, word_bits=word_bits)
        assert narrow.stats.extra["levels_in_one_word"] < narrow.stats.depth
        assert _figures(narrow) == _figures(explore(model, prop, budget, symmetry=symmetry))
