"""Properties of the reporting model (domain.md §5.4 PR1/PR2/PR4, §8 P-DATA, P-ISOLATE, P-POISON, P-POSTCOPY)."""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Not, Or, Step, action_property, every, invariant, leads_to
from hintcheck.model.guest.buddy import NR_ORDERS, Mem, block_pages, on_list
from hintcheck.model.reporting.state import RState, Worker, covered, free_fill, reads, reporting_on
from hintcheck.model.reporting.worker import stalls


@invariant
def no_data_loss_stable(m: Any, s: Any) -> Bool:
    """P-DATA: every page the guest holds reads back the content it last wrote.

    The only way the model changes a page behind the guest's back is the
    host's discard after a report; a discarded page reads zero. A
    violation is a page the guest initialised and uses that the host
    threw away: silent memory corruption in the guest.
    """
    return every(Or(s.mem[p] != Mem.USED, reads(s, p) == s.data[p]) for p in m.pages)


@invariant
def reported_not_allocatable(m: Any, s: Any) -> Bool:
    """P-ISOLATE / PR1: no page in the reporting batch is in use.

    From the moment a block is added to the scatterlist until the drain,
    the host may discard its range; the guest must not hold any of it.
    With isolation the block is off the free list and the allocator cannot
    see it (a block isolated for reporting is never allocated).
    """
    return every(Or(s.mem[p] != Mem.USED, Not(covered(m, s, p))) for p in m.pages)


def _touched(m: Any, step: Step) -> int | None:
    """The page a guest step stores to: an allocation's initialisation, a poisoning or zeroing free."""
    if step.action == "alloc" or (step.action == "free" and free_fill(m) is not None):
        return step.args["page"]
    return None


@action_property
def poison_contract(m: Any, before: Any, step: Step, after: Any) -> Bool:
    """P-POISON / PR2: an allocation finds the fill the guest left in the free page.

    With page_poison the allocation checks the PAGE_POISON pattern
    (`kernel_unpoison_pages()` -> `check_poison_mem()`: "pagealloc: memory
    corruption"); with init_on_free it relies on zeroes (`post_alloc_hook()`
    skips init_on_alloc). A violation is the guest's poison check failing,
    or a __GFP_ZERO allocation handed garbage: the host changed a free
    page's content behind the guest's back (fb69c2c896fc).
    """
    fill = free_fill(m)
    if step.action != "alloc" or fill is None:
        return True
    return reads(before, step.args["page"]) == fill


@action_property
def postcopy_touch_served(m: Any, before: Any, step: Step, after: Any) -> Bool:
    """P-POSTCOPY: during incoming postcopy every guest touch of a page is served.

    A page not yet received is requested from the source and arrives; a
    page received and then discarded on the destination is "not present"
    again, but `receivedmap` says it arrived, so no request is sent and
    the vCPU waits until postcopy ends (371ff5a3f04c, 06df2e692a). A
    violation is such a stalled touch.
    """
    page = _touched(m, step)
    return True if page is None else Not(stalls(m, before, page))


def _settled(m: Any, s: Any, page: int) -> Bool:
    """The free block headed here, if it is at or above the threshold, is reported or wholly discarded."""
    pages = block_pages(m, page)
    returned = s.gone[page] == 1
    if len(pages) == 2:
        returned = And(returned, Or(s.order[page] == 0, s.gone[pages[1]] == 1))
    at_threshold = Or(*(on_list(m, s, page, o) for o in range(m.order, NR_ORDERS)))
    return Or(Not(at_threshold), s.rep[page] == 1, returned)


def _idle_guest(m: Any, s: Any) -> Bool:
    """The guest allocates and frees no more, and reporting was negotiated."""
    return And(s.idle == 1, reporting_on(m))


def _all_reported(m: Any, s: Any) -> Bool:
    """The worker is idle and every free block at or above the threshold is reported or already returned."""
    return And(s.rstate == RState.IDLE, s.wphase == Worker.OFF, every(_settled(m, s, p) for p in m.pages))


reporting_progress = leads_to(_idle_guest, _all_reported, name="reporting_progress", doc="""\
L-REPORT / PR4: on an idle system every free block at or above the threshold is eventually reported.

From the state where the guest stops allocating and freeing (`guest_idle`),
every run reaches a state where no pass runs or is queued and every free
block of order >= page_reporting_order is PageReported, or its pages are
all discarded already (the high half of a split reported block: expand()
drops the mark, but the host has the memory). It assumes weak fairness of
the worker's and the device's steps, the only ones left once the guest is
idle. Without reporting negotiated the premise is false (nothing is
claimed). With `order = 2`, above every block order, it holds vacuously:
no block is at or above the threshold, and no page is ever reported.""")


PROPERTIES = (no_data_loss_stable, reported_not_allocatable, poison_contract, postcopy_touch_served,
              reporting_progress)
