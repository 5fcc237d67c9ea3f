"""The balloon model: QEMU's free page hinting device, Linux's driver, and migration step by step.

Mechanism tests call one action's effect on a hand-made state; verdict
tests run the explicit engine (the suite pins the same verdicts; these
pin the interleavings that make them, and the two answers the model gives).
"""
from __future__ import annotations

import json

import pytest

from hintcheck import api
from hintcheck.model.balloon.device import DEVICES, config_view
from hintcheck.model.balloon.queue import has_room, pop, push
from hintcheck.model.balloon.state import DONE_ID, FIRST_ID, STOP_ID, Entry, Own, Status
from hintcheck.model.migration.stages import MigPhase, Stage
from hintcheck.model.registry import load_spec

ID1, ID2 = FIRST_ID, FIRST_ID + 1


def _model(policy="faithful", **params):
    return load_spec("balloon").build(policy, {"pages": 2, **params})


def _migrating(m, **fields):
    """Between syncs of round 1, both pages still to send."""
    s = m.init().set(phase=MigPhase.MIGRATING, stage=Stage.NONE, round=1, bmap=(1, 1))
    return s.set(**fields)


def _step(m, s, name, *args):
    act = m.action_named(name)
    assert act.guard(m, s, *args), f"{name}{args} is not enabled"
    return act.effect(m, s, *args)


# -- the device ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("status, cmd, after", [
    (Status.REQUESTED, ID1, Status.START),      # the current id: hinting starts
    (Status.REQUESTED, ID2, Status.REQUESTED),  # a stale id: ignored
    (Status.REQUESTED, STOP_ID, Status.REQUESTED),
    (Status.START, STOP_ID, Status.STOP),       # the guest's stop
    (Status.START, ID2, Status.STOP),           # any id while started stops (get_free_page_hints())
    (Status.STOP, ID1, Status.STOP),            # 20a4da0f2307: not restarted after STOP
    (Status.DONE, ID1, Status.DONE),
])
def test_a_popped_command_id_moves_the_status_as_get_free_page_hints_does(status, cmd, after):
    m = _model()
    s = _migrating(m, st=status, cid=ID1, vq_kind=(Entry.CMD, 0, 0), vq_cmd=(cmd, 0, 0))
    assert _step(m, s, "pop_cmd", cmd).st == after


def test_without_20a4da0f2307_the_current_id_restarts_hinting_in_any_status():
    m = _model("start-any-status")
    for status in (Status.STOP, Status.DONE):
        s = _migrating(m, st=status, cid=ID1, vq_kind=(Entry.CMD, 0, 0), vq_cmd=(ID1, 0, 0))
        assert _step(m, s, "pop_cmd", ID1).st == Status.START


def test_without_an_id_check_a_stale_start_id_starts_the_new_window():
    m = _model("no-id-check")
    s = _migrating(m, st=Status.REQUESTED, cid=ID2, vq_kind=(Entry.CMD, 0, 0), vq_cmd=(ID1, 0, 0))
    assert _step(m, s, "pop_cmd", ID1).st == Status.START


@pytest.mark.parametrize("status, seen", [(Status.REQUESTED, ID1), (Status.START, STOP_ID),
                                          (Status.STOP, STOP_ID), (Status.DONE, DONE_ID)])
def test_the_config_shows_the_id_only_while_requested(status, seen):
    m = _model()
    assert config_view(m, m.init().set(st=status, cid=ID1)) == seen


def test_a_hint_is_applied_only_while_started_and_only_to_the_migration_bitmap():
    m = _model()
    for status, bmap in ((Status.START, (0, 1)), (Status.REQUESTED, (1, 1)), (Status.STOP, (1, 1))):
        s = _migrating(m, st=status, kd=(1, 0), vq_kind=(Entry.BLOCK, 0, 0), vq_page=(0, 0, 0), vq_round=(1, 0, 0))
        t = _step(m, s, "pop_block", 0)
        assert (t.bmap, t.kd, t.late, t.hinted[0]) == (bmap, (1, 0), 0, int(bmap[0] == 0)), status


def test_with_lazy_clearing_a_hint_clears_the_fetched_log_of_its_chunk_unless_3143577d6a3f_is_missing():
    for policy, kd in (("faithful", (0, 1)), ("no-log-clear", (1, 1))):
        m = _model(policy, lazy_clear=1, chunks=2)
        s = _migrating(m, st=Status.START, kd=(1, 1), fetched=(1, 1), vq_kind=(Entry.BLOCK, 0, 0), vq_round=(1, 0, 0))
        t = _step(m, s, "pop_block", 0)
        assert (t.bmap, t.kd) == ((0, 1), kd), policy


