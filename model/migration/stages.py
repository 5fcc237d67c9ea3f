"""Live migration step by step: notifiers apart from the sync, postcopy, cancel and failure.

The same mechanisms as precopy.py (QEMU `migration/ram.c`; its send,
chunked dirty-log clearing and round counting are used from there), at
the grain a device that acts on migration events needs. In precopy.py a
bitmap sync and the notifiers around it are one step; here they are
three, because QEMU runs the precopy notifiers
(`precopy_notify(PRECOPY_NOTIFY_BEFORE_BITMAP_SYNC)`, `..._AFTER_...`) in
the migration thread while other threads (a device's iothread, the
guest's vCPUs) run between them:

- `migrate_start` (`ram_save_setup()` -> `ram_init_bitmaps()`): the
  migration bitmap is set to all ones; `on_migration_setup` runs; dirty
  logging has not started yet (stage SETUP);
- `log_start` (`memory_global_dirty_log_start()`, then the setup sync's
  `precopy_notify(BEFORE_BITMAP_SYNC)`): logging is on, `on_before_sync`;
- `sync_begin`: `on_before_sync` of a later round (stage BEFORE);
- `sync` (`migration_bitmap_sync()`): bmap |= kd, the KVM log cleared now
  or per chunk on the next send (`lazy_clear`), one more round (stage
  SYNCED);
- `sync_end`: `on_after_sync` (`precopy_notify(AFTER_BITMAP_SYNC)` with
  the VM running);
- `send(page)` between syncs, as in precopy.py; the page is then present
  at the destination (`recv`);
- `complete` (`migration_completion()`), one step: the guest stops,
  `on_before_sync`, the final sync, `on_complete` (AFTER_BITMAP_SYNC with
  the VM stopped, then COMPLETE), every page still dirty sent, the device
  state moves with the guest to the destination, `on_cleanup`;
- `cancel` (`migration_cancel()`) and `fail` (an error in the migration
  thread: `migrate_set_error()`, then `migration_cleanup()`): the
  migration is dropped and the guest keeps running at the source;
  `on_cleanup` (`precopy_notify_cleanup()`) runs on both; no new migration
  starts after it (phase ABORTED);
- postcopy (parameter `postcopy`: the capability is on and the switch may
  happen): `postcopy_switch` (`postcopy_start()`): the guest stops, a
  bitmap sync runs through `migration_bitmap_sync()` *without* the precopy
  notifiers, `on_postcopy_switch` runs, the destination discards every page
  still dirty (`ram_postcopy_send_discard_bitmap()`: `recv` cleared where
  `bmap` is set) and the guest runs at the destination with the device
  state as it was; a guest access to a page not present there faults
  (`fault`: the vCPU waits in userfaultfd and the destination requests the
  page); the source sends dirty pages, requested or in the background
  (`send`: `get_queued_page()` sends a requested page only if its bit is
  set in `bmap`, so a page whose bit is clear is never sent again);
  `postcopy_end` once nothing is dirty. The source's cleanup notifier
  then acts on the source's copy of the device, which no longer matters:
  no hook runs.

After `complete` or `postcopy_end` the guest runs at the destination
(phase DONE) and a store lands there (`store_lands`).

Fields a composing model declares: `phase` (MIG_PHASE), `stage` (STAGE),
`round` (ROUND), `sent` and `resent` (SENT), per page `kd`, `bmap`, `fetched`, `recv`, `want`,
`hinted` (BIT)
and `dest` (content at the destination), and the guest's content `data`
(what a send transmits: the source guest's memory).

Simplifications (each could hide a bug; models repeat them):
- KVM's log starts empty with classic clearing and all set with manual
  protect (KVM_DIRTY_LOG_INITIALLY_SET), which QEMU asks for whenever KVM has it;
- one migration attempt per run: after a cancel or failure no migration
  starts again (back-to-back attempts are not explored);
- a cancel or failure is taken only between syncs, and a failure after the
  postcopy switch (postcopy recovery) is not modelled;
- requested and background postcopy sends are one action taken in any
  order; the destination's placement of a page is atomic with its send;
- a stalled vCPU stays stalled after postcopy ends (QEMU wakes it with a
  zero page when the destination unregisters userfaultfd);
- complete is one step: the iothread and the guest do not run between the
  final sync and the last sends (the guest is stopped; QEMU also blocks the
  balloon's iothread, `block_iothread`).
"""
from __future__ import annotations

from enum import IntEnum
from typing import Any

from hintcheck.model.core import Action, And, Domain, Fair, Measure, Or, Param, action, count, every, ite, put
from hintcheck.model.migration.precopy import (_below_threshold, clear_chunk, drop_actions, fold_log, may_sync_again,
                                               notify, sends_cost, transmit)


