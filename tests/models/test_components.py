"""The shared components on hand-built states: allocator, migration dirty log, page states."""
from hintcheck.model.guest import BUDDY, IN_USE, PCP, pcp_count
from hintcheck.model.hypervisor.papr import PState, papr_copy
from hintcheck.model.migration import Phase
from hintcheck.model.registry import load_spec


def _model(name="pseries", policy="undo", **params):
    return load_spec(name).build(policy, params)


def test_a_full_per_cpu_list_must_spill_before_another_free(fire):
    m = _model(cpus=1, high=1)
    s = fire(m, [("refill", 0, 0), ("alloc", 0, 0), ("refill", 0, 1)])
    assert pcp_count(m, s, 0) == 1
    assert not m.action_named("free").guard(m, s, 0, 0)
    s = fire(m, [("refill", 0, 0), ("alloc", 0, 0), ("refill", 0, 1), ("spill", 0, 1), ("free", 0, 0)])
    assert s.loc == (PCP, BUDDY) and pcp_count(m, s, 0) == 1


def test_free_runs_the_policy_hook_before_the_page_sits_on_the_list(fire):
    s = fire(_model(policy="rfc"), [("refill", 1, 0), ("alloc", 1, 0), ("free", 1, 0)])
    assert s.loc[0] == PCP + 1 and s.hs[0] == PState.UNUSED


def test_a_store_during_migration_is_logged_and_resent(fire):
    m = _model(policy="undo")
    s = fire(m, [("refill", 0, 0), ("alloc", 0, 0), ("migrate_start",), ("send", 0), ("send", 1),
                 ("write", 0), ("sync",), ("send", 0), ("complete",)])
    assert s.phase == Phase.DONE and s.dest[0] == s.data[0] == 2


def test_lazy_clearing_keeps_a_bit_set_after_the_fetch(fire):
    """KVM_CLEAR_DIRTY_LOG clears only the fetched bits: a store after the sync survives the clear."""
    m = _model(policy="undo", lazy_clear=1)
    s = fire(m, [("refill", 0, 0), ("alloc", 0, 0), ("refill", 1, 1), ("alloc", 1, 1), ("migrate_start",),
                 ("send", 0), ("send", 1), ("write", 0), ("sync",)])
    assert s.fetched == (1, 0) and s.kd == (1, 0) and s.bmap == (1, 0)
    s = fire(m, [("refill", 0, 0), ("alloc", 0, 0), ("refill", 1, 1), ("alloc", 1, 1), ("migrate_start",),
                 ("send", 0), ("send", 1), ("write", 0), ("sync",), ("write", 1), ("send", 0)])
    assert s.kd == (0, 1) and s.fetched == (0, 0) and s.dest[0] == s.data[0]


def test_classic_clearing_empties_the_kvm_log_at_the_sync(fire):
    m = _model(policy="undo", lazy_clear=0)
    s = fire(m, [("refill", 0, 0), ("alloc", 0, 0), ("migrate_start",), ("send", 0), ("send", 1),
                 ("write", 0), ("sync",)])
    assert s.kd == (0, 0) and s.fetched == (0, 0) and s.bmap == (1, 0)


def test_partition_migration_skips_a_page_held_unused(fire):
    m = _model(policy="rfc")
    s = fire(m, [("refill", 0, 0), ("alloc", 0, 0), ("free", 0, 0), ("alloc", 0, 0)])
    assert s.loc[0] == IN_USE and s.hs[0] == PState.UNUSED
    assert papr_copy(m, s, 0) == 0 and papr_copy(m, s, 1) == s.data[1]

