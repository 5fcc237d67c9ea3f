"""Bounded model checking: shortest counterexamples that replay, at the BFS depth."""
import pytest

from hintcheck.explore import explore
from hintcheck.model.registry import load_spec
from hintcheck.floor.result import Verdict
from hintcheck.symbolic.bmc import bmc
from hintcheck.trace.replay import replay


@pytest.mark.parametrize("policy", ["rfc", "lazy"])
@pytest.mark.parametrize("pages", [1, 2, 3])
def test_bmc_depth_equals_bfs_depth_and_the_trace_replays(policy, pages):
    model = load_spec("reference").build(policy, {"pages": pages})
    prop = model.property_named("no_data_loss")
    found = bmc(model, prop, 12)
    shortest = explore(model, prop)
    assert found.verdict is Verdict.VIOLATED and found.engine == "z3-bmc"
    assert len(found.trace.steps) == len(shortest.trace.steps) == pages + 5
    assert found.trace.engine == "z3-bmc"
    assert replay(found.trace).verdict is Verdict.VIOLATED


def test_bmc_below_the_counterexample_depth_is_bounded_not_holds():
    model = load_spec("reference").build("rfc", {"pages": 2})
    result = bmc(model, model.property_named("no_data_loss"), 6)
    assert result.verdict is Verdict.BOUNDED
    assert result.limit == "depth 6"
    assert "no violation up to depth 6" in result.describe()


@pytest.mark.parametrize("policy,verdict", [("no-stop-machine", Verdict.VIOLATED), ("rehash", Verdict.BOUNDED)])
def test_commit_only_quiesced_is_checked_by_z3_on_the_hpt_model(policy, verdict):
    """The mission's named action property: a COMMIT step only while every other CPU is stopped.

    The driver that commits without stop_machine is caught at the BFS depth;
    the faithful one has no violation within the depth BFS needs for the bad one.
    """
    model = load_spec("hpt").build(policy, {})
    prop = model.property_named("commit_only_quiesced")
    bad = explore(load_spec("hpt").build("no-stop-machine", {}), prop)
    found = bmc(model, prop, len(bad.trace.steps) + 2)
    assert found.verdict is verdict
    if verdict is Verdict.VIOLATED:
        assert len(found.trace.steps) == len(bad.trace.steps)
        assert replay(found.trace).verdict is Verdict.VIOLATED
