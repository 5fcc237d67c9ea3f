"""Pre-copy live migration with QEMU's two-layer dirty log, and a destination memory.

Mechanisms (QEMU `migration/ram.c`, verified in a 2023-era copy):

- setup (`ram_init_bitmaps()` / `ram_list_init_bitmaps()`): the migration
  bitmap `bmap` is set to all ones and KVM dirty logging starts
  (`memory_global_dirty_log_start()`); action `migrate_start`;
- `send` (`ram_save_host_page()` -> `migration_bitmap_clear_dirty()`): first
  `migration_clear_memory_region_dirty_bitmap()` clears the KVM log of the
  page's chunk if `clear_bmap` says it was fetched and not yet cleared
  ("Clearing it earlier won't be a problem, but too late will"), then
  test-and-clear `bmap[p]`, then the page content is read and transmitted;
- `sync` (`migration_bitmap_sync()` -> `ramblock_sync_dirty_bitmap()` ->
  `cpu_physical_memory_sync_dirty_bitmap()`): `bmap |= kd`. With classic
  `KVM_GET_DIRTY_LOG` the KVM log is cleared at once; with manual protect
  (`KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2`, parameter `lazy_clear=1`) the fetched
  bits stay set in KVM and are recorded in `fetched` (`clear_bmap`), to be
  cleared chunk by chunk before the chunk's first send. `KVM_CLEAR_DIRTY_LOG`
  clears only the bits QEMU fetched (`kvm_log_clear_one_slot()` in
  `accel/kvm/kvm-all.c`, verified, passes the slot's fetched `dirty_bmap`
  and then clears it), so a bit set after the fetch survives the clear;
- `complete` (`migration_completion()` -> `ram_save_complete()`): the guest is
  stopped, a last sync runs and every page still in `bmap` is sent;
- `cancel` (`migration_cancel()`) and `fail` (an error in the migration
  thread, then `migration_cleanup()`): logging stops and the bitmaps are
  dropped;
- postcopy (parameter `postcopy`: the capability is on and the switch may
  happen): `postcopy_switch` (`postcopy_start()`): the guest stops, a sync
  runs without the precopy notifiers, the destination discards every page
  still dirty (`ram_postcopy_send_discard_bitmap()`), and the guest runs at
  the destination (`pc`): a store lands there, an access to a page not yet
  received (`recv`) waits until the source sends it (`send` also serves
  requested pages: `get_queued_page()`); `postcopy_end` once nothing is
  dirty. A page is received at the switch exactly when its bit is clear,
  because nothing but a send clears a bit in the models built on this
  component.

Parameters a composing model declares: `rounds`, `threshold`, `lazy_clear`,
`dirty_bound`. Fairness it declares (`MIGRATION_FAIRNESS`, what a verdict
on `migration_converges` assumes): the migration thread sends every page
still to send, syncs and completes when it can without pause (weak
fairness of each `send` instance, of `sync`, of `complete` and, in
postcopy, of `postcopy_end`); a cancel is
never assumed.

Convergence also needs the guest's dirtying to be bounded, which QEMU does
not promise (a guest that writes faster than the link never converges
without auto-converge throttling or a dirty limit). The model states it
as an assumption: with `dirty_bound = 1` (the default) at most `rounds`
syncs run, so after the last one only the pages still in `bmap` are left
to send; with `dirty_bound = 0` a sync may run again for ever (the round
count stays at `rounds`), and `migration_converges` fails.
Fields a composing model declares: `phase` (PHASE), `round` (ROUND), `pc`
(PC: postcopy under way), and per page `kd`, `bmap`, `fetched` (BIT), `recv`
(PC: received, in postcopy) and `dest` (content at the destination). PC's
only value is 0 unless `postcopy = 1`, so those fields cost nothing then.
The model supplies `copy_of(m, s, page)`, the content a send transmits
(pseries: nothing, i.e. a zero page, for a page the host holds unused).

Migration events (`migration_hooks`, what QEMU's precopy notifiers and a
guest's migration notifiers see): `on_migration_setup` at the end of
`migrate_start`, `on_before_sync` and `on_after_sync` around each `sync`,
and in `complete` `on_before_sync`, the final sync, `on_complete` (the
guest stopped, before the last sends) and `on_cleanup` after them;
`cancel` and `fail` run `on_cleanup`, `postcopy_switch` runs
`on_postcopy_switch`. Each runs atomically inside its action, as a
notifier runs synchronously in the migration thread; a model that does
not declare the hooks gets none called.

Dirty-log clear chunks (`chunks`): QEMU clears the KVM log per chunk of
2^`clear_bmap_shift` pages (at least 64), so a send clears the fetched bits
of its own chunk only, and a page of another chunk keeps its bit until a
send there. With `chunks = 1` (the default) every modelled page is in one
chunk; with `chunks = 2`, page p is in chunk p mod 2 (which pages share a
chunk is what matters: a hint that clears one chunk while another page's
write waits in the other).

Simplifications (each could hide a bug; models repeat them):
- with `chunks = 1`, one dirty-log chunk: a clear covers every page
  (`clear_bmap_shift` is at least 6, larger than the 2-3 pages modelled);
- the "remaining" figure is the exact count of `bmap` (QEMU's
  `migration_dirty_pages`); a sync, and completion, are enabled once it is
  at most `threshold` pages (QEMU compares an estimate in bytes against
  bandwidth x downtime); the number of syncs is bounded by `rounds`;
- pages are sent one at a time, atomically with reading their content;
  no multifd, no compression; in postcopy, requested and background sends
  are one action in any order, and host page states travel with the page;
- the destination is only compared with the source at completion; pages
  the destination holds for a cancelled migration are dropped.
"""
from __future__ import annotations

