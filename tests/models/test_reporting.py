"""The reporting model: each variant fails with a short trace, faithful holds, negotiation, liveness."""
import pytest

import hintcheck
from hintcheck.engines import run_engine
from hintcheck.explore import explore
from hintcheck.floor import Budget, Request
from hintcheck.floor.result import Verdict
from hintcheck.model.core import And, every, invariant
from hintcheck.model.guest.buddy import Mem
from hintcheck.model.registry import load_spec
from hintcheck.model.reporting.state import poison_val, reporting_on

SPEC = load_spec("reporting")
SAFETY = ("no_data_loss_stable", "reported_not_allocatable", "poison_contract", "postcopy_touch_served")


def _model(policy="faithful", **params):
    return SPEC.build(policy, params)


def _check(model, prop):
    return hintcheck.check(model, prop=prop)


# policy, params, property, shortest trace, the step at which it fails
VARIANTS = [
    ("no-isolation", {}, "reported_not_allocatable", 5, "alloc"),
    ("no-isolation", {}, "no_data_loss_stable", 7, "device_report"),
    ("poison-without-value", {"poison": 2, "page_poison": 0}, "poison_contract", 8, "alloc"),
    ("no-postcopy-inhibit", {"postcopy": 1}, "postcopy_touch_served", 8, "alloc"),
]


@pytest.mark.parametrize("policy,params,prop,length,last", VARIANTS, ids=[f"{v[0]}-{v[2]}" for v in VARIANTS])
def test_each_variant_is_violated_with_a_short_trace(policy, params, prop, length, last):
    result = _check(_model(policy, **params), prop)
    assert result.verdict is Verdict.VIOLATED
    steps = [st.action for st in result.trace.steps]
    assert len(steps) == length and steps[-1] == last
    assert steps[0] == "report_start" and "report_isolate" in steps, "the harm starts with a block in the batch"
    assert ("device_report" in steps) is (prop != "reported_not_allocatable"), "the others need the discard"


def test_the_variants_hold_where_their_fix_is_not_needed():
    """Each fix matters only in its setting: the same designs hold without it."""
    assert _check(_model("poison-without-value", poison=2, page_poison=1), "poison_contract").verdict is Verdict.HOLDS
    assert _check(_model("poison-without-value", poison=1, page_poison=0), "poison_contract").verdict is Verdict.HOLDS
    assert _check(_model("no-postcopy-inhibit"), "postcopy_touch_served").verdict is Verdict.HOLDS


@pytest.mark.parametrize("params", [
    {"order": 0}, {"order": 1, "capacity": 2}, {"pages": 4, "order": 0, "capacity": 2},
    {"pages": 4, "order": 1, "capacity": 1, "poison": 2}, {"order": 0, "poison": 1, "postcopy": 1},
    {"pages": 3, "order": 0, "poison": 2, "page_poison": 0},
], ids=lambda p: "-".join(f"{k}{v}" for k, v in p.items()))
def test_faithful_holds_every_safety_property_exhaustively(params):
    model = _model(**params)
    for prop in SAFETY:
        result = explore(model, model.property_named(prop))
        assert result.verdict is Verdict.HOLDS, (prop, result.describe())


@pytest.mark.parametrize("poison,page_poison,validate,on,value", [
    (0, 0, True, True, 0), (0, 1, True, True, 0),
    (1, 1, True, True, 0), (1, 0, True, False, 0), (1, 0, False, True, 0),
    (2, 1, True, True, 0xAAAAAAAA), (2, 0, True, False, 0), (2, 0, False, True, 0),
])
def test_negotiation_follows_virtballoon_validate(poison, page_poison, validate, on, value):
    policy = "faithful" if validate else "poison-without-value"
    model = _model(policy, poison=poison, page_poison=page_poison)
    assert (reporting_on(model), poison_val(model)) == (on, value)


def test_a_reported_block_that_merged_at_putback_is_not_marked(fire):
    """page_reporting_drain(): only a block still of its reported order gets PageReported."""
    m = _model(order=0)
    steps = [("alloc", 0), ("report_start",), ("report_cycle",), ("report_isolate", 1), ("report_cycle_end",),
             ("free", 0)]
    s = fire(m, steps)
    assert (s.mem, s.order) == ((Mem.FREE, Mem.ISOLATED), (0, 0)), "page 0 freed next to an isolated buddy"
    s = fire(m, steps + [("report_cycle",), ("report_cycle_end",), ("report_leftover",), ("device_report",),
                         ("report_drain",)])
    assert (s.mem, s.order, s.rep, s.gone) == ((Mem.FREE, Mem.FREE), (1, 1), (0, 0), (0, 1))


def test_a_reported_block_that_did_not_merge_is_marked_and_a_split_drops_the_mark(fire):
    m = _model(order=0)
    steps = [("report_start",), ("report_cycle",), ("report_cycle_end",), ("report_cycle",), ("report_isolate", 0),
             ("report_cycle_end",), ("report_leftover",), ("device_report",), ("report_drain",)]
    s = fire(m, steps)
    assert (s.mem, s.rep, s.gone) == ((Mem.FREE, Mem.FREE), (1, 0), (1, 1))
    s = fire(m, steps + [("alloc", 0)])
    assert (s.mem, s.order, s.rep, s.gone) == ((Mem.USED, Mem.FREE), (0, 0), (0, 0), (0, 1))


def test_faithful_reporting_progress_holds_at_order_one():
    for params in ({}, {"pages": 4, "capacity": 2}, {"pages": 3, "poison": 2}):
        result = _check(_model(**params), "reporting_progress")
        assert result.verdict is Verdict.HOLDS, (params, result.describe())


def test_faithful_reporting_progress_fails_at_order_zero_on_a_split_after_the_order0_cycle():
    """The mainline gap: expand() makes an unreported block at the threshold and requests nothing."""
    result = _check(_model(order=0), "reporting_progress")
    assert result.verdict is Verdict.VIOLATED
    steps = [str(st) for st in result.trace.steps]
    assert steps == ["report_start()", "report_cycle()", "report_cycle_end()", "alloc(page=0)",
                     "report_cycle()", "report_cycle_end()", "report_finish()", "guest_idle()"]


def test_reporting_progress_without_fairness_still_holds_once_the_guest_is_idle():
    """Only worker and device steps remain after guest_idle, so the verdict does not rest on the declared fairness."""
    model = _model(pages=4, capacity=2)
    request = Request(model=model, prop=model.property_named("reporting_progress"), budget=Budget(),
                      options={"fairness": ()})
    result = run_engine("liveness", request)
    assert result.verdict is Verdict.HOLDS and result.stats.extra["assumes"] == "no fairness"


@invariant
def nothing_reported(m, s):
    """No block was ever marked reported and the host discarded nothing."""
    return every(And(s.rep[p] == 0, s.gone[p] == 0) for p in m.pages)


def test_a_threshold_above_every_block_order_reports_nothing_so_progress_holds_vacuously():
    model = _model(pages=4, order=2, capacity=2)
    assert _check(model, nothing_reported).verdict is Verdict.HOLDS
    assert _check(model, "reporting_progress").verdict is Verdict.HOLDS
    assert _check(_model(pages=4, order=1, capacity=2), nothing_reported).verdict is Verdict.VIOLATED
