"""Free page reporting designs: a guest driver and a host device, chosen by three settings.

A design here is the pair (Linux, QEMU) and is written as settings, not
hooks: `isolate` (the worker takes blocks off the free list while they are
reported), `validate_poison` (the guest refuses F_REPORTING when it
poisons free pages and the device does not know the poison value) and
`postcopy_inhibit` (QEMU does not discard while incoming postcopy runs).
The environment (poisoning, the device's PAGE_POISON, a postcopy
destination, threshold, batch capacity) is parameters, so one design is
checked under each.
"""
from __future__ import annotations


class Faithful:
    """Linux mainline after fb69c2c896fc with QEMU's virtio_balloon_inhibited(): expected to hold.

    Blocks are isolated while the host discards them, so none can be
    allocated; a poisoning guest either has the device skip the discard
    (`poison_val != 0`) or expects zeroes (init_on_free, `poison_val == 0`),
    or does not report at all; no discard runs during incoming postcopy.
    Cost: one virtqueue round trip per batch of `capacity` blocks.
    """

    name = "faithful"
    isolate = True
    validate_poison = True
    postcopy_inhibit = True


class NoIsolation(Faithful):
    """Report blocks left on the free list: expected to violate reported_not_allocatable and no_data_loss_stable.

    The allocator hands out a block while the report is in flight (zone->lock
    is dropped around prdev->report()), and the host then discards the
    page the guest has just initialised.
    """

    name = "no-isolation"
    isolate = False


class PoisonWithoutValue(Faithful):
    """Linux before fb69c2c896fc: reporting stays on for a poisoning guest without F_PAGE_POISON.

    QEMU's `poison_val` stays 0, so it discards; the page comes back zero
    and the allocation's poison check finds no pattern: expected to
    violate poison_contract (with `poison = 2`, `page_poison = 0`).
    """

    name = "poison-without-value"
    validate_poison = False


class NoPostcopyInhibit(Faithful):
    """QEMU discarding reported pages during incoming postcopy (the rule of 371ff5a3f04c left out).

    The discard makes a received page "not present" again; the guest's next
    touch faults, the fault thread sees it received and requests nothing,
    and the vCPU stalls: expected to violate postcopy_touch_served (with
    `postcopy = 1`). QEMU's reporting handler has had the check since it
    was merged (91b867191d); the variant is the 2015 balloon bug carried
    over to reporting.
    """

    name = "no-postcopy-inhibit"
    postcopy_inhibit = False


POLICIES = {"faithful": Faithful, "no-isolation": NoIsolation, "poison-without-value": PoisonWithoutValue,
            "no-postcopy-inhibit": NoPostcopyInhibit}
