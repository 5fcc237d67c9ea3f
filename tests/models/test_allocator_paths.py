"""The allocator's buddy-direct paths and the content a free leaves (model/guest/allocator.py).

rmqueue_buddy() and free_one_page() bypass the per-CPU lists and their
on_refill / on_spill points but not arch_alloc_page() / arch_free_page();
free_pages_prepare() poisons or zeroes a page before arch_free_page()
(since 2019; `late_init` is the older order), and the content survives
in the free page until the next allocation.
"""
import pytest

from hintcheck.explore import explore
from hintcheck.floor import Budget
from hintcheck.floor.result import Verdict
from hintcheck.model.core import And, Implies, Or, every, invariant
from hintcheck.model.guest import BUDDY, IN_USE, PCP, POISON
from hintcheck.model.hypervisor.essa import EState
from hintcheck.model.hypervisor.papr import PState
from hintcheck.model.registry import load_spec
from hintcheck.vector import explore_vector


def _model(name, policy, **params):
    return load_spec(name).build(policy, params)


def _check(model, prop):
    return explore(model, model.property_named(prop), Budget(keep_going=True))


def test_a_direct_allocation_runs_arch_alloc_page_but_no_refill(fire):
    m = _model("s390", "essa")
    s = fire(m, [("alloc_direct", 0, 0), ("free", 0, 0)])
    assert s.loc == (PCP, BUDDY) and s.hs[0] == EState.UNUSED
    s = fire(m, [("alloc_direct", 0, 0), ("free_direct", 0, 0)])
    assert s.loc == (BUDDY, BUDDY) and s.hs[0] == EState.UNUSED          # arch_free_page() on this path too
    s = fire(m, [("alloc_direct", 0, 0), ("free_direct", 0, 0), ("alloc_direct", 0, 0)])
    assert s.loc[0] == IN_USE and s.hs[0] == EState.STABLE              # and arch_alloc_page()


def test_without_direct_every_page_passes_a_per_cpu_list(fire):
    m = _model("s390", "essa", direct=0)
    assert not m.action_named("alloc_direct").guard(m, m.init(), 0, 0)
    s = fire(m, [("refill", 0, 0), ("alloc", 0, 0)])
    assert not m.action_named("free_direct").guard(m, s, 0, 0)


def test_spill_batch_loses_a_page_allocated_straight_from_the_pool():
    """Seed 003's spill batching holds only if no allocation bypasses the per-CPU lists."""
    result = _check(_model("s390", "spill-batch"), "no_data_loss_stable")
    assert result.verdict is Verdict.VIOLATED and len(result.trace.steps) == 4
    assert [st.action for st in result.trace.steps] == ["refill", "spill", "alloc_direct", "discard"]
    held = _check(_model("s390", "spill-batch", direct=0), "no_data_loss_stable")
    assert (held.verdict, held.stats.states) == (Verdict.HOLDS, 22208)


@pytest.mark.parametrize("name,policy", [("s390", "essa"), ("pseries", "undo")])
def test_the_direct_paths_leave_designs_that_hook_only_the_arch_points_unchanged(name, policy):
    # rmqueue_buddy() is refill+alloc and free_one_page() free+spill for a design without
    # on_refill / on_spill: the reachable states are the same, the counterexamples may be shorter
    counts = [_check(_model(name, policy, direct=d), "no_data_loss_stable").stats.states for d in (0, 1)]
    assert counts[0] == counts[1]


def test_free_pages_start_poisoned_and_a_free_poisons_before_the_hint(fire):
    m = _model("s390", "essa", free_init=2)
    assert m.init().data == (POISON, POISON)               # memblock_free_all() frees through the same path
    s = fire(m, [("alloc_direct", 0, 0)])
    assert s.data[0] != POISON                              # the caller initialises what it got
    s = fire(m, [("alloc_direct", 0, 0), ("free", 0, 0)])
    assert s.data[0] == POISON and s.hs[0] == EState.UNUSED and s.freeing[0] == 0


def test_init_on_free_holds_on_kvm_because_a_dropped_page_reads_as_zeroes():
    result = _check(_model("s390", "essa", free_init=1), "free_content_kept")
    assert (result.verdict, result.stats.states) == (Verdict.HOLDS, 9064)


def test_page_poisoning_fails_when_kvm_drops_a_poisoned_free_page():
    result = _check(_model("s390", "essa", free_init=2), "free_content_kept")
    assert result.verdict is Verdict.VIOLATED
    assert [st.action for st in result.trace.steps] == ["alloc_direct", "free", "discard"]


def test_partition_migration_skipping_a_poisoned_page_fails_the_poison_check():
    result = _check(_model("pseries", "undo", free_init=2), "free_content_kept")
    assert result.verdict is Verdict.VIOLATED and result.trace.steps[-1].action == "complete"
    assert _check(_model("pseries", "undo", free_init=1), "free_content_kept").verdict is Verdict.HOLDS


