"""The guest's free page reporting worker and QEMU's report handler, step by step.

Linux `mm/page_reporting.c` (docs/research/virtio-balloon.md §3.1):

- `page_reporting_process()`: sets ACTIVE, runs `page_reporting_process_zone()`
  over the orders `page_reporting_order .. NR_PAGE_ORDERS-1`, reports the
  leftovers, then `cmpxchg(ACTIVE -> IDLE)`; if a request came meanwhile
  (REQUESTED) it queues itself again (`report_start` ... `report_finish`);
- `page_reporting_cycle()` walks one free list under `zone->lock`, skips
  PageReported blocks and isolates each other one into the scatterlist
  (`report_cycle`, `report_isolate`, `report_cycle_end`). When the list is
  full and another candidate turns up, it drops the lock and calls
  `prdev->report()` (`report_submit`); virtio-balloon's
  `virtballoon_free_page_report()` adds the inbuf, kicks and waits for the
  host's ack, so the blocks stay isolated throughout;
- `page_reporting_drain()` re-takes the lock, puts each block back
  (`__putback_isolated_page()`, which may merge) and marks it PageReported
  only if it is still a free block of the same order (`report_drain`).

QEMU `virtio_balloon_handle_report()` (§3.2): unless
`virtio_balloon_inhibited()` (incoming postcopy among its cases) or
`poison_val != 0`, each reported range goes to `ram_block_discard_range()`,
so a later touch finds zeroes; then the element is pushed back (the ack).
One step, `device_report`, since the guest does not touch isolated blocks.

The scatterlist is carried over from one order's cycle to the next, as in
Linux: leftovers of the order-0 cycle are reported together with order-1
blocks at the end of the pass.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Not, Or, action, count, every, ite, put, some
from hintcheck.model.guest.buddy import NR_ORDERS, Mem, block_pages, isolate, on_list, putback
from hintcheck.model.reporting.state import RState, Worker, covered, poison_val


def _uncovered(m: Any, s: Any, page: int) -> Bool:
    """No page of the block headed by `page` is in the batch already (it matters without isolation)."""
    pages = block_pages(m, page)
    if len(pages) == 1:
        return Not(covered(m, s, page))
    return And(Not(covered(m, s, page)), Or(s.order[page] == 0, Not(covered(m, s, pages[1]))))


def candidate(m: Any, s: Any, page: int) -> Bool:
    """The walk would take this block: on the list of the pass's order, not PageReported, not taken."""
    return And(on_list(m, s, page, s.rorder), s.rep[page] == 0, _uncovered(m, s, page))


def batch_size(m: Any, s: Any) -> Any:
    return count(s.sg[p] != 0 for p in m.pages)


def _walking(m: Any, s: Any) -> Bool:
    return s.wphase == Worker.WALK


@action(guard=lambda m, s: And(s.rstate == RState.REQUESTED, s.wphase == Worker.OFF), actor="worker")
def report_start(m: Any, s: Any) -> Any:
    """page_reporting_process() runs (the delayed work queued by a request): the state becomes ACTIVE."""
    return s.set(rstate=RState.ACTIVE, wphase=Worker.BETWEEN, rorder=m.order)


@action(guard=lambda m, s: And(s.wphase == Worker.BETWEEN, s.rorder < NR_ORDERS), actor="worker")
def report_cycle(m: Any, s: Any) -> Any:
    """page_reporting_cycle() for order `rorder` takes zone->lock: the allocator waits until it drops it."""
    return s.set(wphase=Worker.WALK)


@action(params=("pages",),
        guard=lambda m, s, page: And(_walking(m, s), candidate(m, s, page), batch_size(m, s) < m.capacity),
        actor="worker")
def report_isolate(m: Any, s: Any, page: int) -> Any:
    """__isolate_free_page() takes the block off the free list, sg_set_page() adds it to the batch.

    A policy without isolation (setting `isolate = False`) adds the block
    and leaves it on the free list.
    """
    s2 = s.set(sg=put(s.sg, page, s.order[page] + 1))
    return isolate(m, s2, page) if m.policy.isolate else s2


def _full_with_more(m: Any, s: Any) -> Bool:
    return And(_walking(m, s), batch_size(m, s) == m.capacity, some(candidate(m, s, p) for p in m.pages))


@action(guard=_full_with_more, actor="worker")
def report_submit(m: Any, s: Any) -> Any:
    """The batch is full and another block waits: drop zone->lock and call prdev->report()."""
    return s.set(wphase=Worker.REPORTING)


