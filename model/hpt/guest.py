"""Guest CPUs: hash faults (H_ENTER) and unmaps (H_REMOVE) against the current table.

A fault is two steps, because they are two in Linux: `hash_page_mm()`
computes the PTEG from the guest's `htab_hash_mask` (`fault`), then
`pSeries_lpar_hpte_insert()` makes the H_ENTER hcall with that PTEG
(`h_enter`). Both run in the fault handler with interrupts off, so
stop_machine's stopper cannot run on that CPU between them (see
`driver.stop`). An unmap (`h_remove`: `pSeries_lpar_hpte_invalidate()`,
or `hpte_removebolted` on hot-unplug) is one step: it looks in the group
the guest's current view names, and H_NOT_FOUND is benign (the entry may
have been dropped by a resize: R3).

CPU 0 runs the resize driver: it faults only while the driver sleeps
between PREPARE polls or is idle.

Two parameters change what the guest and the host allow. `preempt_bolt=1`:
a bolted insert (`htab_bolt_mapping()`) is preemptible between reading
`htab_hash_mask` and `hpte_insert()`, so stop_machine's stopper can run
between `fault` and `h_enter` of a bolted mapping (driver.stop); the
default, 0, treats it like the hash fault path (interrupts off).
`host_quiesce=1`: the host refuses guest HPT hypercalls while a COMMIT is
in progress, as both real hosts do (KVM: `mmu_ready = 0` and an IPI to every
vCPU; QEMU TCG: hypercalls and COMMIT run under the BQL); the default, 0,
is only what PAPR requires of the host.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Or, action, every, ite, put
from hintcheck.model.hpt.state import Drv, HptState
from hintcheck.model.hpt.table import collides, in_hash_group, insert, rehashed


def hcall(m: Any, s: HptState, *args: int) -> int:
    """Cost label: the step makes one hypercall."""
    return 1


def cpu_runs(m: Any, s: HptState, cpu: int) -> Bool:
    """`cpu` executes guest code: not parked in stop_machine, and not busy driving a resize."""
    if cpu == 0:                               # static: the driver's CPU
        return And(s.stopped[0] == 0, Or(s.drv == Drv.IDLE, s.drv == Drv.POLL))
    return s.stopped[cpu] == 0


def host_admits(m: Any, s: HptState) -> Bool:
    """The host takes a guest HPT hypercall now: always, unless it quiesces updates during COMMIT."""
    return s.drv != Drv.COMMIT if m.host_quiesce else True


def _unclaimed(m: Any, s: HptState, e: int) -> Bool:
    """No CPU has a fault of `e` in flight (the Linux PTE's H_PAGE_BUSY bit)."""
    return every(s.pend[c] != e + 1 for c in m.cpus)


def _may_fault(m: Any, s: HptState, cpu: int, e: int) -> Bool:
    return And(cpu_runs(m, s, cpu), s.pend[cpu] == 0, s.gmap[e] == 0, _unclaimed(m, s, e))


@action(params=("cpus", "maps"), guard=_may_fault)
def fault(m: Any, s: HptState, cpu: int, e: int) -> HptState:
    """`cpu` takes a hash fault on mapping `e` and hashes it with the guest's current order.

    For a bolted mapping this stands for `htab_bolt_mapping()` (boot,
    memory hot-add, vmemmap); the model lets it happen at any time.
    """
    return s.set(pend=put(s.pend, cpu, e + 1), pord=put(s.pord, cpu, s.gorder))


def _may_enter(m: Any, s: HptState, cpu: int) -> Bool:
    # A CPU parked in stop_machine with a preempted bolted insert (preempt_bolt)
    # makes its H_ENTER only after stop_machine releases it.
    parked = s.stopped[cpu] == 0 if m.preempt_bolt else True
    return And(s.pend[cpu] != 0, parked, host_admits(m, s))


@action(params=("cpus",), guard=_may_enter, cost={"hcalls": hcall})
def h_enter(m: Any, s: HptState, cpu: int) -> HptState:
    """H_ENTER of the faulting mapping into the PTEG computed at the fault.

    The hypervisor puts it in the first free slot of that PTEG of the table
    in use *now*; with `secondary=1` the guest tries the secondary PTEG when
    the primary is full (table.insert, with the H bit it passes). If both
    fail or the PTEG is beyond the table, the insert fails and the guest will
    fault again. The policy's on_update hook runs after.
    """
    cur, hcur, gmap, changed = s.cur, s.hcur, s.gmap, []
    for e in m.maps:
        mine = s.pend[cpu] == e + 1
        p, hbit = insert(m, s.cur, e, s.pord[cpu], s.order)
        ok = And(mine, p != 0)
        cur = put(cur, e, ite(ok, p, cur[e]))
        if m.secondary:
            hcur = put(hcur, e, ite(ok, hbit, hcur[e]))
        gmap = put(gmap, e, ite(ok, 1, gmap[e]))
        changed.append(ok)
    s = s.set(cur=cur, hcur=hcur, gmap=gmap, pend=put(s.pend, cpu, 0))
    for e in range(m.bolted):
        s = updated(m, s, e, changed[e])
    return s


def updated(m: Any, s: HptState, e: int, changed: Any) -> HptState:
    """Run the policy's on_update for bolted mapping `e` after an update of the current table.

    The hook gets where the entry would go in the prospective table (0 when
    it was removed) and whether that slot already holds another bolted entry.
    """
    target = ite(s.cur[e] == 0, 0, rehashed(m, e, s.cur[e], s.hcur[e], s.order, s.porder))
    clash = And(target != 0, collides(m, s.new, e, target))
    return m.policy.on_update(m, s, e, changed, target, clash)


def _may_remove(m: Any, s: HptState, cpu: int, e: int) -> Bool:
    return And(cpu_runs(m, s, cpu), s.pend[cpu] == 0, s.gmap[e] == 1, _unclaimed(m, s, e), host_admits(m, s))


@action(params=("cpus", "maps"), guard=_may_remove, cost={"hcalls": hcall})
def h_remove(m: Any, s: HptState, cpu: int, e: int) -> HptState:
    """H_REMOVE of mapping `e`, looked up in its group(s) under the guest's current order.

    With `secondary=1` the guest looks in the primary, then the secondary
    PTEG, by AVPN only (`pSeries_lpar_hpte_find()`), so it finds an entry
    whatever its H bit.

    H_NOT_FOUND (the entry was dropped, or sits elsewhere) leaves the table
    as it is; the guest forgets the mapping either way.
    """
    found = And(s.cur[e] != 0, in_hash_group(m, s.cur[e], e, s.gorder))
    s = s.set(cur=put(s.cur, e, ite(found, 0, s.cur[e])), gmap=put(s.gmap, e, 0))
    if m.secondary:
        s = s.set(hcur=put(s.hcur, e, ite(found, 0, s.hcur[e])))
    if e >= m.bolted:                      # static: only bolted updates concern the host hooks
        return s
    return updated(m, s, e, found)


GUEST = (fault, h_enter, h_remove)
