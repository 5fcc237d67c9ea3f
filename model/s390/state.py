"""State of the s390 model: guest allocator and page cache, ESSA page states, migration.

Every field comes from a component (model/guest, model/hypervisor/essa.py,
model/migration); `pend` is the only policy-owned field (the volatile-lazy
designs' pending make-volatile set).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from hintcheck.model.core import Domain, per_index, put, scalar
from hintcheck.model.guest import (BLOCK, BUDDY, CONTENT, FREEING, KIND, LOC, GuestAccess, Kind, boot_blocks,
                                   init_value)
from hintcheck.model.hypervisor.essa import ESTATE, essa_can_touch, essa_store
from hintcheck.model.migration import BIT, PC, PHASE, ROUND, Phase, log_store, postcopy_present, running


class Pend(IntEnum):
    NONE = 0
    QUEUED = 1         # in the pending make-volatile set
    CHECKED = 2        # re-checked by a flush under PG_state_change, ESSA not yet issued


@dataclass(frozen=True, slots=True)
class S390State:
    loc: tuple[Any, ...] = per_index("pages", LOC)       # in use, buddy pool, or CPU c's list
    data: tuple[Any, ...] = per_index("pages", CONTENT)  # content the guest last wrote
    kind: tuple[Any, ...] = per_index("pages", KIND)     # DIRTY (memory only) / CLEAN page cache
    hs: tuple[Any, ...] = per_index("pages", ESTATE)     # host usage state (PGSTE)
    gone: tuple[Any, ...] = per_index("pages", BIT)      # the host discarded the page
    pend: tuple[Any, ...] = per_index("pages", Domain.enum_of(Pend))
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

    def set(self, **changes: Any) -> S390State:
        return replace(self, **changes)


def initial(m: Any) -> S390State:
    """Every page free in the buddy pool, zero, stable and resident; migration idle."""
    zeros = (0,) * len(m.pages)
    boot = (init_value(m) if m.free_init else 0,) * len(m.pages)   # memblock_free_all() frees them
    return S390State(loc=(BUDDY,) * len(m.pages), data=boot, kind=zeros, hs=zeros, gone=zeros,
                     pend=zeros, kd=zeros, fetched=zeros, bmap=zeros, dest=zeros, recv=zeros, freeing=zeros,
                     blk=boot_blocks(m),
                     phase=Phase.IDLE, round=0, pc=0)


def _store(m: Any, s: S390State, page: int, whole: bool) -> S390State:
    s = s.set(kind=put(s.kind, page, Kind.DIRTY))
    return log_store(m, essa_store(m, s, page, whole), page)


def _release(m: Any, s: S390State, page: int) -> S390State:
    """A freed page leaves the page cache (its mapping is cleared)."""
    return s.set(kind=put(s.kind, page, Kind.DIRTY))


ACCESS = GuestAccess(store=_store, can_touch=essa_can_touch, release=_release, running=running,
                     present=postcopy_present)