from enum import IntEnum
from typing import Any, Callable

from hintcheck.model.core import (Action, And, Domain, Fair, HookSpec, Measure, Not, Or, Param, action, count, every,
                                  ite, put)

BIT = Domain.range(2)
ROUND = Domain.upto("rounds")


class Phase(IntEnum):
    IDLE = 0
    MIGRATING = 1
    DONE = 2


PHASE = Domain.enum_of(Phase)
PC = Domain.upto("postcopy")          # {0} without postcopy: the postcopy fields take no room

# The parameters every model built on this migration component declares.
MIGRATION_PARAMS = (
    Param("rounds", 1, 4, 2, "maximum pre-copy rounds (dirty-log syncs)"),
    Param("threshold", 0, 4, 0, "remaining pages at or below which a sync or completion may run"),
    Param("lazy_clear", 0, 1, 0, "1: manual-protect dirty-log clearing (KVM_CLEAR_DIRTY_LOG)"),
    Param("chunks", 1, 2, 1, "dirty-log clear chunks (clear_bmap): page p is in chunk p mod chunks"),
    Param("postcopy", 0, 1, 0, "1: the postcopy capability is on and the migration may switch to postcopy"),
    Param("dirty_bound", 0, 1, 1, "assumption: dirtying is bounded, at most `rounds` syncs (0: syncs "
          "may repeat for ever)"))

# What liveness verdicts on a model built on this component assume (see above).
MIGRATION_FAIRNESS = (Fair("send", each=True), Fair("sync"), Fair("complete"), Fair("postcopy_end"))


def running(m: Any, s: Any) -> Any:
    """The source guest runs until stop-and-copy."""
    return s.phase != Phase.DONE


def migrated(m: Any, s: Any) -> Any:
    """The run's intended end (`ModelSpec.terminal`): migration completed, the guest paused on the source."""
    return s.phase == Phase.DONE


def log_store(m: Any, s: Any, page: int) -> Any:
    """KVM's dirty log records a guest store while logging is on (kvm_vcpu_mark_page_dirty); in
    postcopy the store lands at the destination, where the guest runs."""
    s = s.set(kd=put(s.kd, page, ite(And(s.phase == Phase.MIGRATING, s.pc == 0), 1, s.kd[page])))
    return s.set(dest=put(s.dest, page, ite(s.pc == 1, s.data[page], s.dest[page])))


def postcopy_present(m: Any, s: Any, page: int) -> Any:
    """A guest access does not wait: outside postcopy always, in postcopy once the page arrived."""
    return Or(s.pc == 0, s.recv[page] == 1)


