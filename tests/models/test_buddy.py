"""The buddy component (model/guest/buddy.py): merging, splitting, isolation, and PageReported."""
from dataclasses import dataclass, replace
from types import SimpleNamespace

import hintcheck
from hintcheck.model.core import invariant, per_index
from hintcheck.model.guest.buddy import (BIT, MEM, ORDER, Mem, allocatable, consistent, free_one_page, free_order,
                                         isolate, on_list, putback, take)
from hintcheck.model.registry import load_spec

U, F, I = Mem.USED, Mem.FREE, Mem.ISOLATED


@dataclass(frozen=True, slots=True)
class Pool:
    mem: tuple = per_index("pages", MEM)
    order: tuple = per_index("pages", ORDER)
    rep: tuple = per_index("pages", BIT)

    def set(self, **kw):
        return replace(self, **kw)


def _m(pages=4):
    return SimpleNamespace(pages=range(pages))


def test_freeing_next_to_a_free_buddy_merges_into_one_unreported_order1_block():
    m = _m()
    s = Pool(mem=(U, F, U, U), order=(0, 0, 0, 0), rep=(0, 1, 0, 0))       # page 1: a reported order-0 block
    assert free_order(m, s, 0) == 1
    after = free_one_page(m, s, 0)
    assert (after.mem[:2], after.order[:2], after.rep[:2]) == ((F, F), (1, 1), (0, 0))
    assert on_list(m, after, 0, 1) and not on_list(m, after, 1, 0) and consistent(m, after)


def test_freeing_next_to_a_used_or_isolated_buddy_leaves_an_order0_block():
    m = _m()
    for buddy in (U, I):
        s = Pool(mem=(buddy, U, F, F), order=(0, 0, 1, 1), rep=(0, 0, 1, 0))
        assert free_order(m, s, 1) == 0
        after = free_one_page(m, s, 1)
        assert (after.mem[:2], after.order[:2]) == ((buddy, F), (0, 0))
        assert after.rep[2:] == (1, 0), "the other pair is untouched"


def test_an_allocation_splits_an_order1_block_only_when_no_order0_block_is_free():
    m = _m()
    s = Pool(mem=(F, F, U, F), order=(1, 1, 0, 0), rep=(1, 0, 0, 0))
    assert not allocatable(m, s, 0), "__rmqueue_smallest() takes the order-0 block at page 3 first"
    assert allocatable(m, s, 3)
    s = s.set(mem=(F, F, U, U))
    assert allocatable(m, s, 0) and not allocatable(m, s, 1), "expand() hands out the low page"
    after = take(m, s, 0)
    assert (after.mem[:2], after.order[:2], after.rep[:2]) == ((U, F), (0, 0), (0, 0))
    assert on_list(m, after, 1, 0) and consistent(m, after)


def test_every_way_off_the_free_list_clears_the_reported_mark():
    m = _m(2)
    reported0 = Pool(mem=(F, U), order=(0, 0), rep=(1, 0))
    assert take(m, reported0, 0).rep == (0, 0)
    assert isolate(m, reported0, 0).rep == (0, 0)
    pair = Pool(mem=(F, F), order=(1, 1), rep=(1, 0))
    assert take(m, pair, 0).rep == (0, 0)
    assert isolate(m, pair, 0) == Pool(mem=(I, I), order=(1, 1), rep=(0, 0))


def test_a_putback_merges_with_a_buddy_freed_while_the_page_was_isolated():
    m = _m(2)
    s = Pool(mem=(I, F), order=(0, 0), rep=(0, 0))          # page 1 freed during the report: no merge then
    assert putback(m, s, 0) == Pool(mem=(F, F), order=(1, 1), rep=(0, 0))
    assert putback(m, s, 0, False) == s
    whole = Pool(mem=(I, I), order=(1, 1), rep=(0, 0))
    assert putback(m, whole, 0) == Pool(mem=(F, F), order=(1, 1), rep=(0, 0))


def test_a_last_page_without_a_buddy_never_merges():
    m = _m(3)
    s = Pool(mem=(F, F, U), order=(1, 1, 0), rep=(0, 0, 0))
    assert free_order(m, s, 2) == 0
    after = free_one_page(m, s, 2)
    assert (after.mem[2], after.order[2]) == (F, 0) and consistent(m, after)


def test_consistent_refuses_two_free_order0_buddies_and_a_marked_tail():
    m = _m(2)
    assert not consistent(m, Pool(mem=(F, F), order=(0, 0), rep=(0, 0)))
    assert not consistent(m, Pool(mem=(F, F), order=(1, 1), rep=(0, 1)))
    assert not consistent(m, Pool(mem=(U, F), order=(1, 1), rep=(0, 0)))


@invariant
def buddy_shape(m, s):
    """The component's shape invariant, on the states of a model built on it."""
    return consistent(m, s)


def test_every_reachable_state_of_the_reporting_model_keeps_the_buddy_shape():
    spec = load_spec("reporting")
    for policy, params in (("faithful", {"pages": 3, "order": 0, "capacity": 2}),
                           ("no-isolation", {"pages": 4, "order": 0, "capacity": 2})):
        result = hintcheck.check(spec.build(policy, params), prop=buddy_shape)
        assert result.verdict.value == "holds", (policy, result.describe())
        assert result.stats.states > 1000
