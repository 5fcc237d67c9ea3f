"""State of the hotplug model: memory size, HPT order, one batch in flight.

`mem` counts LMBs above the lowest size the model reaches (boot - lmbs, at
least one LMB; `lowest()`), so its domain is 0..2*lmbs; `order` and `want` are HPT shifts in bytes
(log2), as in `ppc64_pft_size`. A resize in flight is `want` (0 = none):
the outcome (success, or a shrink that fails with a bolted collision) is a
separate step, because it is the hypervisor's, not the policy's, choice.
`failed` is the highest target of a shrink that failed in the current batch
(0 = none): a shrink to it or to any lower order is futile, so one order
records every failed target the batch must not ask for again.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from hintcheck.model.core import Domain, scalar
from hintcheck.model.hotplug.sizing import host_default_shift

MAX_LMBS = 128                       # upper bound of the `lmbs` parameter


class Kind(IntEnum):
    """The kind of the current (or last) batch."""
    NONE = 0
    ADD = 1
    REMOVE = 2


class Phase(IntEnum):
    """Where the batch is: none running, LMBs left to process, batch epilogue."""
    IDLE = 0
    RUN = 1
    END = 2


BIT = Domain.range(2)
SHIFT = Domain.range(47).labelled(   # HPT orders 18..46; 0 means "no resize pending"
    lambda v: "none" if v == 0 else None)


@dataclass(frozen=True, slots=True)
class HotplugState:
    mem: Any = scalar(Domain.range(2 * MAX_LMBS + 1))   # LMBs above lowest(m)
    order: Any = scalar(SHIFT)                          # ppc64_pft_size: the HPT in use
    kind: Any = scalar(Domain.enum_of(Kind))            # add or remove batch
    phase: Any = scalar(Domain.enum_of(Phase))          # idle, running, epilogue
    left: Any = scalar(Domain.range(MAX_LMBS + 1))      # LMBs still to add or remove
    want: Any = scalar(SHIFT)                           # resize in flight: its target, 0 = none
    resizes: Any = scalar(Domain.range(MAX_LMBS + 4))   # resizes (prepare+commit) in this batch
    failed: Any = scalar(SHIFT)                         # highest target of a failed shrink, 0 = none
    started: Any = scalar(Domain.upto("batches"))       # batches started so far

    def set(self, **changes: Any) -> HotplugState:
        return replace(self, **changes)


def lowest(m: Any) -> int:
    """The smallest memory size the model reaches, in LMBs (`mem` counts from here)."""
    return max(1, m.boot - m.lmbs)


def highest(m: Any) -> int:
    """The largest memory size the model reaches, in LMBs."""
    return m.boot + m.lmbs


def initial(m: Any) -> HotplugState:
    """The guest booted with `boot` LMBs and the HPT QEMU sized for 4 KiB pages."""
    return HotplugState(mem=m.boot - lowest(m), order=host_default_shift(m.boot << m.lmb_shift),
                        kind=Kind.NONE, phase=Phase.IDLE, left=0, want=0, resizes=0, failed=0,
                        started=0)
