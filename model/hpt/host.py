"""The hypervisor: H_RESIZE_HPT_PREPARE / COMMIT, the preparation worker, and forgetting.

PREPARE follows `kvm_vm_ioctl_resize_hpt_prepare()` (KVM HV,
arch/powerpc/kvm/book3s_64_mmu_hv.c) and `softmmu_resize_hpt_prepare()`
(QEMU TCG): a pending preparation of the same order answers H_LONG_BUSY
while the worker runs, H_SUCCESS when ready, and its error when the
allocation failed (KVM then releases it); any other order cancels the
pending one (`resize_hpt_release()`; a running worker frees itself when
it finds it is no longer current) and starts a new one. COMMIT
(`kvm_vm_ioctl_resize_hpt_commit()`): H_CLOSED without a matching
preparation, H_BUSY while not ready, otherwise the host implementation's
commit (policy hook on_commit); the preparation is released after every
commit attempt, whatever its outcome (KVM; QEMU keeps it on H_BUSY).
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Not, Or, action, ite
from hintcheck.model.hpt.state import Drv, HptState, Prep, Rc


def release(s: HptState) -> HptState:
    """Drop the pending preparation and its table (`resize_hpt_release()`)."""
    return s.set(prep=Prep.NONE, porder=0, cursor=0, new=(0,) * len(s.new))


def prepare(m: Any, s: HptState, k: int | Any) -> tuple[HptState, Any, Any]:
    """PREPARE(0, k) as the host answers it: (state after, busy, ready).

    `busy`: H_LONG_BUSY_ORDER_100_MSEC; `ready`: H_SUCCESS; neither: the
    allocation failed (H_NO_MEM) and the preparation is released.
    """
    same = And(s.prep != Prep.NONE, s.porder == k)
    ready = And(same, s.prep == Prep.READY)
    failed = And(same, s.prep == Prep.FAILED)
    keep = And(same, Not(failed))
    out = s.set(prep=ite(same, ite(failed, Prep.NONE, s.prep), Prep.ALLOC),
                porder=ite(same, ite(failed, 0, s.porder), k),
                cursor=ite(keep, s.cursor, 0),
                new=tuple(ite(keep, s.new[e], 0) for e in m.maps))
    return out, Not(Or(ready, failed)), ready


def commit(m: Any, s: HptState) -> HptState:
    """COMMIT(0, dorder): the checks, then the host implementation's commit (on_commit)."""
    matching = And(s.prep != Prep.NONE, s.porder == s.dorder)
    ok = And(matching, s.prep == Prep.READY)
    rc = ite(Not(matching), Rc.CLOSED, ite(ok, Rc.NONE, Rc.BUSY))
    failed = release(s).set(drv=Drv.RETURNED, rc=rc)
    started = m.policy.on_commit(m, s.set(drv=Drv.COMMIT, cursor=0))
    return pick(m, ok, started, failed)


def pick(m: Any, cond: Any, a: HptState, b: HptState) -> HptState:
    """Field by field `a` if `cond` else `b` (ite over whole states, element-wise)."""
    out = {}
    for f in m.fields:
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.index is None:
            out[f.name] = x if x is y else ite(cond, x, y)
        else:
            out[f.name] = tuple(xi if xi is yi else ite(cond, xi, yi) for xi, yi in zip(x, y))
    return a.set(**out)


def pivot(s: HptState) -> HptState:
    """The prospective table becomes current (`resize_hpt_pivot()`); COMMIT returns H_SUCCESS."""
    s = s.set(order=s.porder, cur=s.new, drv=Drv.RETURNED, rc=Rc.SUCCESS)
    return release(s)


@action(guard=lambda m, s: s.prep == Prep.ALLOC, actor="hypervisor")
def allocated(m: Any, s: HptState) -> HptState:
    """The worker has allocated and zeroed the table (`resize_hpt_prepare_work()`)."""
    return m.policy.after_alloc(m, s)


@action(guard=lambda m, s: s.prep == Prep.ALLOC, actor="hypervisor")
def alloc_fails(m: Any, s: HptState) -> HptState:
    """The allocation fails (-ENOMEM): the next PREPARE of this order reports H_NO_MEM."""
    return s.set(prep=Prep.FAILED)


def _may_forget(m: Any, s: HptState) -> Bool:
    # Not while a COMMIT holds kvm->lock (the BQL in QEMU).
    return And(s.prep != Prep.NONE, s.drv != Drv.COMMIT)


@action(guard=_may_forget, actor="hypervisor")
def forget(m: Any, s: HptState) -> HptState:
    """The hypervisor drops the preparation: timeout, migration (pending_hpt is not migrated), reset."""
    return release(s)


HOST = (allocated, alloc_fails, forget)
