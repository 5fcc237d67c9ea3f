"""The reporting model: virtio-balloon free page reporting over a buddy allocator with merging.

Composed from the buddy allocator (model/guest/buddy.py: buddy pairs,
orders 0 and 1, merging on free and on putback, splitting on allocation,
PageReported), the reporting worker and QEMU's report handler
(worker.py), and a minimal postcopy destination (worker.py). Sources:
Linux `mm/page_reporting.c`, `mm/page_alloc.c`,
`drivers/virtio/virtio_balloon.c` with VIRTIO_BALLOON_F_REPORTING; QEMU
`hw/virtio/virtio-balloon.c: virtio_balloon_handle_report()`
(docs/research/virtio-balloon.md §3, domain.md §5).

Mechanisms:
- `__free_one_page()` calls `page_reporting_notify_free()` with the merged
  block's order; a request (`__page_reporting_request()`) is made when that
  order is at least `page_reporting_order` (parameter `order`; 2 is above
  every block order of the model, as pageblock order 13 was on arm64 with
  64 KiB pages);
- the worker's pass, its cycles per order under zone->lock, isolation into
  a batch of `capacity` blocks (PAGE_REPORTING_CAPACITY, 32 in Linux), the
  dropped lock around `prdev->report()`, the host's discard, and the drain
  that puts blocks back (maybe merging) and marks them reported;
- poisoning (`poison`: none, init_on_free, page_poison) with the device's
  F_PAGE_POISON (`page_poison`) and `poison_val` negotiation
  (`virtballoon_validate()`, fb69c2c896fc); QEMU skips the discard when
  `poison_val != 0`; an allocation checks the pattern (`check_poison_mem()`
  from `kernel_unpoison_pages()`); with init_on_free the guest relies on
  zeroes instead (post_alloc_hook skips init_on_alloc);
- a postcopy destination (`postcopy = 1`): the guest runs while pages still
  arrive (`incoming`, QEMU `migration_in_incoming_postcopy()`); QEMU must not
  discard then (`virtio_balloon_inhibited()`, the rule of 371ff5a3f04c). A
  discard of a page already received makes it "not present"; the guest's
  next touch faults, the fault thread finds it in `receivedmap` and asks
  the source for nothing, so the vCPU **stalls** until postcopy ends. The
  model states this as a stalled touch (`postcopy_touch_served`), not as
  data loss: the page is free in the guest, and after postcopy ends it
  would read zero, which a freed page may hold. The shared migration
  component's postcopy is not composed here: the source, its bitmap and
  the switch-over are abstracted to "pages arrive in any order, then
  postcopy ends".

Assumptions: the guest may allocate and free at any time, except while the
worker holds zone->lock; `guest_idle` is the premise of the liveness claim
("an idle system", L-REPORT): once taken, the guest allocates and frees no
more. Fairness declared (`FAIRNESS`): weak fairness of every worker and
device step (the workqueue runs the work, QEMU handles the virtqueue).
Once the guest is idle nothing else competes with those steps, so the
verdicts of `reporting_progress` do not rest on more than that.

Pages are not declared interchangeable: buddy pairs tell them apart.

Simplifications that could hide a bug (also in SIMPLIFICATIONS):
- two orders (a page or a buddy pair), order-0 allocations and frees only,
  one zone, one migratetype, no per-CPU lists;
- the zone watermark checks (`page_reporting_process_zone()`,
  `__isolate_free_page()`) always pass, the per-list budget
  (`DIV_ROUND_UP(nr_free, 512)`: 1 at these sizes, never exhausted with at
  most two blocks per list) is not modelled, and `report()` never fails;
- the delayed work's 2 s delay is a step like any other;
- free lists have no order (any candidate may be isolated, any block of
  the smallest order allocated), where Linux walks from the list head and
  puts reported blocks at the tail;
- one data token: a store to a page in use after its initialisation is not
  modelled (no property reads it; a discard of a page in use is the loss);
- the host's discard of one batch is one step.
"""
from typing import Any

from hintcheck.model.core import And, Fair, ModelSpec, Param, Setting, action, ite, put
from hintcheck.model.guest.buddy import BuddyAccess, buddy_actions
from hintcheck.model.reporting.policies import POLICIES
from hintcheck.model.reporting.state import (Content, ReportingState, RState, Worker, free_fill, initial, lock_free,
                                             reporting_on)
from hintcheck.model.reporting.worker import POSTCOPY_ACTIONS, WORKER_ACTIONS, touch

