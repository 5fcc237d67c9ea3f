"""Properties of the hpt model (domain.md §2.4 R1-R6, §8 P-QUIESCE, P-BOLTED, P-PENDING)."""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Implies, Or, Step, action_property, every, invariant, leads_to
from hintcheck.model.hpt.state import Drv, Prep, Rc
from hintcheck.model.hpt.table import findable, nslots

COMMIT_STEPS = ("commit", "rehash_slot", "pivot_tables")


@action_property
def commit_only_quiesced(m: Any, before: Any, step: Step, after: Any) -> Bool:
    """R1: a COMMIT step (the hcall, each rehash step, the pivot) runs only while every other CPU is stopped.

    The guest guarantees it with stop_machine; an update that runs during
    the rehash, or hashes with the old order across the pivot, is lost or
    lands in the wrong PTEG.
    """
    if step.action not in COMMIT_STEPS:
        return True
    return every(before.stopped[c] == 1 for c in m.cpus if c != 0)


@invariant
def no_lost_bolted(m: Any, s: Any) -> Bool:
    """R2: every bolted entry the guest inserted is in the table in use, where the MMU finds it.

    That is its primary PTEG with H = 0, or (with `secondary=1`) its
    secondary PTEG with H = 1 (HPTE_V_SECONDARY). Checked in every state, so
    in particular after every successful commit. A bolted entry is never
    re-faulted (the kernel linear mapping): a lost or misplaced one is a
    fatal translation miss.
    """
    return every(Implies(s.gmap[e] == 1, And(s.cur[e] != 0, findable(m, s.cur[e], s.hcur[e], e, s.order)))
                 for e in range(m.bolted))


@invariant
def size_view_consistent(m: Any, s: Any) -> Bool:
    """R4: outside the commit window the guest's order is the order of the table in use."""
    window = Or(s.drv == Drv.COMMIT, s.drv == Drv.RETURNED)
    return Or(window, s.gorder == s.order)


@action_property
def no_stale_commit(m: Any, before: Any, step: Step, after: Any) -> Bool:
    """R6: a commit succeeds only onto a live, ready preparation of the order the guest asked for."""
    succeeded = And(before.rc != Rc.SUCCESS, after.rc == Rc.SUCCESS)
    live = And(before.prep == Prep.READY, before.porder == before.dorder, after.order == before.dorder)
    return Implies(succeeded, live)


def _holds_table(m: Any, s: Any) -> Bool:
    """The host has a preparation that holds a table: being allocated or copied, or ready."""
    return And(s.prep != Prep.NONE, s.prep != Prep.FAILED)


def _resolved(m: Any, s: Any) -> Bool:
    """No preparation holds a table: none pending, or a failed one (its table was never allocated)."""
    return Or(s.prep == Prep.NONE, s.prep == Prep.FAILED)


@invariant
def no_leak_on_return(m: Any, s: Any) -> Bool:
    """L-PREP, bounded: once the driver returns, no preparation is left running or ready.

    The driver leaves its PREPARE loop within `timeout` polls (its guard);
    by then the preparation it started has been committed (and released),
    has failed, or was cancelled (domain.md §2.5: "after a cancel no
    pending HPT leaks").
    """
    return Or(s.drv != Drv.IDLE, _resolved(m, s))


prepare_resolves = leads_to(_holds_table, _resolved, name="prepare_resolves", doc="""\
L-PREP: every preparation is eventually committed, failed or cancelled, and its table freed.

From any state where the host holds a prepared or preparing table, every
fair run reaches one where it holds none. It assumes the model's fairness:
the driver thread and the stop_machine stopper threads are scheduled
whenever they can run infinitely often (strong: CPU 0 and the other CPUs
also take hash faults), a hash fault completes, and the host worker, the
commit and its rehash run. `forget` (the host dropping a preparation on
its own) is not assumed, so the guest's timeout and cancel must do it.""")


PROPERTIES = (commit_only_quiesced, no_lost_bolted, size_view_consistent, no_stale_commit,
              no_leak_on_return, prepare_resolves)


@invariant
def commit_window_quiesced(m: Any, s: Any) -> Bool:
    """Lemma: while COMMIT is in progress every CPU but the caller stays stopped.

    stop_machine() stops them before the callback issues the hcall and
    releases them only after it returned (`resume`); with it,
    commit_only_quiesced is 1-inductive for the designs that quiesce.
    """
    return Or(s.drv != Drv.COMMIT, every(s.stopped[c] == 1 for c in m.cpus if c != 0))


@invariant
def copy_cursor_in_table(m: Any, s: Any) -> Bool:
    """Lemma: while host B copies in the background, its cursor is a slot of the table in use.

    The copy starts at slot 0 (`after_alloc`) and stops, READY, on the
    last slot; with this, no copy step writes a cursor outside its declared
    domain, which every induction step must show.
    """
    return Or(s.prep != Prep.COPY, s.cursor < nslots(m, s.order))


@invariant
def no_copy_during_commit(m: Any, s: Any) -> Bool:
    """Lemma: no preparation is being allocated or copied while COMMIT runs.

    COMMIT starts only from a READY preparation (`commit`), and the host
    finishes it before the driver prepares again; with copy_cursor_in_table
    it keeps host A's rehash cursor and host B's copy cursor apart.
    """
    return Or(s.drv != Drv.COMMIT, And(s.prep != Prep.COPY, s.prep != Prep.ALLOC))


LEMMAS = (commit_window_quiesced, copy_cursor_in_table, no_copy_during_commit)
