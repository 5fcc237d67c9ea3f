"""Properties of the hotplug model (domain.md §3.3, C1 to C4)."""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Not, Or, Step, action_property, invariant, leads_to
from hintcheck.model.hotplug.actions import lmb_run_view, target
from hintcheck.model.hotplug.state import Kind, Phase

RESIZE_STEPS = ("resize_ok", "shrink_fails", "grow_fails")


def _asked(m: Any, before: Any, step: Step, after: Any) -> tuple[Bool, Any]:
    """Whether the step makes resizes, and the order they ask for (static test on the step's name first).

    A resize step asks for `want`; an `lmb_run` (runs=1) that adds to
    `resizes` is a run of LMBs each asking again for the same resize.
    """
    if step.action in RESIZE_STEPS:
        return True, before.want
    if step.action == "lmb_run":
        return after.resizes > before.resizes, lmb_run_view(m, before)[1]
    return False, 0


def _shrink_step(m: Any, before: Any, step: Step, after: Any) -> Bool:
    """The step makes at least one resize to a smaller order."""
    resizes, asked = _asked(m, before, step, after)
    return And(resizes, asked < before.order)


@invariant
def resizes_per_batch(m: Any, s: Any) -> Bool:
    """C2: at most two resizes (one grow, one shrink) per DLPAR batch.

    Each resize is a PREPARE loop plus a stop_machine COMMIT (about 200 ms
    for a 1 GiB HPT, seed 001); one per LMB is what made hot-adding 256 GiB
    take 710 s (seed 002). A rollback's resizes count in its batch.
    """
    return s.resizes <= 2


@action_property
def no_shrink_on_add(m: Any, before: Any, step: Step, after: Any) -> Bool:
    """C1: no resize to a smaller HPT during a hot-add batch.

    A rollback (a hot-add taking its LMBs out again) removes memory and is
    not held to this.
    """
    return Not(And(_shrink_step(m, before, step, after), before.kind == Kind.ADD))


@action_property
def no_retry_after_failed_shrink(m: Any, before: Any, step: Step, after: Any) -> Bool:
    """C3: once a shrink failed in a batch, no shrink to that order or lower is tried again.

    This holds for every shrink that failed in the batch, not only the first
    or the lowest: a shrink to 23 that fails, then one to 24 that fails,
    forbids 24 (and everything below it) for the rest of the batch. The
    state keeps the highest failed target (`failed`), and a shrink to it or
    below is a retry. A lower order is no escape: KVM's rehash
    (`resize_hpt_rehash_hpte()`) keeps an HPTE's slot within its group and
    takes the group from the hash masked to the new size, so two bolted
    entries of one table that collide at order t collide again at every
    smaller order. A shrink to a larger order than any that failed (the v2
    batching code doubling the size after -ENOSPC) is a different request,
    not a retry. With runs=1, an `lmb_run` that resizes is a run of such
    retries.

    A violation is the mainline cost of seed 002: a prepare and a
    stop_machine commit spent on a shrink already known to fail.
    """
    _, asked = _asked(m, before, step, after)
    retry = And(before.failed != 0, asked <= before.failed)
    return Not(And(_shrink_step(m, before, step, after), retry))


@invariant
def hpt_big_enough(m: Any, s: Any) -> Bool:
    """C4: between batches the HPT order is at least the guest's target for its memory.

    An undersized HPT makes hash inserts fail (H_PTEG_FULL) and evicts entries.
    The boot state is exempt: a 4 KiB-page guest boots with QEMU's 1/128 of
    RAM, one order below its own target, before any policy has run. With
    grow_fails=1 no design can promise this (the hypervisor may refuse
    every grow): hpt_big_enough_unless_refused is the claim left.
    """
    return Or(s.phase != Phase.IDLE, s.started == 0, s.order >= target(m, s.mem))


@invariant
def hpt_big_enough_unless_refused(m: Any, s: Any) -> Bool:
    """C4 as a design can keep it when grows may fail: undersized only after a refused grow.

    Between batches the HPT is big enough for the memory, or the last batch
    asked for a grow and the hypervisor refused it (-ENOMEM, -ETIMEDOUT,
    H_CLOSED; `refused`). A violation is a design that never asked: a
    remove batch that leaves a 4 KiB-page guest below its target, say.
    """
    return Or(hpt_big_enough.predicate(m, s), s.refused != 0)


def _in_batch(m: Any, s: Any) -> Bool:
    """A DLPAR request is being processed (LMBs left, or its epilogue)."""
    return s.phase != Phase.IDLE


def _between_batches(m: Any, s: Any) -> Bool:
    return s.phase == Phase.IDLE


batch_completes = leads_to(_in_batch, _between_batches, name="batch_completes", doc="""\
Every DLPAR batch completes: each LMB is processed, the epilogue runs, and no resize request is left.

No fairness is needed: while a batch runs only its own steps are enabled
(the next LMB, a resize's outcome, the epilogue), so every run takes one.
The resize count is part of the state, so a policy whose requests feed
each other for ever (a failed shrink that asks for the same shrink again)
overflows it: a one-line domain error naming the step, not a verdict.""")


PROPERTIES = (resizes_per_batch, no_shrink_on_add, no_retry_after_failed_shrink, hpt_big_enough,
              hpt_big_enough_unless_refused, batch_completes)
