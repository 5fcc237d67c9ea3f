"""The host side: QEMU's virtio-balloon free page hinting (`hw/virtio/virtio-balloon.c`, verified).

Mechanism (model actions, the same for every design):
- the iothread (`virtio_ballloon_get_free_page_hints()` ->
  `get_free_page_hints()`) pops one free_page_vq element at a time under
  `free_page_lock`: a command id (`pop_cmd`, the design's `on_cmd_id`) or
  a hinted block (`pop_block`, the design's `on_free_page_hint`); a pop and
  what the design does with it are one step (the lock, and
  `qemu_guest_free_page_hint()` takes the bitmap mutex inside it);
- the guest reads the config (`virtio_balloon_get_config()`,
  `config_view`): REQUESTED shows the command id, STOP and START show
  VIRTIO_BALLOON_CMD_ID_STOP, DONE shows VIRTIO_BALLOON_CMD_ID_DONE;
- `virtio_notify_config()` raises a config-change interrupt (`cfg`).

Designs (the `device` setting; each a class of hooks): `qemu` as merged
(`QemuDevice`: 20a4da0f2307, fd51e54fa102, dd8eeb9671fc, 3143577d6a3f all
in), and one variant per protection, named for what it omits.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Or, action, ite, some
from hintcheck.model.balloon.queue import pop
from hintcheck.model.balloon.state import DONE_ID, FIRST_ID, STOP_ID, Entry, Status
from hintcheck.model.migration.stages import free_page_hint


def config_view(m: Any, s: Any) -> Any:
    """virtio_balloon_get_config(): the command id the guest reads."""
    return ite(s.st == Status.REQUESTED, s.cid, ite(s.st == Status.DONE, DONE_ID, STOP_ID))


def next_id(m: Any, v: Any) -> Any:
    """free_page_hint_cmd_id++ (wrapping within the `ids` values the model has)."""
    return ite(v == FIRST_ID + m.ids - 1, FIRST_ID, v + 1)


def _changed(m: Any, before: Any, after: Any) -> Any:
    return some(Or(after.bmap[p] != before.bmap[p], after.kd[p] != before.kd[p]) for p in m.pages)


@action(params=("cmds",), actor="device",
        guard=lambda m, s, cmd: And(s.vq_kind[0] == Entry.CMD, s.vq_cmd[0] == cmd))
def pop_cmd(m: Any, s: Any, cmd: int) -> Any:
    """get_free_page_hints(): the oldest element is a command id; the design decides the status."""
    return m.policy.on_cmd_id(m, pop(m, s), cmd)


@action(params=("pages",), actor="device",
        guard=lambda m, s, page: And(s.vq_kind[0] == Entry.BLOCK, s.vq_page[0] == page))
def pop_block(m: Any, s: Any, page: int) -> Any:
    """get_free_page_hints(): the oldest element is a free block; the design may hint it to migration.

    Ghosts: `late` records a hint that changed the bitmap or the dirty log
    after a sync ran since the block was queued (P-HINTWIN); `hinted` the
    pages whose bit it dropped (the cost label `hinted_sent`).
    """
    before = pop(m, s)
    after = m.policy.on_free_page_hint(m, before, page)
    stale = And(_changed(m, before, after), s.vq_round[0] != s.round)
    dropped = tuple(ite(And(before.bmap[p] == 1, after.bmap[p] == 0), 1, s.hinted[p]) for p in m.pages)
    return after.set(late=ite(stale, 1, after.late), hinted=dropped)


DEVICE_ACTIONS = (pop_cmd, pop_block)


def _notify(s: Any, status: Status) -> Any:
    """Set the status and raise a config interrupt if it changes (free_page_stop() / free_page_done())."""
    return s.set(st=status, cfg=ite(s.st != status, 1, s.cfg))


class QemuDevice:
    """QEMU as merged. The notifier does nothing with the postcopy capability on (fd51e54fa102); before a
    sync it stops; after a sync it hands out a new id if the VM runs, else DONE; cleanup is DONE
    (dd8eeb9671fc); a start id counts only in REQUESTED (20a4da0f2307); a hint also clears the fetched
    dirty log of its chunk (3143577d6a3f)."""

    def _on(self, m: Any) -> bool:
        return not m.postcopy                 # virtio_balloon_free_page_hint_notify(): migrate_postcopy_ram()

    def on_migration_setup(self, m: Any, s: Any) -> Any:
        return s                              # PRECOPY_NOTIFY_SETUP: nothing

    def on_before_sync(self, m: Any, s: Any) -> Any:
        return _notify(s, Status.STOP) if self._on(m) else s

    def on_after_sync(self, m: Any, s: Any) -> Any:
        if not self._on(m):
            return s
        return s.set(cid=next_id(m, s.cid), st=Status.REQUESTED, cfg=1)   # virtio_balloon_free_page_start()

    def on_complete(self, m: Any, s: Any) -> Any:
        return _notify(s, Status.DONE) if self._on(m) else s    # AFTER_BITMAP_SYNC, VM stopped: falls through

    def on_cleanup(self, m: Any, s: Any) -> Any:
        return _notify(s, Status.DONE) if self._on(m) else s

    def on_postcopy_switch(self, m: Any, s: Any) -> Any:
        return s                              # postcopy_start() runs no precopy notifier

    def on_cmd_id(self, m: Any, s: Any, cmd: int) -> Any:
        start = And(s.st == Status.REQUESTED, cmd == s.cid)
        return s.set(st=ite(start, Status.START, ite(s.st == Status.START, Status.STOP, s.st)))

    def on_free_page_hint(self, m: Any, s: Any, page: int) -> Any:
        return free_page_hint(m, s, page, clear_log=True, when=s.st == Status.START)


class StartAnyStatus(QemuDevice):
    """Before 20a4da0f2307: a start id equal to the current id starts hinting in any status, so a start
    id popped after the before-sync STOP reopens the window."""

    def on_cmd_id(self, m: Any, s: Any, cmd: int) -> Any:
        return s.set(st=ite(cmd == s.cid, Status.START, ite(s.st == Status.START, Status.STOP, s.st)))


class NoIdCheck(QemuDevice):
    """A start id is not compared with the current id: any start id in REQUESTED starts hinting."""

    def on_cmd_id(self, m: Any, s: Any, cmd: int) -> Any:
        start = And(s.st == Status.REQUESTED, cmd != STOP_ID)
        return s.set(st=ite(start, Status.START, ite(s.st == Status.START, Status.STOP, s.st)))


class NoStopBeforeSync(QemuDevice):
    """The before-sync notifier does not stop hinting: hints keep landing across the sync."""

    def on_before_sync(self, m: Any, s: Any) -> Any:
        return s


class NoDoneOnCleanup(QemuDevice):
    """Before dd8eeb9671fc: cleanup (cancel, failure) stops hinting instead of DONE."""

    def on_cleanup(self, m: Any, s: Any) -> Any:
        return _notify(s, Status.STOP) if self._on(m) else s


class HintWithPostcopy(QemuDevice):
    """Before fd51e54fa102: hinting runs with the postcopy capability on."""

    def _on(self, m: Any) -> bool:
        return True


class HintBeforeLogging(QemuDevice):
    """The first window opens at setup, before dirty logging starts."""

    def on_migration_setup(self, m: Any, s: Any) -> Any:
        return self.on_after_sync(m, s)


class NoLogClear(QemuDevice):
    """Before 3143577d6a3f: a hint clears only the migration bitmap, not the fetched dirty log of its chunk."""

    def on_free_page_hint(self, m: Any, s: Any, page: int) -> Any:
        return free_page_hint(m, s, page, clear_log=False, when=s.st == Status.START)


class NoDevice:
    """No free page hinting (the device lacks VIRTIO_BALLOON_F_FREE_PAGE_HINT): the baseline of pages sent."""

    def on_cmd_id(self, m: Any, s: Any, cmd: int) -> Any:
        return s

    def on_free_page_hint(self, m: Any, s: Any, page: int) -> Any:
        return s


DEVICES = {"qemu": QemuDevice, "qemu-start-any-status": StartAnyStatus, "qemu-no-id-check": NoIdCheck,
           "qemu-no-stop-before-sync": NoStopBeforeSync, "qemu-no-done-on-cleanup": NoDoneOnCleanup,
           "qemu-hint-with-postcopy": HintWithPostcopy, "qemu-hint-before-logging": HintBeforeLogging,
           "qemu-no-log-clear": NoLogClear, "none": NoDevice}
