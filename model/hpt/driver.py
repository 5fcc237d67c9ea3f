"""The guest's resize driver: `pseries_lpar_resize_hpt()` (arch/powerpc/platforms/pseries/lpar.c).

    rc = PREPARE(0, shift)
    while H_IS_LONG_BUSY(rc):
        total += delay; if total > HPT_RESIZE_TIMEOUT: PREPARE(0, 0); return -ETIMEDOUT
        msleep(delay); rc = PREPARE(0, shift)
    H_SUCCESS -> stop_machine(pseries_lpar_resize_hpt_commit): COMMIT(0, shift) on one CPU,
                 and on H_SUCCESS only: ppc64_pft_size = shift, htab_hash_mask = ...
    anything else -> -EINVAL / -EPERM / -EIO

The time budget is counted in polls (`timeout`: HPT_RESIZE_TIMEOUT over the
100 ms KVM and QEMU ask for). The policy decides what a timeout does
(on_timeout), whether the commit waits for stop_machine (`quiesce`), and
what the callback does with COMMIT's result (on_commit_done).
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Or, action, every, ite, put
from hintcheck.model.hpt.guest import hcall
from hintcheck.model.hpt.host import commit as host_commit
from hintcheck.model.hpt.host import prepare
from hintcheck.model.hpt.state import Drv, HptState, Rc


def _stop_machine(m: Any, s: HptState) -> int:
    """Cost label: the commit stops every other CPU (each resize costs one stop_machine)."""
    return int(m.policy.quiesce)


def _answered(m: Any, s: HptState, busy: Any, ready: Any) -> HptState:
    """The driver's reaction to PREPARE's answer: poll again, stop the machine, or give up."""
    return s.set(drv=ite(busy, Drv.POLL, ite(ready, Drv.SYNC, Drv.IDLE)))


def _may_request(m: Any, s: HptState, k: int) -> Bool:
    # Orders above boot + 1 are refused with H_RESOURCE before anything changes
    # (QEMU: one order above its default), so they are not generated.
    if k > m.boot + 1:
        return False
    return And(s.drv == Drv.IDLE, s.gorder != k, s.pend[0] == 0)


@action(params=("orders",), guard=_may_request, cost={"hcalls": hcall})
def request(m: Any, s: HptState, k: int) -> HptState:
    """A resize to order `k` is asked for (hotplug's resize_hpt_for_hotplug, debugfs hpt_order)."""
    after, busy, ready = prepare(m, s, k)
    return _answered(m, after.set(dorder=k, polls=0), busy, ready)


def _may_poll(m: Any, s: HptState) -> Bool:
    return And(s.drv == Drv.POLL, s.polls < m.timeout, s.pend[0] == 0)


@action(guard=_may_poll, cost={"hcalls": hcall})
def poll(m: Any, s: HptState) -> HptState:
    """After msleep(), PREPARE is asked again with the same order."""
    after, busy, ready = prepare(m, s, s.dorder)
    return _answered(m, after.set(polls=s.polls + 1), busy, ready)


@action(guard=lambda m, s: And(s.drv == Drv.POLL, s.polls == m.timeout, s.pend[0] == 0))
def give_up(m: Any, s: HptState) -> HptState:
    """The time budget is spent: the policy's on_timeout runs, the driver returns -ETIMEDOUT."""
    return m.policy.on_timeout(m, s.set(drv=Drv.IDLE))


def _may_stop(m: Any, s: HptState, cpu: int) -> Bool:
    if cpu == 0 or not m.policy.quiesce:
        return False                      # CPU 0 runs the stop_machine caller itself
    idle = s.pend[cpu] == 0
    if m.preempt_bolt:                    # a bolted insert (pend = 1 + e, e < bolted) can be preempted
        idle = Or(idle, s.pend[cpu] <= m.bolted)
    return And(s.drv == Drv.SYNC, s.stopped[cpu] == 0, idle)


@action(params=("cpus",), guard=_may_stop)
def stop(m: Any, s: HptState, cpu: int) -> HptState:
    """`cpu`'s stopper thread enters multi_cpu_stop() and spins with interrupts off.

    It cannot run while the CPU is between a hash fault's hash and its
    H_ENTER (interrupts off). With `preempt_bolt=1` it can run between a
    bolted insert's hash and its H_ENTER: `htab_bolt_mapping()` runs with
    preemption on, and the stopper thread preempts it.
    """
    return s.set(stopped=put(s.stopped, cpu, 1))


def _may_commit(m: Any, s: HptState) -> Bool:
    quiesced = every(s.stopped[c] == 1 for c in m.cpus if c != 0)
    if not m.policy.quiesce:
        quiesced = True
    return And(s.drv == Drv.SYNC, quiesced)


@action(guard=_may_commit, cost={"hcalls": hcall, "stop_machine": _stop_machine})
def commit(m: Any, s: HptState) -> HptState:
    """H_RESIZE_HPT_COMMIT(0, dorder), from the stop_machine callback (or not: `quiesce`)."""
    return host_commit(m, s)


@action(guard=lambda m, s: s.drv == Drv.RETURNED)
def resume(m: Any, s: HptState) -> HptState:
    """The callback applies COMMIT's result (on_commit_done); stop_machine releases every CPU."""
    s = m.policy.on_commit_done(m, s)
    return s.set(drv=Drv.IDLE, rc=Rc.NONE, stopped=(0,) * len(m.cpus))


DRIVER = (request, poll, give_up, stop, commit, resume)
