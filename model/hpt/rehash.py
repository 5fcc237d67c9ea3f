"""Host implementation A: allocate at PREPARE, rehash the bolted entries at COMMIT.

What KVM HV (`resize_hpt_rehash()` / `resize_hpt_rehash_hpte()` then
`resize_hpt_pivot()`) and QEMU TCG (`rehash_hpt()` in
`softmmu_resize_hpt_commit()`, host "qemu") do, and the seed's
implementation A: only valid bolted entries are copied, each to the same
slot of the PTEG the host rebuilds from the HPTE (AVPN, old PTEG index, H
bit, base page size: table.rehashed); a slot already holding a bolted entry
is a collision (H_PTEG_FULL, possible only when shrinking). The rehash is
one step per old slot, so that a guest update can interleave with it when
neither side quiesces. Both real hosts keep updates out during the commit
(KVM clears `mmu_ready` and kicks every vCPU out of the guest, QEMU holds
the BQL around hypercalls): that is the parameter `host_quiesce=1`; the
default, 0, is what the PAPR contract alone lets a host do.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, action
from hintcheck.model.hpt.host import pick, pivot, release
from hintcheck.model.hpt.state import Drv, HptState, Prep, Rc
from hintcheck.model.hpt.table import copy_slot_into, nslots


def _rehashing(m: Any, s: HptState) -> Bool:
    return And(s.drv == Drv.COMMIT, s.cursor < nslots(m, s.order))


@action(guard=_rehashing)
def rehash_slot(m: Any, s: HptState) -> HptState:
    """Rehash old slot `cursor`: copy a bolted entry there into the new table, or fail on a collision."""
    new, hnew, collision = copy_slot_into(m, s)
    failed = release(s).set(drv=Drv.RETURNED, rc=Rc.PTEG_FULL)
    return pick(m, collision, failed, s.set(new=new, hnew=hnew, cursor=s.cursor + 1))


@action(guard=lambda m, s: And(s.drv == Drv.COMMIT, s.cursor == nslots(m, s.order)))
def pivot_tables(m: Any, s: HptState) -> HptState:
    """Every old slot is rehashed: the new table becomes current (`resize_hpt_pivot()`)."""
    return pivot(s)


class RehashAtCommit:
    """Host A hooks: the table is ready once allocated; COMMIT starts the rehash."""

    actions = (rehash_slot, pivot_tables)
    fairness = ("rehash_slot", "pivot_tables")

    def after_alloc(self, m: Any, s: HptState) -> HptState:
        return s.set(prep=Prep.READY)

    def on_commit(self, m: Any, s: HptState) -> HptState:
        return s

    def on_update(self, m: Any, s: HptState, e: int, changed: Any, target: Any, clash: Any) -> HptState:
        return s
