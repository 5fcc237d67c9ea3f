"""All properties of one configuration in one search (runner.combined): the same verdicts as one search each.

For every shipped model, every policy and property at small parameters,
the runner's results with combining and without are compared: the same
verdict, the same state count and depth for a pass, the same limit, and a
counterexample of the same (shortest) length that replays for its own
property.
"""
from __future__ import annotations

import pytest

from hintcheck.floor import Budget, Verdict
from hintcheck.model.core import Property
from hintcheck.runner import run_jobs
from hintcheck.runner.combined import conjunction, group_key
from hintcheck.runner.jobs import direct_jobs
from hintcheck.trace.replay import replay

CONFIGS = [("reference", {"pages": 2}), ("pseries", {"pages": 2}), ("s390", {"pages": 2}),
           ("hpt", {}), ("hotplug", {"batches": 1})]


def _summary(outcome):
    r = outcome.result
    passed = r.verdict is not Verdict.VIOLATED
    return (outcome.job.model.policy.name, outcome.job.prop.name, r.verdict, r.limit,
            r.stats.states if passed else None, r.stats.depth if passed else None,
            len(r.trace.steps) if r.trace else None, r.trace.property if r.trace else None)


@pytest.mark.parametrize("name,params", CONFIGS)
@pytest.mark.parametrize("budget", [Budget(), Budget(max_depth=6)], ids=["whole", "depth6"])
def test_one_search_gives_what_one_search_per_property_gives(tmp_path, name, params, budget):
    # liveness jobs are never grouped (test below): each builds its own graph, so they are left out here
    jobs = [j for j in direct_jobs(name, None, None, params, engine="auto", budget=budget) if j.prop.kind != "liveness"]
    alone = run_jobs(jobs, trace_dir=tmp_path / "alone", combine=False)
    together = run_jobs(jobs, trace_dir=tmp_path / "together")
    assert [_summary(o) for o in together] == [_summary(o) for o in alone]
    for o in together:
        if o.result.trace is not None:
            assert replay(o.result.trace, o.job.model, o.job.prop).verdict is Verdict.VIOLATED
    shared = [o for o in together if "one_search_for" in o.result.stats.extra]
    if len(jobs[0].model.properties) > 1:
        assert shared                              # some properties came out of a shared search


def test_liveness_jobs_are_never_grouped():
    jobs = direct_jobs("reference", "undo", None, {"pages": 1}, engine="auto")
    assert [group_key(j) is None for j in jobs] == [j.prop.kind == "liveness" for j in jobs]
    assert any(j.prop.kind == "liveness" for j in jobs)


def test_jobs_that_differ_in_more_than_the_property_are_not_grouped():
    (a,) = direct_jobs("reference", "undo", "no_data_loss", {"pages": 1}, engine="auto")
    (b,) = direct_jobs("reference", "undo", "no_data_loss", {"pages": 2}, engine="auto")
    (c,) = direct_jobs("reference", "undo", "no_data_loss", {"pages": 1}, engine="hypothesis")
    (d,) = direct_jobs("reference", "undo", "no_data_loss", {"pages": 1}, engine="auto",
                       budget=Budget(keep_going=True))
    assert group_key(a) is not None and group_key(a) != group_key(b)
    assert group_key(c) is None and group_key(d) is None


def test_an_invariant_false_initially_beside_an_action_property(tmp_path):
    jobs = direct_jobs("hpt", "rehash", None, {}, engine="explore")
    model = jobs[0].model
    false_at_start = Property("never", "invariant", lambda m, s: False)
    step_prop = next(j for j in jobs if j.prop.kind == "action")
    mixed = [step_prop, type(step_prop)(model, false_at_start, "explore")]
    out = run_jobs(mixed, trace_dir=tmp_path)
    assert out[1].result.verdict is Verdict.VIOLATED and len(out[1].result.trace.steps) == 0
    assert out[0].result.verdict is Verdict.HOLDS


def test_the_conjunction_is_an_action_property_when_a_member_is_one():
    every = direct_jobs("hpt", "rehash", None, {}, engine="explore")
    assert {j.prop.kind for j in every} == {"invariant", "action", "liveness"}
    jobs = [j for j in every if j.prop.kind != "liveness"]           # liveness is judged on its own graph
    assert conjunction([j.prop for j in jobs]).kind == "action"
    assert conjunction([j.prop for j in jobs if j.prop.kind == "invariant"]).kind == "invariant"