class MigPhase(IntEnum):
    IDLE = 0           # no migration; the guest runs at the source
    MIGRATING = 1      # pre-copy rounds; the guest runs at the source
    POSTCOPY = 2       # the guest runs at the destination, pages still arrive
    DONE = 3           # migrated; the guest runs at the destination
    ABORTED = 4        # cancelled or failed; the guest runs at the source, no new attempt


class Stage(IntEnum):
    NONE = 0           # between syncs: sends may run
    SETUP = 1          # bitmaps set up, dirty logging not started
    BEFORE = 2         # the before-sync notifier ran; the sync is next
    SYNCED = 3         # synced; the after-sync notifier is next


MIG_PHASE = Domain.enum_of(MigPhase)
STAGE = Domain.enum_of(Stage)

STAGED_PARAMS = (          # beside MIGRATION_PARAMS (rounds, threshold, lazy_clear, chunks, postcopy, ...)
    Param("abort", 0, 1, 1, "1: a pre-copy migration may be cancelled or fail"),
    Param("counters", 0, 1, 0, "1: count in the state what a migration sends (fields sent, resent; "
          "for hintcheck worst)"),
    Param.derived("sent_max", lambda p: p["pages"] * (p["rounds"] + 1) if p["counters"] else 0,
                  "most pages one migration sends, saturating without dirty_bound (0 without counters: "
                  "the fields then take no room in a state)", lo=0, hi=64),
)

SENT = Domain.upto("sent_max")


def _tally(m: Any, s: Any, sent: Any, resent: Any) -> Any:
    """With `counters`, add to the pages sent and the hinted pages sent anyway (saturating)."""
    if not m.counters:
        return s

    def add(v: Any, n: Any) -> Any:
        return ite(v + n > m.sent_max, m.sent_max, v + n)
    return s.set(sent=add(s.sent, sent), resent=add(s.resent, resent))


# What liveness verdicts on a model built on this component assume: the
# migration thread runs its steps when it can; it never cancels, fails or
# switches to postcopy because of fairness.
STAGED_FAIRNESS = (Fair("send", each=True), Fair("log_start"), Fair("sync_begin"), Fair("sync"),
                   Fair("sync_end"), Fair("complete"), Fair("postcopy_end"))


def at_destination(m: Any, s: Any) -> Any:
    """The guest runs at the destination (postcopy, or migrated)."""
    return Or(s.phase == MigPhase.POSTCOPY, s.phase == MigPhase.DONE)


def ended(m: Any, s: Any) -> Any:
    """No migration is in its pre-copy rounds: none started, dropped, switched to postcopy, or done."""
    return s.phase != MigPhase.MIGRATING


def logging_on(m: Any, s: Any) -> Any:
    return And(s.phase == MigPhase.MIGRATING, s.stage != Stage.SETUP)


def can_touch(m: Any, s: Any, page: Any) -> Any:
    """A guest access does not fault: in postcopy the page must be present at the destination."""
    return Or(s.phase != MigPhase.POSTCOPY, s.recv[page] == 1)


def store_lands(m: Any, s: Any, page: Any) -> Any:
    """A guest store: logged by KVM while logging is on; at the destination it lands there."""
    there = at_destination(m, s)
    return s.set(kd=put(s.kd, page, ite(logging_on(m, s), 1, s.kd[page])),
                 dest=put(s.dest, page, ite(there, s.data[page], s.dest[page])),
                 recv=put(s.recv, page, ite(there, 1, s.recv[page])))


def free_page_hint(m: Any, s: Any, page: Any, clear_log: bool, when: Any = True) -> Any:
    """qemu_guest_free_page_hint(): while migrating out, the page's bit is dropped from the bitmap.

    `when` is the caller's own condition (the device's status check).
    With `clear_log` (3143577d6a3f) and manual-protect clearing, the fetched
    KVM bits of the page's chunk are cleared first
    (`migration_clear_memory_region_dirty_bitmap_range()`), as a send does,
    so the next sync does not bring the page back. The caller holds the
    bitmap mutex: one step. (The caller records in the ghost `hinted` a page
    whose bit a hint dropped, for the cost label `hinted_sent`.)
    """
    migrating = And(when, s.phase == MigPhase.MIGRATING)
    if clear_log and m.lazy_clear:
        cleared = clear_chunk(m, s, page)
        s = s.set(kd=tuple(ite(migrating, cleared.kd[p], s.kd[p]) for p in m.pages),
                  fetched=tuple(ite(migrating, cleared.fetched[p], s.fetched[p]) for p in m.pages))
    return s.set(bmap=put(s.bmap, page, ite(migrating, 0, s.bmap[page])))


