"""State of the reference model (shared/reference-model.md, "Variables").

Per-page variables are tuples indexed by page number. Every field declares
its finite domain; explore packs from it, stateful draws from it, symbolic
builds bounded sorts from it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from hintcheck.model.core import Domain, per_index, scalar


class Phase(IntEnum):
    IDLE = 0
    MIGRATING = 1
    DONE = 2


BIT = Domain.range(2)
TOKEN = Domain.range(3)            # guest content; 0 = zero page, every write changes it


@dataclass(frozen=True, slots=True)
class RefState:
    alloc: tuple[Any, ...] = per_index("pages", BIT)     # guest holds the page
    data: tuple[Any, ...] = per_index("pages", TOKEN)    # content the guest last wrote
    hint: tuple[Any, ...] = per_index("pages", BIT)      # host view: 1 = unused
    pend: tuple[Any, ...] = per_index("pages", BIT)      # set-stable pending (lazy only)
    dirty: tuple[Any, ...] = per_index("pages", BIT)     # written since the last sync
    tosend: tuple[Any, ...] = per_index("pages", BIT)    # still to send this round
    dest: tuple[Any, ...] = per_index("pages", TOKEN)    # content at the destination
    phase: Any = scalar(Domain.enum_of(Phase))            # idle, migrating, done
    round: Any = scalar(Domain.upto("rounds"))           # current pre-copy round, 0..R

    def set(self, **changes: Any) -> RefState:
        return replace(self, **changes)


def initial(m: Any) -> RefState:
    """Every page free, zero, stable and clean; migration idle."""
    zeros = (0,) * len(m.pages)
    return RefState(alloc=zeros, data=zeros, hint=zeros, pend=zeros, dirty=zeros,
                    tosend=zeros, dest=zeros, phase=Phase.IDLE, round=0)