def _below_threshold(m: Any, s: Any) -> Any:
    """migration_iteration_run(): the remaining count is at most the threshold."""
    return count(s.bmap[p] == 1 for p in m.pages) <= m.threshold


def may_sync_again(m: Any, s: Any) -> Any:
    """Another sync may run: fewer than `rounds` so far, or always without the `dirty_bound` assumption."""
    return s.round < m.rounds if m.dirty_bound else True


def next_round_number(m: Any, s: Any) -> Any:
    """The round after a sync: one more; without `dirty_bound`, saturating at `rounds`."""
    return s.round + 1 if m.dirty_bound else ite(s.round < m.rounds, s.round + 1, s.round)


def _precopy(m: Any, s: Any) -> Any:
    """Pre-copy rounds: migrating and not switched to postcopy."""
    return And(s.phase == Phase.MIGRATING, s.pc == 0)


def _never(m: Any, s: Any, page: int) -> Any:
    return False


def sends_cost(skipped: Callable[..., Any], pages: Callable[..., Any]) -> dict[str, Any]:
    """Cost labels `pages_sent` and `pages_skipped` of a step that transmits the pages
    `pages(m, s, page, *args)` selects, split by `skipped(m, s, page)`."""
    def sent(m: Any, s: Any, *args: Any) -> Any:
        return count(And(pages(m, s, p, *args), Not(skipped(m, s, p))) for p in m.pages)

    def not_sent(m: Any, s: Any, *args: Any) -> Any:
        return count(And(pages(m, s, p, *args), skipped(m, s, p)) for p in m.pages)
    return {"pages_sent": sent, "pages_skipped": not_sent}


# What the migration component's cost labels add up to (`ModelSpec.measures`).
MIGRATION_MEASURES = (
    Measure.between("pages sent in round 1", ("pages_sent",), start=("migrate_start",), end=("sync", "complete"),
                    abort=("cancel", "fail"), include_end=False,
                    doc="pages transmitted from setup to the first bitmap sync (or stop-and-copy)"),
    Measure.between("pages sent per migration", ("pages_sent",), start=("migrate_start",),
                    end=("complete", "postcopy_end"), abort=("cancel", "fail"),
                    doc="pages transmitted by a completed migration, stop-and-copy or postcopy included"),
    Measure.between("pages skipped per migration", ("pages_skipped",), start=("migrate_start",),
                    end=("complete", "postcopy_end"), abort=("cancel", "fail"), role="benefit",
                    doc="pages a completed migration did not transmit (hinted unused)"),
)


def same_chunk(m: Any, p: Any, page: Any) -> Any:
    """Pages `p` and `page` share a dirty-log clear chunk (one chunk: always)."""
    return True if m.chunks == 1 else (p % m.chunks == page % m.chunks)


def clear_chunk(m: Any, s: Any, page: Any) -> Any:
    """migration_clear_memory_region_dirty_bitmap(): KVM_CLEAR_DIRTY_LOG on the fetched bits of `page`'s chunk.

    Only the bits QEMU fetched are cleared (`kvm_log_clear_one_slot()`), so
    a store logged after the fetch survives; the chunk's `clear_bmap` bit
    (here: its pages' `fetched`) is dropped.
    """
    if m.chunks == 1:                 # every page in the one chunk
        return s.set(kd=tuple(ite(s.fetched[p] == 1, 0, s.kd[p]) for p in m.pages), fetched=(0,) * len(m.pages))
    kd = tuple(ite(And(same_chunk(m, p, page), s.fetched[p] == 1), 0, s.kd[p]) for p in m.pages)
    return s.set(kd=kd, fetched=tuple(ite(same_chunk(m, p, page), 0, s.fetched[p]) for p in m.pages))


def fold_log(m: Any, s: Any) -> Any:
    """migration_bitmap_sync(): bmap |= kd, one more round; the KVM log is cleared now (classic) or kept
    as fetched, to be cleared chunk by chunk before the chunk's next send (manual protect)."""
    s = s.set(round=next_round_number(m, s), bmap=tuple(ite(s.kd[p] == 1, 1, s.bmap[p]) for p in m.pages))
    return s.set(fetched=s.kd) if m.lazy_clear else s.set(kd=(0,) * len(m.pages))