def test_the_old_order_stores_to_a_page_already_hinted(fire):
    """free_pages_prepare() before 2019: arch_free_page(), then kernel_poison_pages()."""
    m = _model("s390", "essa", free_init=2, late_init=1)
    s = fire(m, [("alloc_direct", 0, 0), ("free", 0, 0)])
    assert (s.loc[0], s.freeing[0], s.hs[0]) == (IN_USE, 1, EState.UNUSED) and s.data[0] != POISON
    assert not m.action_named("write").guard(m, s, 0)      # the page is no longer the guest's
    assert not m.action_named("alloc_direct").guard(m, s, 0, 0)
    s = fire(m, [("alloc_direct", 0, 0), ("free", 0, 0), ("freed", 0)])
    assert (s.loc[0], s.freeing[0], s.data[0]) == (BUDDY, 0, POISON)
    late = _check(m, "no_access_after_free_hint")
    assert late.verdict is Verdict.VIOLATED and len(late.trace.steps) == 2
    fixed = _check(_model("s390", "essa", free_init=2), "no_access_after_free_hint")
    assert fixed.verdict is Verdict.HOLDS


def test_pseries_old_order_too(fire):
    m = _model("pseries", "undo", free_init=1, late_init=1)
    s = fire(m, [("alloc_direct", 0, 0), ("free", 0, 0)])
    assert (s.freeing[0], s.hs[0]) == (1, PState.UNUSED)           # the zeroing store is still to come
    late = _check(m, "no_access_after_free_hint")
    assert late.verdict is Verdict.VIOLATED and [st.action for st in late.trace.steps] == ["alloc_direct", "free"]


@pytest.mark.parametrize("name,policy,params", [
    ("s390", "spill-batch", {}),
    ("s390", "essa", {"free_init": 2, "late_init": 1}),
    ("pseries", "undo", {"free_init": 2, "late_init": 1, "cpus": 2}),
])
def test_the_vector_engine_agrees_on_the_new_paths(name, policy, params):
    model = _model(name, policy, **params)
    for prop in ("no_data_loss_stable", "free_content_kept", "no_access_after_free_hint"):
        budget = Budget(keep_going=True)
        plain = explore(model, model.property_named(prop), budget)
        fast = explore_vector(model, model.property_named(prop), budget)
        assert (fast.verdict, fast.stats.states) == (plain.verdict, plain.stats.states), prop


@invariant
def _blocks_consistent(m, s):
    """Both halves of a pair carry one order; a free pair is one order-1 block; an order-1 block is whole."""
    def pair_ok(p, q):
        free = And(s.loc[p] == BUDDY, s.loc[q] == BUDDY)
        same_place = Or(free, And(s.loc[p] == IN_USE, s.loc[q] == IN_USE))
        return And(s.blk[p] == s.blk[q], Implies(free, s.blk[p] == 1), Implies(s.blk[p] == 1, same_place))
    return every(pair_ok(p, p + 1) for p in range(0, len(m.pages) - 1, 2))


@pytest.mark.parametrize("name,policy,params", [
    ("pseries", "undo", {"pages": 3, "rounds": 1}), ("pseries", "undo", {"cpus": 2}),
    ("s390", "essa", {"free_init": 2, "late_init": 1}),
])
def test_buddy_pairs_merge_and_split_consistently_in_every_reachable_state(name, policy, params):
    model = _model(name, policy, orders=2, **params)
    result = explore(model, _blocks_consistent, Budget(keep_going=True))
    assert result.verdict is Verdict.HOLDS and result.stats.fired["alloc_block"] > 0
    assert result.stats.fired["free_block"] > 0


def test_an_order1_block_runs_the_arch_hooks_on_both_pages_in_one_step(fire):
    m = _model("s390", "essa", orders=2)
    assert m.init().blk == (1, 1)                          # boot: the pair is one free order-1 block
    s = fire(m, [("alloc_block", 0, 0)])
    assert s.loc == (IN_USE, IN_USE) and s.hs == (EState.STABLE, EState.STABLE) and s.blk == (1, 1)
    assert not m.action_named("free").guard(m, s, 0, 0)   # a page of an order-1 allocation is not freed alone
    s = fire(m, [("alloc_block", 0, 0), ("free_block", 0, 0)])
    assert s.loc == (BUDDY, BUDDY) and s.hs == (EState.UNUSED, EState.UNUSED) and s.blk == (1, 1)
    s = fire(m, [("alloc_direct", 0, 1)])                  # expand(): page 0 stays behind as order 0
    assert s.loc == (BUDDY, IN_USE) and s.blk == (0, 0)
    assert not m.action_named("alloc_block").guard(m, s, 0, 0)
    s = fire(m, [("alloc_direct", 0, 1), ("free_direct", 0, 1)])
    assert s.loc == (BUDDY, BUDDY) and s.blk == (1, 1)    # __free_one_page() merges them again
    s = fire(m, [("alloc_direct", 0, 1), ("free", 0, 1), ("spill", 0, 1)])
    assert s.blk == (1, 1)


@pytest.mark.parametrize("name,policy", [("s390", "essa"), ("s390", "spill-batch"), ("pseries", "undo"),
                                         ("pseries", "rfc")])
def test_two_orders_keep_every_verdict(name, policy):
    for prop in ("no_data_loss_stable", "stable_before_use"):
        one, two = (_check(_model(name, policy, orders=o), prop) for o in (1, 2))
        assert one.verdict is two.verdict, prop
