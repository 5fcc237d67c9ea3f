"""The hypervisor: H_RESIZE_HPT_PREPARE / COMMIT, the preparation worker, and forgetting.

PREPARE follows `kvm_vm_ioctl_resize_hpt_prepare()` (KVM HV,
arch/powerpc/kvm/book3s_64_mmu_hv.c): a pending preparation of the same
order answers H_LONG_BUSY while the worker runs, H_SUCCESS when ready, and
its error when the allocation failed (KVM then releases it); any other
order cancels the pending one (`resize_hpt_release()`; a running worker
frees itself when it finds it is no longer current) and starts a new one.
COMMIT (`kvm_vm_ioctl_resize_hpt_commit()`): H_CLOSED without a matching
preparation, H_BUSY while not ready (the allocation's error when it
failed), otherwise the host implementation's commit (policy hook on_commit); the preparation is
released after every commit attempt, whatever its outcome.

With `host = "qemu"` (QEMU TCG, `softmmu_resize_hpt_prepare/commit()` in
hw/ppc/spapr_softmmu.c) the bookkeeping differs: a failed preparation is
sticky (PREPARE of the same order answers `pending->ret`, H_NO_MEM, again
and again and keeps it, until a PREPARE of another order or of 0 cancels
it); COMMIT checks only that the preparation is complete, not its result,
and returns H_CLOSED / H_BUSY without freeing it. (A COMMIT onto a failed
preparation would rehash into its NULL table, a QEMU crash; the model lets
it proceed as a commit, and the faithful driver never issues it.)
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Not, Or, action, ite
from hintcheck.model.hpt.state import Drv, HptState, Prep, Rc


def release(s: HptState) -> HptState:
    """Drop the pending preparation and its table (`resize_hpt_release()`)."""
    return s.set(prep=Prep.NONE, porder=0, cursor=0, new=(0,) * len(s.new), hnew=(0,) * len(s.new))


def qemu(m: Any) -> bool:
    """The host is QEMU TCG (static): sticky failed preparations, an unchecked COMMIT."""
    return bool(m.policy.host == "qemu")


def prepare(m: Any, s: HptState, k: int | Any) -> tuple[HptState, Any, Any]:
    """PREPARE(0, k) as the host answers it: (state after, busy, ready).

    `busy`: H_LONG_BUSY_ORDER_100_MSEC; `ready`: H_SUCCESS; neither: the
    allocation failed (H_NO_MEM) and the preparation is released.
    """
    same = And(s.prep != Prep.NONE, s.porder == k)
    ready = And(same, s.prep == Prep.READY)
    failed = And(same, s.prep == Prep.FAILED)
    dropped = False if qemu(m) else failed          # QEMU keeps the failure: the next PREPARE sees it too
    keep = And(same, Not(dropped))
    out = s.set(prep=ite(same, ite(dropped, Prep.NONE, s.prep), Prep.ALLOC),
                porder=ite(same, ite(dropped, 0, s.porder), k),
                cursor=ite(keep, s.cursor, 0),
                new=tuple(ite(keep, s.new[e], 0) for e in m.maps))
    if m.secondary:
        out = out.set(hnew=tuple(ite(keep, s.hnew[e], 0) for e in m.maps))
    return out, Not(Or(ready, failed)), ready


def commit(m: Any, s: HptState) -> HptState:
    """COMMIT(0, dorder): the checks, then the host implementation's commit (on_commit)."""
    matching = And(s.prep != Prep.NONE, s.porder == s.dorder)
    if qemu(m):                  # `pending->complete` only: a failed allocation is complete too
        ok = And(matching, Or(s.prep == Prep.READY, s.prep == Prep.FAILED))
    else:
        ok = And(matching, s.prep == Prep.READY)
    rc = ite(Not(matching), Rc.CLOSED, ite(ok, Rc.NONE, Rc.BUSY))
    kept = s if qemu(m) else release(s)               # QEMU returns H_CLOSED / H_BUSY before freeing
    failed = kept.set(drv=Drv.RETURNED, rc=rc)
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
    s = s.set(order=s.porder, cur=s.new, hcur=s.hnew, drv=Drv.RETURNED, rc=Rc.SUCCESS)
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
