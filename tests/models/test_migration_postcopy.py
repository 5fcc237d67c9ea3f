"""Postcopy and failure in the pre-copy migration component (pseries, s390)."""
from __future__ import annotations

from hintcheck import api
from hintcheck.model.migration import Phase
from hintcheck.model.registry import load_spec


def _pseries(**params):
    return load_spec("pseries").build("undo", {"pages": 2, "postcopy": 1, **params})


def _step(m, s, name, *args):
    act = m.action_named(name)
    assert act.guard(m, s, *args), f"{name}{args} is not enabled"
    return act.effect(m, s, *args)


def _sent_page_0(m):
    """Page 0 in use and sent, page 1 still dirty, a store to page 1 logged."""
    s = m.init().set(loc=(0, 0), data=(1, 1), phase=Phase.MIGRATING, round=1, bmap=(0, 1), kd=(0, 1), dest=(1, 0))
    return s


def test_the_switch_discards_dirty_pages_and_the_guest_waits_for_them_at_the_destination():
    m = _pseries()
    s = _step(m, _sent_page_0(m), "postcopy_switch")
    assert (s.pc, s.recv, s.bmap, s.kd) == (1, (1, 0), (0, 1), (0, 0))
    assert not m.action_named("write").guard(m, s, 1)           # not received: the vCPU waits
    s = _step(m, s, "write", 0)                                 # received: the store lands at the destination
    assert (s.dest[0], s.kd) == (s.data[0], (0, 0))
    s = _step(m, s, "send", 1)
    assert (s.recv, s.dest[1]) == ((1, 1), s.data[1]) and m.action_named("write").guard(m, s, 1)
    s = _step(m, s, "postcopy_end")
    assert (s.phase, s.pc) == (Phase.DONE, 0)


def test_no_precopy_step_runs_after_the_switch():
    m = _pseries()
    s = _step(m, _sent_page_0(m), "postcopy_switch")
    for name in ("sync", "complete", "cancel", "fail", "postcopy_switch"):
        assert not m.action_named(name).guard(m, s), name


def test_a_failure_drops_the_migration_as_a_cancel_does():
    m = _pseries()
    s = _sent_page_0(m)
    assert _step(m, s, "fail") == _step(m, s, "cancel")
    assert _step(m, s, "fail").phase == Phase.IDLE


def test_without_postcopy_nothing_changes():
    m = load_spec("pseries").build("undo", {"pages": 2})
    assert not m.action_named("postcopy_switch").guard(m, _sent_page_0(m))
    assert api.check("pseries", "undo", "no_data_loss_stable", {"pages": 2}).stats.states == 5800


def test_every_model_on_the_component_offers_the_postcopy_switch_hook():
    for name in ("pseries", "s390", "balloon"):
        assert "on_postcopy_switch" in {h.name for h in load_spec(name).hooks}, name


def test_postcopy_designs_hold_and_a_bad_one_fails_at_the_switch():
    assert api.check("pseries", "undo", "no_data_loss_stable", {"postcopy": 1}).verdict.value == "holds"
    assert api.check("s390", "essa", "no_data_loss_stable", {"postcopy": 1}).verdict.value == "holds"
    bad = api.check("pseries", "rfc", "no_data_loss_stable", {"postcopy": 1})
    assert bad.verdict.value == "violated" and str(bad.trace.steps[-1]) == "postcopy_switch()"
