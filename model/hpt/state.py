"""State of the hpt model: two hash tables, the guest's view, the resize driver, the host's preparation.

Each guest mapping (a virtual page the guest maps through the HPT) has a
fixed abstract hash; mappings 0..bolted-1 are bolted (the kernel's linear
mapping, inserted with HPTE_V_BOLTED), the rest are ordinary, re-faultable
entries. A table is recorded per mapping: `cur[e]` / `new[e]` is 0 when the
mapping has no entry, else 1 + its slot index (PTEG * slots + slot). At most
one entry per mapping and table is representable; that is what the real
tables hold as long as the guest never inserts a mapping twice. `hcur[e]` /
`hnew[e]` are the entry's H bit (HPTE_V_SECONDARY: the hardware looks for it
in the secondary PTEG); they can be 1 only with `secondary=1`, so at the
default parameters they hold one value and cost no state.

Each mapping also has a page-size class, static (`large`): mappings
0..large-1 are large pages (16M: the bolted linear mapping uses
mmu_linear_psize), the rest base pages; only a host that decodes the page
size wrongly (`wrong_pshift`) treats the classes differently.

Orders are relative: order k has 2^k PTEGs (the model's smallest table has
one); `boot` is the order QEMU gave the guest, and the host's default.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from hintcheck.model.core import Domain, ModelError, per_index, scalar

MAX_ORDERS, MAX_SLOTS, MAX_MAPS = 3, 2, 4
POSITIONS = 1 + MAX_SLOTS * 2 ** (MAX_ORDERS - 1)      # 0 = absent, else 1 + slot index
HASHES = (0, 3, 1, 2)                                     # abstract hash of each mapping
# The bits a wrong base page shift moves into a large page's rebuilt hash (its
# offset within the segment, which its AVPN holds): 0 for the segment's first page.
SEGMENT_OFFSETS = (0, 2, 1, 3)


class Prep(IntEnum):
    """The host's pending preparation (`kvm->arch.resize_hpt` / `spapr->pending_hpt`)."""
    NONE = 0
    ALLOC = 1        # worker allocating and zeroing the table (resize_hpt_prepare_work)
    COPY = 2         # host B only: background copy of the old table into the new one
    READY = 3        # prepared: PREPARE now returns H_SUCCESS
    FAILED = 4       # allocation failed (H_NO_MEM), reported at the next PREPARE


class Drv(IntEnum):
    """Where the guest's resize driver (`pseries_lpar_resize_hpt()`) is."""
    IDLE = 0
    POLL = 1         # PREPARE answered H_LONG_BUSY: msleep() and ask again
    SYNC = 2         # PREPARE answered H_SUCCESS: stop_machine() is stopping the other CPUs
    COMMIT = 3       # H_RESIZE_HPT_COMMIT in progress (host A: rehashing slot by slot)
    RETURNED = 4     # COMMIT returned `rc`: the stop_machine callback updates the globals


class Rc(IntEnum):
    """The return code of the last COMMIT."""
    NONE = 0
    SUCCESS = 1      # H_SUCCESS
    CLOSED = 2       # H_CLOSED: no matching preparation (forgotten, or another order)
    BUSY = 3         # H_BUSY: the preparation is not complete
    PTEG_FULL = 4    # H_PTEG_FULL: a bolted collision in the new table


BIT = Domain.range(2)
ORDER = Domain.range(MAX_ORDERS)
PEND = Domain.range(MAX_MAPS + 1).labelled(lambda v: "none" if v == 0 else f"map{v - 1}")
HBIT = Domain.upto("secondary")                         # 0 only, unless the secondary PTEG is used
POS = Domain.range(POSITIONS).labelled(lambda v: "absent" if v == 0 else f"slot{v - 1}")


@dataclass(frozen=True, slots=True)
class HptState:
    order: Any = scalar(ORDER)                          # the host's table in use
    gorder: Any = scalar(ORDER)                         # the guest's ppc64_pft_size / htab_hash_mask
    cur: tuple[Any, ...] = per_index("maps", POS)       # entry of each mapping in the current table
    new: tuple[Any, ...] = per_index("maps", POS)       # entry of each mapping in the prospective table
    gmap: tuple[Any, ...] = per_index("maps", BIT)      # the guest believes the mapping is in the HPT
    prep: Any = scalar(Domain.enum_of(Prep))            # the host's pending preparation
    porder: Any = scalar(ORDER)                         # its order
    cursor: Any = scalar(Domain.range(POSITIONS))       # next old slot to rehash or copy
    drv: Any = scalar(Domain.enum_of(Drv))              # the resize driver
    dorder: Any = scalar(ORDER)                         # the order the driver asked for
    rc: Any = scalar(Domain.enum_of(Rc))                # the last COMMIT's return code
    polls: Any = scalar(Domain.upto("timeout"))         # PREPARE polls answered H_LONG_BUSY
    stopped: tuple[Any, ...] = per_index("cpus", BIT)   # spinning in stop_machine's multi_cpu_stop
    pend: tuple[Any, ...] = per_index("cpus", PEND)  # fault in flight: 1 + mapping
    pord: tuple[Any, ...] = per_index("cpus", ORDER)    # the order the faulting CPU hashed with
    hcur: tuple[Any, ...] = per_index("maps", HBIT)     # H bit of each entry of the current table
    hnew: tuple[Any, ...] = per_index("maps", HBIT)     # H bit of each entry of the prospective table

    def set(self, **changes: Any) -> HptState:
        return replace(self, **changes)


def initial(m: Any) -> HptState:
    """Booted at order `boot`; no mapping inserted; no resize in progress."""
    if m.boot >= m.params["orders"] or m.bolted > m.params["maps"]:
        raise ModelError(f"model hpt: need boot < orders and bolted <= maps (boot={m.boot}, "
                         f"orders={m.params['orders']}, bolted={m.bolted}, maps={m.params['maps']})")
    maps = (0,) * len(m.maps)
    cpus = (0,) * len(m.cpus)
    return HptState(order=m.boot, gorder=m.boot, cur=maps, new=maps, gmap=maps, prep=Prep.NONE,
                    porder=0, cursor=0, drv=Drv.IDLE, dorder=0, rc=Rc.NONE, polls=0,
                    stopped=cpus, pend=cpus, pord=cpus, hcur=maps, hnew=maps)