def _zeros(m: Any) -> tuple[int, ...]:
    return (0,) * len(m.pages)


def _dirty(m: Any, s: Any, p: Any) -> Any:
    return Or(s.kd[p] == 1, s.bmap[p] == 1)


def _never(m: Any, s: Any, page: Any) -> Any:
    return False                      # every page's content is sent: no page is skipped


def _labels(pages: Any) -> dict[str, Any]:
    """A send's cost labels: pages_sent, pages_skipped (none) and hinted_sent, the pages
    sent although a hint had dropped them (`pages(m, s, p, *args)` selects the pages)."""
    def hinted_sent(m: Any, s: Any, *args: Any) -> Any:
        return count(And(pages(m, s, p, *args), s.hinted[p] == 1) for p in m.pages)
    return {**sends_cost(_never, pages), "hinted_sent": hinted_sent}


def _between_syncs(m: Any, s: Any) -> Any:
    return And(s.phase == MigPhase.MIGRATING, s.stage == Stage.NONE)


def staged_actions() -> tuple[Action, ...]:
    """migrate_start, log_start, sync_begin, sync, sync_end, send, complete, cancel, fail,
    postcopy_switch, fault, postcopy_end."""
    @action(guard=lambda m, s: s.phase == MigPhase.IDLE, actor="migration")
    def migrate_start(m: Any, s: Any) -> Any:
        """ram_init_bitmaps(): bmap := all ones; the destination has nothing yet."""
        zeros = _zeros(m)
        s = s.set(phase=MigPhase.MIGRATING, stage=Stage.SETUP, round=0, bmap=(1,) * len(m.pages), kd=zeros,
                  fetched=zeros, dest=zeros, recv=zeros, want=zeros, hinted=zeros, sent=0, resent=0)
        return notify(m, s, "on_migration_setup")

    @action(guard=lambda m, s: And(s.phase == MigPhase.MIGRATING, s.stage == Stage.SETUP), actor="migration")
    def log_start(m: Any, s: Any) -> Any:
        """memory_global_dirty_log_start(), then the setup sync's before-sync notifier.

        With manual-protect clearing QEMU also asks for KVM_DIRTY_LOG_INITIALLY_SET
        (`kvm_dirty_log_manual_caps`): every bit starts set, so the setup sync
        fetches them all and only a chunk's clear write-protects its pages.
        """
        s = s.set(kd=(1,) * len(m.pages)) if m.lazy_clear else s
        return notify(m, s.set(stage=Stage.BEFORE), "on_before_sync")

    @action(guard=lambda m, s: And(_between_syncs(m, s), _below_threshold(m, s), may_sync_again(m, s)),
            actor="migration")
    def sync_begin(m: Any, s: Any) -> Any:
        """migration_bitmap_sync_precopy(): precopy_notify(PRECOPY_NOTIFY_BEFORE_BITMAP_SYNC)."""
        return notify(m, s.set(stage=Stage.BEFORE), "on_before_sync")

    @action(guard=lambda m, s: And(s.phase == MigPhase.MIGRATING, s.stage == Stage.BEFORE), actor="migration")
    def sync(m: Any, s: Any) -> Any:
        """migration_bitmap_sync(): bmap |= kd; the KVM log cleared now or on the chunk's next send."""
        return fold_log(m, s.set(stage=Stage.SYNCED))

    @action(guard=lambda m, s: And(s.phase == MigPhase.MIGRATING, s.stage == Stage.SYNCED), actor="migration")
    def sync_end(m: Any, s: Any) -> Any:
        """precopy_notify(PRECOPY_NOTIFY_AFTER_BITMAP_SYNC), the VM running."""
        return notify(m, s.set(stage=Stage.NONE), "on_after_sync")

    @action(params=("pages",), actor="migration", cost=_labels(lambda m, s, p, page: p == page),
            guard=lambda m, s, page: And(Or(_between_syncs(m, s), s.phase == MigPhase.POSTCOPY), s.bmap[page] == 1))
    def send(m: Any, s: Any, page: int) -> Any:
        """ram_save_host_page(): clear the chunk's fetched KVM bits (pre-copy), test-and-clear, send.

        In postcopy it is the page a fault requested or the next in the
        background; a waiting vCPU resumes.
        """
        s = transmit(m, _tally(m, s, 1, ite(s.hinted[page] == 1, 1, 0)), page, lambda m, s, p: s.data[p])
        return s.set(recv=put(s.recv, page, 1), want=put(s.want, page, 0))

    @action(guard=lambda m, s: And(_between_syncs(m, s), _below_threshold(m, s)), actor="migration",
            cost=_labels(_dirty))
    def complete(m: Any, s: Any) -> Any:
        """migration_completion(): stop the guest, final sync with its notifiers, send every dirty page."""
        s = notify(m, s, "on_before_sync")
        s = notify(m, s.set(bmap=tuple(ite(_dirty(m, s, p), 1, 0) for p in m.pages)), "on_complete")
        dest = tuple(ite(s.bmap[p] == 1, s.data[p], s.dest[p]) for p in m.pages)
        recv = tuple(ite(s.bmap[p] == 1, 1, s.recv[p]) for p in m.pages)
        zeros = _zeros(m)
        s = _tally(m, s, count(s.bmap[p] == 1 for p in m.pages),
                   count(And(s.bmap[p] == 1, s.hinted[p] == 1) for p in m.pages))
        s = s.set(phase=MigPhase.DONE, stage=Stage.NONE, dest=dest, recv=recv, bmap=zeros, kd=zeros, fetched=zeros,
                  hinted=zeros)
        return notify(m, s, "on_cleanup")

    def _dropped(m: Any, s: Any) -> Any:
        zeros = _zeros(m)
        s = s.set(phase=MigPhase.ABORTED, stage=Stage.NONE, round=0, bmap=zeros, kd=zeros, fetched=zeros, dest=zeros,
                  recv=zeros, hinted=zeros, sent=0, resent=0)
        return notify(m, s, "on_cleanup")

    dropable = lambda m, s: And(m.abort == 1, s.phase == MigPhase.MIGRATING,  # noqa: E731
                                Or(s.stage == Stage.NONE, s.stage == Stage.SETUP))

    cancel, fail = drop_actions(dropable, _dropped)

    @action(guard=lambda m, s: And(m.postcopy == 1, _between_syncs(m, s)), actor="migration")
    def postcopy_switch(m: Any, s: Any) -> Any:
        """postcopy_start(): stop, sync without notifiers, discard dirty pages at the destination, run there."""
        bmap = tuple(ite(_dirty(m, s, p), 1, 0) for p in m.pages)
        s = notify(m, s.set(bmap=bmap), "on_postcopy_switch")
        recv = tuple(ite(s.bmap[p] == 1, 0, s.recv[p]) for p in m.pages)
        zeros = _zeros(m)
        return s.set(phase=MigPhase.POSTCOPY, recv=recv, kd=zeros, fetched=zeros)

    @action(params=("pages",), actor="guest",
            guard=lambda m, s, page: And(m.postcopy == 1, s.phase == MigPhase.POSTCOPY, s.recv[page] == 0,
                                         s.want[page] == 0))
    def fault(m: Any, s: Any, page: int) -> Any:
        """A vCPU touches a page not present at the destination: it waits, the page is requested."""
        return s.set(want=put(s.want, page, 1))

    @action(guard=lambda m, s: And(m.postcopy == 1, s.phase == MigPhase.POSTCOPY,
                                   every(s.bmap[p] == 0 for p in m.pages)),
            actor="migration")
    def postcopy_end(m: Any, s: Any) -> Any:
        """ram_save_complete() in postcopy: nothing left to send; the migration is done."""
        return s.set(phase=MigPhase.DONE, hinted=_zeros(m))

    return (migrate_start, log_start, sync_begin, sync, sync_end, send, complete, cancel, fail,
            postcopy_switch, fault, postcopy_end)


def served(m: Any, s: Any) -> Any:
    """No vCPU waits at the destination for a page that has not arrived."""
    return every(s.want[p] == 0 for p in m.pages)


# What the component's cost labels add up to (`ModelSpec.measures`).
STAGED_MEASURES = (
    Measure.between("pages sent per migration", ("pages_sent",), start=("migrate_start",),
                    end=("complete", "postcopy_end"), abort=("cancel", "fail"),
                    doc="pages transmitted by a migration that completed, stop-and-copy or postcopy included"),
    Measure.between("hinted pages sent anyway per migration", ("hinted_sent",), start=("migrate_start",),
                    end=("complete", "postcopy_end"), abort=("cancel", "fail"),
                    doc="pages a hint dropped from the bitmap that a completed migration sent all the same "
                        "(a store after the hint, or a sync that brought the bit back: 3143577d6a3f)"),
)

__all__ = ["MIG_PHASE", "SENT", "STAGE", "STAGED_FAIRNESS", "STAGED_MEASURES", "STAGED_PARAMS", "MigPhase", "Stage",
           "at_destination", "can_touch", "ended", "free_page_hint", "served", "staged_actions",
           "store_lands"]
