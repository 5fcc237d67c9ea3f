"""Policies of the balloon model: a guest driver design with a host device design (`device`).

The faithful pair is Linux's driver with QEMU's device as merged. Every
other shipped policy removes one protection and is named for what it
omits; its docstring says the verdict it is expected to get and why.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.balloon.driver import LinuxDriver


class Faithful(LinuxDriver):
    """Linux and QEMU as merged. Expected to hold every property, with one exception the model found:
    with manual-protect clearing (lazy_clear=1) and the shrinker, a block the shrinker returned and the
    guest wrote before its hint was applied loses the write when the hint clears the chunk's log."""

    name = "faithful"
    device = "qemu"


class StartAnyStatus(LinuxDriver):
    """QEMU before 20a4da0f2307. Expected to violate hint_window and, with the shrinker,
    no_data_loss_stable: a start id popped after the before-sync STOP reopens a closed window."""

    name = "start-any-status"
    device = "qemu-start-any-status"


class NoIdCheck(LinuxDriver):
    """The device takes any start id in REQUESTED. Expected to violate hint_window: a stale start id
    opens the new window and the old window's blocks land in it."""

    name = "no-id-check"
    device = "qemu-no-id-check"


class NoStopBeforeSync(LinuxDriver):
    """The device does not stop hinting before a sync. Expected to violate hint_window: a block queued
    before the sync is applied after it."""

    name = "no-stop-before-sync"
    device = "qemu-no-stop-before-sync"


class NoDoneOnCleanup(LinuxDriver):
    """QEMU before dd8eeb9671fc. Expected to violate done_eventually and hinted_blocks_returned:
    a cancelled or failed migration leaves the device in STOP and the guest's blocks held."""

    name = "no-done-on-cleanup"
    device = "qemu-no-done-on-cleanup"


class HintWithPostcopy(LinuxDriver):
    """QEMU before fd51e54fa102. Expected to violate postcopy_served and done_eventually with
    postcopy=1: a hinted page is never sent, and no notifier delivers DONE after the switch."""

    name = "hint-with-postcopy"
    device = "qemu-hint-with-postcopy"


class HintBeforeLogging(LinuxDriver):
    """The first window opens before dirty logging starts. Expected to violate no_data_loss_stable:
    a store between the hint and the start of logging is never recorded."""

    name = "hint-before-logging"
    device = "qemu-hint-before-logging"


class NoLogClear(LinuxDriver):
    """QEMU before 3143577d6a3f. Safe, but with lazy_clear=1 a hint is undone by the next sync: the
    hinted page is sent anyway (the pages-sent measure matches no-hinting)."""

    name = "no-log-clear"
    device = "qemu-no-log-clear"


class NoHinting(LinuxDriver):
    """The device without free page hinting: the baseline of pages sent."""

    name = "no-hinting"
    device = "none"


class SeedV12:
    """The seed's v12 design: blocks are reported straight from the free list and stay there, so a page
    may be reused at once while its hint is queued. The tool decides whether its claim holds."""

    name = "seed-v12"
    device = "qemu"

    def on_block_queued(self, m: Any, s: Any, page: int) -> Any:
        return s


class SeedV12LateHints(SeedV12):
    """The seed's v12 design on a host that keeps applying hints across a sync (no stop before it): the
    case its claim leaves open, a hint applied after the round's sync."""

    name = "seed-v12-late-hints"
    device = "qemu-no-stop-before-sync"


POLICIES = {p.name: p for p in (Faithful, StartAnyStatus, NoIdCheck, NoStopBeforeSync, NoDoneOnCleanup,
                                HintWithPostcopy, HintBeforeLogging, NoLogClear, NoHinting, SeedV12,
                                SeedV12LateHints)}