def transmit(m: Any, s: Any, page: Any, content: Callable[..., Any]) -> Any:
    """ram_save_host_page(): clear the fetched KVM bits of the page's chunk, test-and-clear the page's
    bit, send `content(m, s, page)` to the destination."""
    s = clear_chunk(m, s, page)
    return s.set(bmap=put(s.bmap, page, 0), dest=put(s.dest, page, content(m, s, page)))


def migration_hooks(writes: tuple[str, ...]) -> tuple[HookSpec, ...]:
    """The migration events a design may act on (QEMU's precopy notifiers); `writes` is what they may change.

    A model that declares them gets them called (`notify`); the hooks take
    no argument after `(m, s)`.
    """
    return (
        HookSpec("on_migration_setup", (), "migrate_start(): after the bitmaps are set up and logging started",
                 "precopy_notify(PRECOPY_NOTIFY_SETUP) in ram_save_setup()", writes),
        HookSpec("on_before_sync", (), "sync() and complete(): before the dirty log is synced into the bitmap",
                 "precopy_notify(PRECOPY_NOTIFY_BEFORE_BITMAP_SYNC) in migration_bitmap_sync_precopy()", writes),
        HookSpec("on_after_sync", (), "sync(): after the sync, the guest still running",
                 "precopy_notify(PRECOPY_NOTIFY_AFTER_BITMAP_SYNC), vm_running", writes),
        HookSpec("on_complete", (), "complete(): after the final sync, the guest stopped, before the last sends",
                 "precopy_notify(PRECOPY_NOTIFY_AFTER_BITMAP_SYNC) with the VM stopped, then "
                 "PRECOPY_NOTIFY_COMPLETE", writes),
        HookSpec("on_cleanup", (), "complete() and cancel(): the migration has ended or was dropped",
                 "precopy_notify_cleanup() in migration_cleanup()", writes),
        HookSpec("on_postcopy_switch", (), "postcopy_switch(): the guest stopped, after the sync, before it "
                 "runs at the destination", "postcopy_start() (QEMU runs no precopy notifier there)", writes),
    )


def notify(m: Any, s: Any, name: str) -> Any:
    """Run the design's hook for migration event `name`, if the model declares the migration hooks."""
    return m.policy.hook(name)(m, s) if m.policy.offers(name) and m.policy.defines(name) else s


def _acts_on(m: Any, *names: str) -> bool:
    """Whether the design implements any of these migration hooks."""
    return any(m.policy.offers(n) and m.policy.defines(n) for n in names)


def drop_actions(guard: Callable[..., Any], dropped: Callable[..., Any]) -> tuple[Action, Action]:
    """`cancel` and `fail`: the two ways a migration is dropped, with one effect `dropped(m, s)`."""

    @action(guard=guard, actor="migration")
    def cancel(m: Any, s: Any) -> Any:
        """migration_cancel(): logging stops, the bitmaps and the destination's copy are dropped."""
        return dropped(m, s)

    @action(guard=guard, actor="migration")
    def fail(m: Any, s: Any) -> Any:
        """A migration error (the stream broke): migration_cleanup() as for a cancel."""
        return dropped(m, s)

    return cancel, fail