SIMPLIFICATIONS = (
    "two block orders (a page or a buddy pair); order-0 allocations and frees only; one zone, one migratetype, "
    "no per-CPU lists",
    "zone watermark checks always pass; the per-list budget is never exhausted at these sizes and is not "
    "modelled; report() never fails",
    "free lists are unordered: any candidate may be isolated, any smallest block allocated (Linux: list head, "
    "reported blocks at the tail)",
    "one data token: stores after a page's initialisation are not modelled",
    "the host discards a whole batch in one step; the 2 s work delay is one step",
    "postcopy is abstract: pages arrive in any order, then it ends; the migration component is not composed",
)


def _can_run(m: Any, s: Any) -> Any:
    return And(lock_free(s), s.idle == 0)


def _after_alloc(m: Any, s: Any, page: int) -> Any:
    """post_alloc_hook() (the poison check: a property) and the caller's initialisation."""
    s = touch(m, s, page)
    return s.set(data=put(s.data, page, Content.DATA))


def _before_free(m: Any, s: Any, page: int) -> Any:
    """free_pages_prepare(): kernel_poison_pages() writes PAGE_POISON, or init_on_free zeroes the page."""
    fill = free_fill(m)
    if fill is None:
        return s
    s = touch(m, s, page)
    return s.set(data=put(s.data, page, fill))


def _after_free(m: Any, s: Any, page: int, order: Any) -> Any:
    """page_reporting_notify_free(order): a request when the merged order reaches page_reporting_order."""
    if not reporting_on(m):
        return s                                  # the static key is off: no device was registered
    return s.set(rstate=ite(order >= m.order, RState.REQUESTED, s.rstate))


ACCESS = BuddyAccess(can_run=_can_run, after_alloc=_after_alloc, before_free=_before_free, after_free=_after_free)


@action(guard=lambda m, s: And(s.idle == 0, s.wphase == Worker.OFF, s.rstate == RState.IDLE))
def guest_idle(m: Any, s: Any) -> Any:
    """The guest allocates and frees no more: the "idle system" of L-REPORT (a premise, not an event).

    Taken only while no pass runs or is queued. This loses no premise: a
    guest that goes idle during a pass leaves only worker steps, which the
    run also takes with the guest merely not acting, up to the first such
    state; `reporting_progress`'s target cannot hold before it (it needs the
    worker idle), so both forms give the same verdict. A random walk wastes
    fewer steps on a guest that has stopped.
    """
    return s.set(idle=1)


def quiescent(m: Any, s: Any) -> Any:
    """The run may stop here: the guest is idle and no reporting pass runs or is queued."""
    return And(s.idle == 1, s.wphase == Worker.OFF, s.rstate != RState.REQUESTED)


FAIRNESS = tuple(Fair(a.name) for a in WORKER_ACTIONS)

SETTINGS = (
    Setting("isolate", bool, True, "the worker takes each block off the free list while it is reported "
            "(__isolate_free_page())"),
    Setting("validate_poison", bool, True, "virtballoon_validate() clears F_REPORTING when free pages are "
            "poisoned and F_PAGE_POISON is missing (fb69c2c896fc)"),
    Setting("postcopy_inhibit", bool, True, "QEMU acks without discarding during incoming postcopy "
            "(virtio_balloon_inhibited(), 371ff5a3f04c)"),
)

PARAMS = (
    Param("pages", 1, 4, 2, "guest pages; page 2k and 2k+1 are buddies (an odd last page has none)"),
    Param("order", 0, 2, 1, "page_reporting_order: the lowest block order reported (2: above every block)"),
    Param("capacity", 1, 2, 1, "blocks per report call (PAGE_REPORTING_CAPACITY, 32 in Linux)"),
    Param("poison", 0, 2, 0, "free-page poisoning: 0 none, 1 init_on_free (zeroes), 2 page_poison (pattern)"),
    Param("page_poison", 0, 1, 1, "the device offers VIRTIO_BALLOON_F_PAGE_POISON (QEMU page-poison=on)"),
    Param("postcopy", 0, 1, 0, "1: the guest runs on a postcopy destination while pages still arrive"),
)

SPEC = ModelSpec(
    name="reporting",
    doc=__doc__.splitlines()[0],
    state=ReportingState,
    params=PARAMS,
    index_sets={"pages": "pages"},
    init=initial,
    actions=buddy_actions(ACCESS) + WORKER_ACTIONS + POSTCOPY_ACTIONS + (guest_idle,),
    settings=SETTINGS,
    policies=POLICIES,
    simplifications=SIMPLIFICATIONS,
    terminal=quiescent,
    fairness=FAIRNESS,
    default_policy="faithful",
)