def test_a_hint_that_lands_after_a_sync_is_marked_late():
    m = _model()
    s = _migrating(m, round=2, st=Status.START, vq_kind=(Entry.BLOCK, 0, 0), vq_round=(1, 0, 0))
    assert _step(m, s, "pop_block", 0).late == 1


def test_every_device_variant_is_a_choice_of_the_device_setting():
    setting = next(st for st in load_spec("balloon").settings if st.name == "device")
    assert set(DEVICES) | {"own"} == set(setting.choices)
    assert {p.device for p in load_spec("balloon").policies.values()} <= set(DEVICES)


# -- the queue and the driver --------------------------------------------------------------------------

def test_the_virtqueue_is_first_in_first_out_and_bounded():
    m = _model()
    s = m.init()
    for page in (0, 1):
        s = push(m, s, Entry.BLOCK, page=page, rnd=1)
    s = push(m, s, Entry.CMD, cmd=STOP_ID)
    assert s.vq_kind == (Entry.BLOCK, Entry.BLOCK, Entry.CMD) and not has_room(m, s)
    s = pop(m, s)
    assert (s.vq_kind, s.vq_page) == ((Entry.BLOCK, Entry.CMD, Entry.EMPTY), (1, 0, 0)) and has_room(m, s)


def test_a_config_interrupt_queues_the_work_once():
    m = _model()
    s = _step(m, m.init().set(cfg=1), "config_irq")
    assert (s.rd, s.work) == (1, 1)
    s = _step(m, s.set(work=0, cfg=1), "config_irq")     # CONFIG_READ_CMD_ID still set: no new work
    assert (s.rd, s.work) == (1, 0)


def test_the_work_starts_hinting_on_a_new_id_and_returns_every_block_on_done():
    m = _model()
    s = _step(m, _migrating(m, st=Status.REQUESTED, cid=ID1, rd=1, work=1), "work_run")
    assert (s.active, s.loop, s.vq_kind[0], s.vq_cmd[0]) == (ID1, 1, Entry.CMD, ID1)
    s = _step(m, s, "hint_block", 1)
    assert (s.own, s.vq_kind[1], s.vq_page[1]) == ((Own.FREE, Own.HELD), Entry.BLOCK, 1)
    s = _step(m, s, "hint_stop")
    assert (s.loop, s.vq_kind[2], s.vq_cmd[2]) == (0, Entry.CMD, STOP_ID)
    s = _step(m, s.set(st=Status.DONE, rd=1, work=1, vq_kind=(0, 0, 0)), "work_run")   # the iothread drained it
    assert s.own == (Own.FREE, Own.FREE) and s.cache == DONE_ID


def test_the_seed_v12_driver_leaves_a_hinted_block_on_the_free_list():
    m = _model("seed-v12")
    s = _step(m, _migrating(m, loop=1, active=ID1, cache=ID1, st=Status.REQUESTED, cid=ID1), "hint_block", 0)
    assert s.own == (Own.FREE, Own.FREE) and s.vq_kind[0] == Entry.BLOCK


# -- migration step by step ----------------------------------------------------------------------------

def test_the_notifiers_run_as_their_own_steps_around_the_sync():
    m = _model()
    s = _step(m, _migrating(m, st=Status.START, kd=(1, 0), bmap=(0, 0)), "sync_begin")
    assert (s.stage, s.st, s.cfg, s.bmap) == (Stage.BEFORE, Status.STOP, 1, (0, 0))
    s = _step(m, s, "sync")
    assert (s.stage, s.bmap, s.kd, s.round) == (Stage.SYNCED, (1, 0), (0, 0), 2)
    s = _step(m, s, "sync_end")
    assert (s.stage, s.st, s.cid) == (Stage.NONE, Status.REQUESTED, ID2)


def test_manual_protect_starts_with_every_dirty_bit_set():
    for lazy, kd in ((0, (0, 0)), (1, (1, 1))):
        m = _model(lazy_clear=lazy)
        s = _step(m, _step(m, m.init(), "migrate_start"), "log_start")
        assert s.kd == kd, lazy


def test_completion_says_done_before_the_device_moves_and_cleanup_says_it_on_a_cancel():
    m = _model()
    assert _step(m, _migrating(m, st=Status.START, bmap=(0, 0)), "complete").st == Status.DONE
    assert _step(m, _migrating(m, st=Status.START), "cancel").st == Status.DONE
    assert _step(m, _migrating(m, st=Status.START), "fail").phase == MigPhase.ABORTED
    assert _step(_model("no-done-on-cleanup"), _migrating(m, st=Status.START), "cancel").st == Status.STOP