@action(guard=lambda m, s: And(_walking(m, s), every(Not(candidate(m, s, p)) for p in m.pages)), actor="worker")
def report_cycle_end(m: Any, s: Any) -> Any:
    """The walk found no more candidates: zone->lock is released, the pass moves to the next order."""
    return s.set(wphase=Worker.BETWEEN, rorder=s.rorder + 1)


def _at_end(m: Any, s: Any) -> Bool:
    return And(s.wphase == Worker.BETWEEN, s.rorder == NR_ORDERS)


@action(guard=lambda m, s: And(_at_end(m, s), batch_size(m, s) > 0), actor="worker")
def report_leftover(m: Any, s: Any) -> Any:
    """page_reporting_process_zone(): "report the leftover pages before going idle"."""
    return s.set(wphase=Worker.REPORTING)


@action(guard=lambda m, s: And(_at_end(m, s), batch_size(m, s) == 0), actor="worker")
def report_finish(m: Any, s: Any) -> Any:
    """cmpxchg(ACTIVE -> IDLE); a request that came during the pass left REQUESTED: the work is queued again."""
    return s.set(rstate=ite(s.rstate == RState.ACTIVE, RState.IDLE, s.rstate), wphase=Worker.OFF, rorder=0)


def discards(m: Any, s: Any) -> Any:
    """QEMU discards what it is told: not when `poison_val != 0`, nor when inhibited by incoming postcopy."""
    if poison_val(m) != 0:
        return False
    if m.policy.postcopy_inhibit:
        return s.incoming == 0
    return True


@action(guard=lambda m, s: s.wphase == Worker.REPORTING, actor="device")
def device_report(m: Any, s: Any) -> Any:
    """virtio_balloon_handle_report(): ram_block_discard_range() on each range unless skipped, then the ack."""
    go = discards(m, s)
    gone = s.gone
    for p in m.pages:
        gone = put(gone, p, ite(And(go, covered(m, s, p)), 1, s.gone[p]))
    return s.set(gone=gone, wphase=Worker.ACKED)


@action(guard=lambda m, s: s.wphase == Worker.ACKED, actor="worker")
def report_drain(m: Any, s: Any) -> Any:
    """report() returned: re-take zone->lock, page_reporting_drain(), then resume the walk (or finish).

    Each block is put back (__putback_isolated_page(), which may merge with
    a free buddy) and marked PageReported only if it is still a free block
    of the order it was reported at.
    """
    for p in m.pages:
        entry = s.sg[p] != 0
        s = putback(m, s, p, And(entry, s.mem[p] == Mem.ISOLATED))
        same = And(entry, on_list(m, s, p, s.sg[p] - 1))
        s = s.set(rep=put(s.rep, p, ite(same, 1, s.rep[p])))
    return s.set(sg=(0,) * len(m.pages), wphase=ite(s.rorder < NR_ORDERS, Worker.WALK, Worker.BETWEEN))


WORKER_ACTIONS = (report_start, report_cycle, report_isolate, report_submit, report_cycle_end,
                  report_leftover, report_finish, device_report, report_drain)


# -- postcopy at the destination (minimal; the migration component's postcopy is not composed) --------

@action(params=("pages",),
        guard=lambda m, s, page: And(s.incoming == 1, s.recv[page] == 0), actor="migration")
def pc_receive(m: Any, s: Any, page: int) -> Any:
    """postcopy_place_page(): the source's copy of a page the guest has not touched here arrives."""
    return s.set(recv=put(s.recv, page, 1), gone=put(s.gone, page, 0))


@action(guard=lambda m, s: And(s.incoming == 1, every(s.recv[p] == 1 for p in m.pages)), actor="migration")
def pc_end(m: Any, s: Any) -> Any:
    """Every page arrived: the listen thread ends, POSTCOPY_INCOMING_END; discards are allowed again."""
    return s.set(incoming=0)


POSTCOPY_ACTIONS = (pc_receive, pc_end)


def touch(m: Any, s: Any, page: int) -> Any:
    """A guest store to the page: a missing postcopy page is requested and served first; the page is present."""
    return s.set(recv=put(s.recv, page, 1), gone=put(s.gone, page, 0))


def stalls(m: Any, s: Any, page: int) -> Bool:
    """A touch of this page would wait for ever: received, then discarded, during incoming postcopy.

    The fault thread finds the page in `receivedmap` and sends no request
    ("as long as the page arrived, it'll be there forever"), so the vCPU
    waits until postcopy ends.
    """
    return And(s.incoming == 1, s.recv[page] == 1, s.gone[page] == 1)

