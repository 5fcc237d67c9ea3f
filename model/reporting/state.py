"""State of the reporting model, and what feature negotiation fixes before the guest runs.

Fields: the buddy allocator (`mem`, `order`, `rep`: model/guest/buddy.py),
the reporting batch (`sg`), page content (`data`, `gone`), the postcopy
destination (`recv`, `incoming`), the reporting device state (`rstate`),
the worker (`wphase`, `rorder`) and the premise of the liveness claim
(`idle`).

Negotiation (`reporting_on`, `poison_val`) depends only on parameters and
the policy's settings, so it is plain Python, never state: it happens once
in `virtballoon_validate()` / `virtballoon_probe()` and QEMU's
`virtio_balloon_set_config()` before any page is reported.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from hintcheck.model.core import Bool, Domain, Or, ite, per_index, scalar
from hintcheck.model.guest.buddy import BIT, MEM, NR_ORDERS, ORDER, Mem, buddy_of


class RState(IntEnum):
    """`prdev->state` (mm/page_reporting.c)."""

    IDLE = 0
    REQUESTED = 1      # a request is pending: with the worker OFF, its delayed work is queued
    ACTIVE = 2         # page_reporting_process() runs and no request came since it started


class Worker(IntEnum):
    """Where `page_reporting_process()` is."""

    OFF = 0            # not running
    WALK = 1           # page_reporting_cycle() holds zone->lock, walking the list of order `rorder`
    BETWEEN = 2        # zone->lock released between cycles; next: the cycle of `rorder`, or the leftovers
    REPORTING = 3      # prdev->report() handed the batch to the device and waits for its ack
    ACKED = 4          # the device pushed the element back; the worker drains next


class Content(IntEnum):
    """What a page holds: the tokens of model/guest/content.py, plus the poison pattern."""

    ZERO = 0           # zero page: fresh host memory, a discard's result, init_on_free
    DATA = 1           # what the guest last wrote there (one token is enough, see SIMPLIFICATIONS)
    PATTERN = 2        # PAGE_POISON (0xaa) written by kernel_poison_pages() on free


class Poison(IntEnum):
    """Guest free-page poisoning (parameter `poison`)."""

    NONE = 0
    ZERO = 1           # init_on_free=1: free_pages_prepare() zeroes the page
    PATTERN = 2        # page_poison=1: kernel_poison_pages() writes PAGE_POISON, the allocation checks it


SG = Domain.range(3)   # 0: not in the batch; 1 + order: the batch holds the block headed here
RORDER = Domain.range(NR_ORDERS + 1)


@dataclass(frozen=True, slots=True)
class ReportingState:
    mem: tuple[Any, ...] = per_index("pages", MEM)       # in use, free on the list, or isolated
    order: tuple[Any, ...] = per_index("pages", ORDER)   # order of the free block the page is in
    rep: tuple[Any, ...] = per_index("pages", BIT)       # PageReported (block heads only)
    sg: tuple[Any, ...] = per_index("pages", SG)         # the reporting scatterlist: 1 + order at a head
    data: tuple[Any, ...] = per_index("pages", Domain.enum_of(Content))  # what the guest last put there
    gone: tuple[Any, ...] = per_index("pages", BIT)      # the host discarded it: a touch reads zero
    recv: tuple[Any, ...] = per_index("pages", BIT)      # postcopy: the destination has received it
    rstate: Any = scalar(Domain.enum_of(RState))         # prdev->state
    wphase: Any = scalar(Domain.enum_of(Worker))         # the reporting worker
    rorder: Any = scalar(RORDER)                         # the order the worker's pass is at
    incoming: Any = scalar(BIT)                          # incoming postcopy runs (pages still arriving)
    idle: Any = scalar(BIT)                              # the guest allocates and frees no more

    def set(self, **changes: Any) -> ReportingState:
        return replace(self, **changes)


# -- negotiation: static ------------------------------------------------------------------------------

def page_poison_negotiated(m: Any) -> bool:
    """VIRTIO_BALLOON_F_PAGE_POISON: offered by the device, kept by the guest only when it poisons.

    `virtballoon_validate()` clears it when neither init_on_free nor page
    poisoning is on.
    """
    return bool(m.page_poison) and m.poison != Poison.NONE


def reporting_on(m: Any) -> bool:
    """VIRTIO_BALLOON_F_REPORTING survives `virtballoon_validate()`, so the device is registered.

    Since fb69c2c896fc (the policy setting `validate_poison`), the guest
    clears it when it poisons free pages but PAGE_POISON was not negotiated.
    """
    return not (m.policy.validate_poison and m.poison != Poison.NONE and not page_poison_negotiated(m))


def poison_val(m: Any) -> int:
    """The device's `poison_val`: PAGE_POISON (0xaa...) for a poisoning guest with F_PAGE_POISON, else 0.

    `virtballoon_probe()` writes 0 for init_on_free; QEMU's
    `virtio_balloon_set_config()` keeps 0 without the feature.
    """
    return 0xAAAAAAAA if page_poison_negotiated(m) and m.poison == Poison.PATTERN else 0


def free_fill(m: Any) -> Content | None:
    """What a free page holds for a poisoning guest (None: the guest expects nothing)."""
    return {Poison.NONE: None, Poison.ZERO: Content.ZERO, Poison.PATTERN: Content.PATTERN}[Poison(m.poison)]


# -- reading the state ------------------------------------------------------------------------------

def reads(s: Any, page: int) -> Any:
    """What a guest access finds in the page: zero once the host discarded it, else its content."""
    return ite(s.gone[page] == 1, Content.ZERO, s.data[page])


def covered(m: Any, s: Any, page: int) -> Bool:
    """The page lies in a range of the reporting batch: the host may discard it."""
    b = buddy_of(m, page)
    if page % 2 and b is not None:
        return Or(s.sg[page] != 0, s.sg[b] == 2)
    return s.sg[page] != 0


def lock_free(s: Any) -> Bool:
    """zone->lock is not held by the reporting worker (it is held only while it walks a free list)."""
    return s.wphase != Worker.WALK


def initial(m: Any) -> tuple[ReportingState, ...]:
    """Boot: every pair one free order-1 block, poisoned as the guest's free pages are; the initial request.

    `page_reporting_register()` issues one request, so the first pass is
    queued from the start when reporting was negotiated. On a postcopy
    destination (`postcopy = 1`) there is one initial state per set of
    pages already received at the switch-over (what precopy sent and the
    guest did not dirty again); the rest arrive later.
    """
    n = len(m.pages)
    order = tuple(0 if buddy_of(m, p) is None else 1 for p in m.pages)
    fill = free_fill(m)
    base = ReportingState(
        mem=(Mem.FREE,) * n, order=order, rep=(0,) * n, sg=(0,) * n,
        data=(Content.ZERO if fill is None else fill,) * n, gone=(0,) * n, recv=(1,) * n,
        rstate=RState.REQUESTED if reporting_on(m) else RState.IDLE, wphase=Worker.OFF, rorder=0,
        incoming=m.postcopy, idle=0)
    if not m.postcopy:
        return (base,)
    return tuple(base.set(recv=recv) for recv in itertools.product((0, 1), repeat=n))
