"""Properties of the balloon model (docs/research/virtio-balloon.md §6.3)."""
from __future__ import annotations

from typing import Any

from hintcheck.model.balloon.state import Own, Status
from hintcheck.model.core import And, Bool, Not, Or, every, invariant, leads_to, some
from hintcheck.model.migration.stages import MigPhase, ended, served


def _intact(m: Any, s: Any, p: int) -> Bool:
    """Page p's content is where the guest reads it next, or on its way there."""
    return Or(s.phase == MigPhase.IDLE, s.phase == MigPhase.MIGRATING, s.phase == MigPhase.ABORTED,
              And(s.phase == MigPhase.POSTCOPY, Or(And(s.recv[p] == 1, s.dest[p] == s.data[p]), s.bmap[p] == 1)),
              And(s.phase == MigPhase.DONE, s.dest[p] == s.data[p]))


@invariant
def no_data_loss_stable(m: Any, s: Any) -> Bool:
    """P-DATA: every page the guest uses has its last-written content where the guest reads it next.

    At the source that is its memory (nothing discards there); in postcopy a
    page is at the destination or still dirty at the source, to be sent;
    after migration it is the destination.
    """
    return every(Or(s.own[p] != Own.USER, _intact(m, s, p)) for p in m.pages)


@invariant
def hint_window(m: Any, s: Any) -> Bool:
    """P-HINTWIN: a hint changes the bitmap only before the sync after the one that opened its window.

    (The ghost `late` is set by the iothread's pop when a hinted block
    queued in an earlier round changes the bitmap or the dirty log.)
    """
    return s.late == 0


def _held(m: Any, s: Any) -> Bool:
    return some(s.own[p] == Own.HELD for p in m.pages)


def _owed_done(m: Any, s: Any) -> Bool:
    """The migration is over for the guest, hinting ran, and DONE is not there yet."""
    return And(ended(m, s), s.st != Status.DONE, Or(s.st != Status.STOP, _held(m, s)))


done_eventually = leads_to(_owed_done, lambda m, s: s.st == Status.DONE, name="done_eventually", doc="""\
L-DONE: once a migration is over (completed, switched to postcopy, cancelled or failed) with hinting
started, the device reaches DONE, the command that releases the guest's blocks.

Assumes the model's fairness: the migration thread, the iothread and the driver run when they can.""")

hinted_blocks_returned = leads_to(
    lambda m, s: And(ended(m, s), _held(m, s)),
    lambda m, s: every(s.own[p] != Own.HELD for p in m.pages),
    name="hinted_blocks_returned", doc="""\
L-RETURN: once a migration is over, every block the driver holds goes back to the guest's allocator.

The shrinker is never assumed to run: the blocks must come back through DONE.""")

postcopy_served = leads_to(lambda m, s: Not(served(m, s)), served, name="postcopy_served", doc="""\
L-SERVE: every page a vCPU waits for at the postcopy destination arrives.

Assumes the migration thread sends every page still to send (weak fairness of each send).""")

PROPERTIES = (no_data_loss_stable, hint_window, done_eventually, hinted_blocks_returned, postcopy_served)
