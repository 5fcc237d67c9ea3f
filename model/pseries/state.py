"""State of the pseries model: guest allocator, PAPR page states, migration.

Every field comes from a component (model/guest, model/hypervisor/papr.py,
model/migration); `pend` is the only policy-owned field (`lazy-undo`'s
deferred set-active).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from hintcheck.model.core import per_index, scalar
from hintcheck.model.guest import BLOCK, BUDDY, CONTENT, FREEING, LOC, GuestAccess, boot_blocks, init_value
from hintcheck.model.hypervisor.papr import PSTATE, papr_store
from hintcheck.model.migration import BIT, PC, PHASE, ROUND, Phase, log_store, postcopy_present, running


@dataclass(frozen=True, slots=True)
class PseriesState:
    loc: tuple[Any, ...] = per_index("pages", LOC)       # in use, buddy pool, or CPU c's list
    data: tuple[Any, ...] = per_index("pages", CONTENT)  # content the guest last wrote
    hs: tuple[Any, ...] = per_index("pages", PSTATE)     # host view: ACTIVE / UNUSED
    gone: tuple[Any, ...] = per_index("pages", BIT)      # CMO reclaimed the frame
    pend: tuple[Any, ...] = per_index("pages", BIT)      # set-active deferred (lazy-undo)
    kd: tuple[Any, ...] = per_index("pages", BIT)        # KVM dirty log
    fetched: tuple[Any, ...] = per_index("pages", BIT)   # fetched, KVM bit not yet cleared
    bmap: tuple[Any, ...] = per_index("pages", BIT)      # migration bitmap: still to send
    dest: tuple[Any, ...] = per_index("pages", CONTENT)  # content at the destination
    recv: tuple[Any, ...] = per_index("pages", PC)       # received at the destination (postcopy)
    freeing: tuple[Any, ...] = per_index("pages", FREEING)  # inside a split free (late_init)
    blk: tuple[Any, ...] = per_index("pages", BLOCK)        # order of its free block or allocation (orders=2)
    phase: Any = scalar(PHASE)
    round: Any = scalar(ROUND)
    pc: Any = scalar(PC)                                 # postcopy: the guest runs at the destination

    def set(self, **changes: Any) -> PseriesState:
        return replace(self, **changes)


def initial(m: Any) -> PseriesState:
    """Every page free in the buddy pool, zero, active; migration idle."""
    zeros = (0,) * len(m.pages)
    boot = (init_value(m) if m.free_init else 0,) * len(m.pages)   # memblock_free_all() frees them
    return PseriesState(loc=(BUDDY,) * len(m.pages), data=boot, hs=zeros, gone=zeros, pend=zeros,
                        kd=zeros, fetched=zeros, bmap=zeros, dest=zeros, recv=zeros, freeing=zeros,
                        blk=boot_blocks(m),
                        phase=Phase.IDLE, round=0, pc=0)


def _store(m: Any, s: PseriesState, page: int, whole: bool) -> PseriesState:
    return log_store(m, papr_store(m, s, page, whole), page)


ACCESS = GuestAccess(store=_store, running=running, present=postcopy_present)
