"""State of the hotplug model: memory size, HPT order, one batch in flight.

`mem` counts LMBs above the lowest size the model reaches (boot - lmbs, at
least one LMB; `lowest()`), so its domain is 0..span (`span` = highest -
lowest, a derived parameter); `order` and `want` are HPT shifts in bytes
(log2), as in `ppc64_pft_size`. A resize in flight is `want` (0 = none):
the outcome (success, a shrink that fails with a bolted collision, or with
`grow_fails` a grow the hypervisor refuses) is a separate step, because it
is the hypervisor's, not the policy's, choice. `failed` is the highest
target of a shrink that failed in the current batch (0 = none): a shrink to
it or to any lower order is futile, so one order records every failed
target the batch must not ask for again; `refused` is the lowest target of
a grow that failed in the batch (0 = none).

Fields that only some parameters use have a domain of one value otherwise
(`added` without `add_fails`, `refused` without `grow_fails`, `cost`
without `weigh`), so traces recorded before they existed still load.
`cost` is in MiB (2^20 bytes); the two smallest architected orders (18,
19: 256 and 512 KiB) count one MiB each, so below order 20 it is an upper
bound, and from order 20 up exact. It saturates at COST_CAP (16 TiB): a
value of COST_CAP reads "COST_CAP or more" (its label in a trace says so;
`hintcheck worst` prints the bare number).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any, Mapping

from hintcheck.model.core import Domain, scalar
from hintcheck.model.hotplug.sizing import host_default_shift

MAX_LMBS = 1024                      # upper bound of the `lmbs` parameter (seed 002: 256 GiB of 256 MiB LMBs)
COST_UNIT_SHIFT = 20                 # `cost` counts MiB (tables below 1 MiB count one)
COST_CAP = 2**24 - 1                 # `cost` saturates here (16 TiB of table bytes touched)


class Kind(IntEnum):
    """The kind of the current (or last) batch; ROLLBACK: a hot-add removing the LMBs it added."""
    NONE = 0
    ADD = 1
    REMOVE = 2
    ROLLBACK = 3


class Phase(IntEnum):
    """Where the batch is: none running, LMBs left to process, batch epilogue."""
    IDLE = 0
    RUN = 1
    END = 2


SHIFT = Domain.range(47).labelled(   # HPT orders 18..46; 0 means "no resize pending"
    lambda v: "none" if v == 0 else None)
COST = Domain.upto("cost_cap").labelled(lambda v: f"{v} (saturated: {COST_CAP} or more)" if v == COST_CAP else None)


@dataclass(frozen=True, slots=True)
class HotplugState:
    mem: Any = scalar(Domain.upto("span"))              # LMBs above lowest(m)
    order: Any = scalar(SHIFT)                          # ppc64_pft_size: the HPT in use
    kind: Any = scalar(Domain.enum_of(Kind))            # add, remove or rollback batch
    phase: Any = scalar(Domain.enum_of(Phase))          # idle, running, epilogue
    left: Any = scalar(Domain.upto("lmbs"))             # LMBs still to add or remove
    want: Any = scalar(SHIFT)                           # resize in flight: its target, 0 = none
    resizes: Any = scalar(Domain.upto("resize_cap"))    # resizes (prepare+commit) in this batch
    failed: Any = scalar(SHIFT)                         # highest target of a failed shrink, 0 = none
    started: Any = scalar(Domain.upto("batches"))       # batches started so far
    added: Any = scalar(Domain.upto("undo_cap"))        # LMBs this add batch added (add_fails: to roll back)
    refused: Any = scalar(Domain.upto("grow_cap").labelled(   # lowest target of a failed grow, 0 = none
        lambda v: "none" if v == 0 else None))
    cost: Any = scalar(COST)                            # weigh: table bytes touched in this batch, MiB

    def set(self, **changes: Any) -> HotplugState:
        return replace(self, **changes)


def lowest(m: Any) -> int:
    """The smallest memory size the model reaches, in LMBs (`mem` counts from here)."""
    return max(1, m.boot - m.lmbs)


def highest(m: Any) -> int:
    """The largest memory size the model reaches, in LMBs."""
    return m.boot + m.lmbs


def span(p: Mapping[str, int]) -> int:
    """Derived parameter: the largest `mem` (highest - lowest)."""
    return p["boot"] + p["lmbs"] - max(1, p["boot"] - p["lmbs"])


def resize_cap(p: Mapping[str, int]) -> int:
    """Derived parameter: the largest resize count per batch the state holds.

    One resize per LMB (two with a rollback: once on the way in, once on
    the way out) and 16 for the batch's start, end and fallbacks; a design
    that asks for more is refused with a domain error naming the step.
    """
    return (2 if p["add_fails"] else 1) * p["lmbs"] + 16


def initial(m: Any) -> HotplugState:
    """The guest booted with `boot` LMBs and the HPT QEMU sized for 4 KiB pages."""
    return HotplugState(mem=m.boot - lowest(m), order=host_default_shift(m.boot << m.lmb_shift),
                        kind=Kind.NONE, phase=Phase.IDLE, left=0, want=0, resizes=0, failed=0,
                        started=0, added=0, refused=0, cost=0)

