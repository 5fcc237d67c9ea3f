"""Shrunk traces stay short: at most two steps longer than the breadth-first shortest."""
import pytest

from hintcheck.explore import explore

from hintcheck.floor import Budget
from hintcheck.model.registry import load_spec
from hintcheck.runner import SHRINK_SLACK
from hintcheck.stateful import fuzz
from hintcheck.stateful.minimize import minimize, violation_at


@pytest.fixture(scope="module")
def rfc():
    model = load_spec("reference").build("rfc", {"pages": 2, "rounds": 2})
    return model, model.property_named("no_data_loss")


def test_bfs_shortest_for_rfc_is_n_plus_5(rfc):
    model, prop = rfc
    assert len(explore(model, prop, Budget()).trace.steps) == 7


@pytest.mark.parametrize("seed,swarm", [(0, False), (1, False), (2, False), (0, True)])
def test_rfc_shrinks_to_at_most_bfs_plus_two(rfc, seed, swarm):
    model, prop = rfc
    trace = fuzz(model, prop, "ci", seed=seed, swarm=swarm, use_database=False).trace
    assert len(trace.steps) <= 7 + SHRINK_SLACK
    # Hypothesis's own shrinking meets the bound too, before the path is minimised.
    assert trace.meta["shrunk_by_hypothesis_to"] <= 7 + SHRINK_SLACK


def _path(model, *labels):
    by_label = {str(inst.step): inst for inst in model.instances}
    return [by_label[label] for label in labels]


def test_minimize_drops_steps_the_violation_does_not_need(rfc):
    model, prop = rfc
    noisy = _path(model, "alloc(page=1)", "alloc(page=0)", "write(page=1)", "free(page=0)",
                  "alloc(page=0)", "start()", "send(page=0)", "send(page=1)", "finish()")
    short = minimize(model, prop, noisy)
    assert [str(i.step) for i in short] == ["alloc(page=0)", "free(page=0)", "alloc(page=0)", "start()",
                                            "send(page=0)", "send(page=1)", "finish()"]
    assert violation_at(model, prop, short) == len(short)


def test_minimize_leaves_a_path_that_does_not_violate_alone(rfc):
    model, prop = rfc
    path = _path(model, "alloc(page=0)", "start()")
    assert violation_at(model, prop, path) is None
    assert list(minimize(model, prop, path)) == path