def migration_actions(copy_of: Callable[..., Any], skipped: Callable[..., Any] = _never) -> tuple[Action, ...]:
    """migrate_start, send, sync, complete, cancel, fail, postcopy_switch, postcopy_end; `copy_of(m, s, page)`
    is what a send carries.

    `skipped(m, s, page)` says a send transmits no content for the page (the
    host skips a page hinted unused); it splits the sends' cost labels into
    `pages_sent` and `pages_skipped`.
    """

    @action(guard=lambda m, s: s.phase == Phase.IDLE, actor="migration")
    def migrate_start(m: Any, s: Any) -> Any:
        """ram_init_bitmaps(): bmap := all ones, dirty logging starts with an empty log."""
        ones, zeros = (1,) * len(m.pages), (0,) * len(m.pages)
        s = s.set(phase=Phase.MIGRATING, round=1, bmap=ones, kd=zeros, fetched=zeros, dest=zeros)
        return notify(m, s, "on_migration_setup")

    @action(params=("pages",), guard=lambda m, s, page: And(s.phase == Phase.MIGRATING, s.bmap[page] == 1),
            actor="migration", cost=sends_cost(skipped, lambda m, s, p, page: p == page))
    def send(m: Any, s: Any, page: int) -> Any:
        """migration_bitmap_clear_dirty(): clear the fetched KVM bits of the page's chunk, then send it
        (in postcopy, also a page the destination requested; it is then received there)."""
        s = transmit(m, s, page, copy_of)
        return s.set(recv=put(s.recv, page, ite(s.pc == 1, 1, s.recv[page])))

    @action(guard=lambda m, s: And(_precopy(m, s), _below_threshold(m, s), may_sync_again(m, s)),
            actor="migration")
    def sync(m: Any, s: Any) -> Any:
        """migration_bitmap_sync(): bmap |= kd; the KVM log is cleared now or on the chunk's next send."""
        return notify(m, fold_log(m, notify(m, s, "on_before_sync")), "on_after_sync")

    @action(guard=lambda m, s: And(_precopy(m, s), _below_threshold(m, s)),
            actor="migration", cost=sends_cost(skipped, lambda m, s, p: Or(s.kd[p] == 1, s.bmap[p] == 1)))
    def complete(m: Any, s: Any) -> Any:
        """migration_completion(): stop the guest, last sync, send every page still dirty."""
        if _acts_on(m, "on_before_sync", "on_complete"):
            s = notify(m, s, "on_before_sync")
            s = notify(m, s.set(bmap=tuple(ite(Or(s.kd[p] == 1, s.bmap[p] == 1), 1, 0) for p in m.pages)),
                       "on_complete")
            dest = tuple(ite(s.bmap[p] == 1, copy_of(m, s, p), s.dest[p]) for p in m.pages)
        else:       # the same, without a state in between (a proof for any number of pages needs this form)
            dest = tuple(ite(Or(s.kd[p] == 1, s.bmap[p] == 1), copy_of(m, s, p), s.dest[p]) for p in m.pages)
        zeros = (0,) * len(m.pages)
        return notify(m, s.set(phase=Phase.DONE, dest=dest, bmap=zeros, kd=zeros, fetched=zeros), "on_cleanup")

    def _dropped(m: Any, s: Any) -> Any:
        zeros = (0,) * len(m.pages)
        return notify(m, s.set(phase=Phase.IDLE, round=0, bmap=zeros, kd=zeros, fetched=zeros, dest=zeros),
                      "on_cleanup")

    cancel, fail = drop_actions(_precopy, _dropped)

    @action(guard=lambda m, s: And(m.postcopy == 1, _precopy(m, s)), actor="migration")
    def postcopy_switch(m: Any, s: Any) -> Any:
        """postcopy_start(): stop, sync without notifiers, discard dirty pages at the destination, run there."""
        zeros = (0,) * len(m.pages)
        dirty = tuple(Or(s.kd[p] == 1, s.bmap[p] == 1) for p in m.pages)
        if _acts_on(m, "on_postcopy_switch"):
            s = notify(m, s.set(bmap=tuple(ite(d, 1, 0) for d in dirty)), "on_postcopy_switch")
            return s.set(pc=1, recv=tuple(ite(s.bmap[p] == 1, 0, 1) for p in m.pages), kd=zeros, fetched=zeros)
        # the same without a state in between (a proof for any number of pages needs this form)
        return s.set(pc=1, bmap=tuple(ite(d, 1, 0) for d in dirty), recv=tuple(ite(d, 0, 1) for d in dirty),
                     kd=zeros, fetched=zeros)

    @action(guard=lambda m, s: And(m.postcopy == 1, s.pc == 1, every(s.bmap[p] == 0 for p in m.pages)),
            actor="migration")
    def postcopy_end(m: Any, s: Any) -> Any:
        """ram_save_complete() in postcopy: nothing left to send; the migration is done."""
        return s.set(phase=Phase.DONE, pc=0, recv=(0,) * len(m.pages))

    return (migrate_start, send, sync, complete, cancel, fail, postcopy_switch, postcopy_end)
