"""pseries page states: H_PAGE_INIT with H_PAGE_SET_UNUSED / H_PAGE_SET_ACTIVE, CMO reclaim.

Mechanisms:

- Linux `arch/powerpc/platforms/pseries/lpar.c` (verified): `arch_free_page()`
  calls `pSeries_set_page_state(page, order, H_PAGE_SET_UNUSED)`, one
  `plpar_hcall_norets(H_PAGE_INIT, ...)` per CMO page, return code ignored,
  only when `cmo_free_hint_flag` and `FW_FEATURE_CMO` (and, in mainline,
  not on radix). There is no powerpc `arch_alloc_page()`.
- PowerVM (seed 000, verified from the RFC thread): an unused page may be
  reclaimed under CMO, and its content "need not be copied to the
  destination during a live partition migration" (`copy_of` skips it).
- QEMU's `h_page_init()` (`hw/ppc/spapr_hcall.c`, verified) accepts only
  H_ICACHE_SYNCHRONIZE | H_ICACHE_INVALIDATE | H_COPY_PAGE | H_ZERO_PAGE and
  returns H_PARAMETER otherwise: the page-state semantics here are
  PowerVM's, not QEMU's.

Fields: `hs[p]` (PState), `gone[p]` (the host reclaimed the frame: its
content is lost, a later access gets a fresh zero frame).

Assumption parameters (host behaviour no source settles):
- `store_activates` (default 0): whether a guest store to a page marked
  unused implicitly makes it active again. Believed 0 for partition
  migration: the RFC's "memory corruption after partition migrations" can
  only happen if stores do not undo the hint. With 1, `rfc` and `cmo` hold.
  The same value makes today's CMO-only hinting (no undo either) lose
  data to CMO reclaim; no report of that was found, which suggests that
  PowerVM's CMO path treats stores to unused pages in a way the sources do
  not describe. The model cannot settle it: both values are checkable.
- `cmo` (default 0): the partition runs with Cooperative Memory
  Overcommitment (FW_FEATURE_CMO), so the host may reclaim unused pages
  (`cmo_reclaim`). The RFC's target is a migratable partition without CMO.
"""
from __future__ import annotations

from enum import IntEnum
from typing import Any

from hintcheck.model.core import And, Domain, action, ite, put
from hintcheck.model.migration.precopy import Phase


class PState(IntEnum):
    ACTIVE = 0
    UNUSED = 1


PSTATE = Domain.enum_of(PState)
H_PAGE_SET_UNUSED = PState.UNUSED
H_PAGE_SET_ACTIVE = PState.ACTIVE


def h_page_init(s: Any, page: int, state: PState) -> Any:
    """One H_PAGE_INIT hypercall on `page` (the caller declares its cost)."""
    return s.set(hs=put(s.hs, page, state))


def papr_store(m: Any, s: Any, page: int, whole: bool) -> Any:
    """Host side of a guest store.

    A store to a reclaimed frame faults in a fresh zero frame: an
    initialisation (`whole`) then holds the stored content, a partial store
    leaves the rest of the page lost. With `store_activates` the store also
    makes an unused page active again.
    """
    if whole:
        s = s.set(gone=put(s.gone, page, 0))
    if m.store_activates:
        s = s.set(hs=put(s.hs, page, PState.ACTIVE))
    return s


def papr_copy(m: Any, s: Any, page: int) -> Any:
    """What partition migration transfers: nothing (a zero page) for a page held unused."""
    return ite(s.hs[page] == PState.UNUSED, 0, ite(s.gone[page] == 1, 0, s.data[page]))


def papr_skipped(m: Any, s: Any, page: int) -> Any:
    """Partition migration transmits no content for a page the host holds unused."""
    return s.hs[page] == PState.UNUSED


def papr_readable(m: Any, s: Any, page: int) -> Any:
    """The guest reads back what it wrote at the source: the frame was not reclaimed."""
    return s.gone[page] == 0


def _reclaimable(m: Any, s: Any, page: int) -> Any:
    return And(m.cmo == 1, s.phase != Phase.DONE, s.hs[page] == PState.UNUSED, s.gone[page] == 0)


@action(params=("pages",), guard=_reclaimable, actor="hypervisor")
def cmo_reclaim(m: Any, s: Any, page: int) -> Any:
    """CMO: the host reclaims the frame of a page the guest marked unused (content dropped)."""
    return s.set(gone=put(s.gone, page, 1))