def test_postcopy_discards_dirty_pages_at_the_destination_and_a_touch_waits_for_the_page():
    m = _model(postcopy=1)
    s = _migrating(m, own=(Own.USER, Own.FREE), data=(1, 0), bmap=(0, 0), kd=(1, 0), recv=(1, 1), dest=(1, 0))
    s = _step(m, s, "postcopy_switch")
    assert (s.phase, s.bmap, s.recv) == (MigPhase.POSTCOPY, (1, 0), (0, 1))
    assert not m.action_named("write").guard(m, s, 0)          # not present: the vCPU faults first
    s = _step(m, s, "fault", 0)
    assert s.want == (1, 0)
    s = _step(m, s, "send", 0)
    assert (s.want, s.recv, s.dest) == ((0, 0), (1, 1), (1, 0))
    s = _step(m, _step(m, s, "write", 0), "postcopy_end")
    assert (s.phase, s.dest[0]) == (MigPhase.DONE, s.data[0])  # a store at the destination lands there


def test_the_postcopy_switch_runs_no_precopy_notifier():
    m = _model("hint-with-postcopy", postcopy=1)
    assert _step(m, _migrating(m, st=Status.START), "postcopy_switch").st == Status.START


# -- verdicts, and the two answers ---------------------------------------------------------------------

def _steps(result):
    return [str(step) for step in result.trace.steps]


def test_h1_the_faithful_pair_loses_a_store_with_lazy_clearing_when_the_shrinker_returns_a_queued_block():
    result = api.check("balloon", "faithful", "no_data_loss_stable", {"pages": 2, "lazy_clear": 1, "chunks": 2})
    assert result.verdict.value == "violated" and len(result.trace.steps) == 13
    steps = _steps(result)
    order = [steps.index(s) for s in ("hint_block(page=0)", "shrink(page=0)", "alloc(page=0)",
                                      "pop_block(page=0)", "complete()")]
    assert order == sorted(order), steps
    held = api.check("balloon", "faithful", "no_data_loss_stable",
                     {"pages": 2, "lazy_clear": 1, "chunks": 2, "shrinker": 0})
    assert held.verdict.value == "holds" and held.stats.states == 260151


def test_seed_v12_holds_with_classic_logging_and_fails_with_lazy_clearing_or_late_hints():
    assert api.check("balloon", "seed-v12", "no_data_loss_stable", {"pages": 1}).verdict.value == "holds"
    lazy = api.check("balloon", "seed-v12", "no_data_loss_stable", {"pages": 1, "lazy_clear": 1})
    assert lazy.verdict.value == "violated" and "shrink(page=0)" not in _steps(lazy)
    late = api.check("balloon", "seed-v12-late-hints", "no_data_loss_stable", {"pages": 1})
    assert late.verdict.value == "violated"
    assert api.check("balloon", "seed-v12-late-hints", "hint_window", {"pages": 1}).verdict.value == "violated"


def test_without_done_on_cleanup_the_lasso_starts_after_a_cancel_or_failure():
    result = api.check("balloon", "no-done-on-cleanup", "hinted_blocks_returned", {"pages": 1, "shrinker": 0})
    assert result.verdict.value == "violated"
    assert {"cancel()", "fail()"} & set(_steps(result))


def test_hinting_with_postcopy_leaves_a_waiting_vcpu_unserved():
    result = api.check("balloon", "hint-with-postcopy", "postcopy_served", {"pages": 1, "postcopy": 1})
    assert result.verdict.value == "violated"
    steps = _steps(result)
    assert steps.index("pop_block(page=0)") < steps.index("postcopy_switch()") < steps.index("fault(page=0)")


def test_hints_undone_by_the_next_sync_are_sent_anyway_without_3143577d6a3f(run_cli):
    rows = {}
    for policy in ("faithful", "no-log-clear", "no-hinting"):
        code, out, err = run_cli("worst", "--model", "balloon", "--policy", policy, "--field", "resent",
                                 "--where", "phase=DONE", "-p", "pages=1", "-p", "lazy_clear=1", "-p", "chunks=2",
                                 "-p", "shrinker=0", "-p", "counters=1", "--json")
        assert code == 0, err
        rows[policy] = json.loads(out.splitlines()[0])["worst"]
    assert rows == {"faithful": 0, "no-log-clear": 1, "no-hinting": 0}


def test_faithful_fuzzed_at_three_pages_and_three_rounds_finds_nothing_the_same_walks_find_a_bug():
    quiet = {"pages": 3, "rounds": 3, "abort": 0, "shrinker": 0}    # fewer actors: walks go deeper
    assert api.fuzz("balloon", "faithful", "hint_window", quiet, examples=300).verdict.value != "violated"
    # the control: the same walks at the same size reach a device that keeps hinting across a sync
    bad = api.fuzz("balloon", "no-stop-before-sync", "hint_window", quiet, examples=300)
    assert bad.verdict.value == "violated"
