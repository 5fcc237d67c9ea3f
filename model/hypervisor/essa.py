"""s390 page states: ESSA (guest page hinting, CMMA) and host discard.

Mechanisms:

- Linux `arch/s390/mm/page-states.c` (verified, mainline): `arch_free_page()`
  -> `set_page_unused()` = ESSA_SET_UNUSED on each of the 2^order pages;
  `arch_alloc_page()` -> ESSA_SET_STABLE (or SET_STABLE_NODAT with facility
  147), one instruction per 4 KiB page, in `post_alloc_hook()` before the
  page is used.
- KVM `pgste_perform_essa()` (domain.md §4.2, verified there): usage states
  STABLE, UNUSED, POT_VOLATILE, VOLATILE; the host may drop an UNUSED or
  VOLATILE page instead of swapping it (`discard`). What the guest then
  sees is the host's, an assumption parameter of a composing model
  (`host`): on KVM (0, mainline) a dropped page is zapped and reads as
  zeroes, silently, with no discard fault (KVM never discards a resident
  volatile page; one that was swapped out comes back zapped: the model's
  `discard` stands for both); on z/VM and in the 2006 series (1) an access
  to a discarded volatile page is a discard fault delivered to the guest.
- The volatile states belong to the 2006 "guest page hinting" series
  (seed 003), which was never merged: a volatile page is a clean page-cache
  page whose content the guest can re-read; the guest makes it stable
  before modifying it, which fails if the host discarded it, and the guest
  then takes the discard-fault path (`discard_fault`).

Fields: `hs[p]` (EState), `gone[p]` (the host discarded the page: the
"logical zero" PGSTE bit).

Simplifications: the CMMA migration stream (`KVM_S390_GET_CMMA_BITS`) is
not modelled: page states are taken to reach the destination with the
final state; NODAT and POT_VOLATILE are never set by a modelled design; a
discard fault re-reads the content into the same page (the real guest
drops the page from the page cache and reads into a new one).
"""
from __future__ import annotations

from enum import IntEnum
from typing import Any

from hintcheck.model.core import And, Domain, Not, Or, action, ite, put
from hintcheck.model.guest.content import Kind
from hintcheck.model.migration.precopy import Phase, log_store


class EState(IntEnum):
    STABLE = 0
    UNUSED = 1
    VOLATILE = 2
    POT_VOLATILE = 3


ESTATE = Domain.enum_of(EState)


def essa(s: Any, page: int, state: EState) -> Any:
    """One ESSA instruction setting `page`'s usage state (the caller declares its cost)."""
    return s.set(hs=put(s.hs, page, state))


def discarded_volatile(s: Any, page: int) -> Any:
    return And(s.hs[page] == EState.VOLATILE, s.gone[page] == 1)


KVM, ZVM = 0, 1        # values of a composing model's `host` parameter


def essa_can_touch(m: Any, s: Any, page: int) -> Any:
    """On z/VM an access to a discarded volatile page is a discard fault, not an ordinary access;
    on KVM every access is ordinary (a discarded page reads as zeroes)."""
    return True if m.host == KVM else Not(discarded_volatile(s, page))


def essa_store(m: Any, s: Any, page: int, whole: bool) -> Any:
    """Host side of a guest store: an initialisation fills a discarded frame afresh."""
    return s.set(gone=put(s.gone, page, 0)) if whole else s


def essa_readable(m: Any, s: Any, page: int) -> Any:
    """The guest gets its content back: not discarded, or (z/VM) a clean volatile page it re-reads
    after the discard fault. On KVM a discarded page reads as zeroes: its content is gone."""
    if m.host == KVM:
        return s.gone[page] == 0
    return Or(s.gone[page] == 0,
              And(s.hs[page] == EState.VOLATILE, s.kind[page] == Kind.CLEAN))


def essa_copy(m: Any, s: Any, page: int) -> Any:
    """What QEMU sends for a page: its memory (a discarded page reads as zero)."""
    return ite(s.gone[page] == 1, 0, s.data[page])


def _discardable(m: Any, s: Any, page: int) -> Any:
    return And(s.phase != Phase.DONE, s.gone[page] == 0,
               Or(s.hs[page] == EState.UNUSED, s.hs[page] == EState.VOLATILE))


@action(params=("pages",), guard=_discardable, actor="hypervisor")
def discard(m: Any, s: Any, page: int) -> Any:
    """Host reclaim: an unused or volatile page is dropped instead of swapped out."""
    return s.set(gone=put(s.gone, page, 1))


def _faulting(m: Any, s: Any, page: int) -> Any:
    return And(m.host == ZVM, s.phase != Phase.DONE, s.loc[page] == 0, discarded_volatile(s, page))


@action(params=("pages",), guard=_faulting, cost={"hcalls": lambda m, s, page: 1}, actor="hypervisor")
def discard_fault(m: Any, s: Any, page: int) -> Any:
    """(z/VM) The guest touched a discarded volatile page: it re-reads it from storage, stable.

    The re-read content is the storage copy: correct for a clean page, stale
    for a page that was dirtied while volatile (the property catches that
    earlier, at the discard).
    """
    s = s.set(gone=put(s.gone, page, 0), hs=put(s.hs, page, EState.STABLE))
    return log_store(m, s, page)
