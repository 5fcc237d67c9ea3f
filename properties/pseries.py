"""Properties of the pseries model (domain.md §8 P-DATA, P-UNDO)."""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import Bool, Implies, Not, Or, every, invariant
from hintcheck.model.guest import held
from hintcheck.model.hypervisor.papr import PState, papr_readable
from hintcheck.model.migration import Phase
from hintcheck.properties.migration import migration_converges
from hintcheck.properties.pages import data_properties, free_content_properties


def _migrated(m: Any, s: Any, page: int) -> Bool:
    return s.dest[page] == s.data[page]


no_data_loss_stable, no_data_loss_at_finish = data_properties(papr_readable, _migrated)
# A reclaimed (CMO) frame comes back zero (papr_store); a skipped page arrives as zero (papr_copy).
free_content_kept, no_access_after_free_hint = free_content_properties(
    papr_readable, _migrated, lambda m, s, page: s.hs[page] == PState.UNUSED, lambda m, s, page: s.gone[page] == 1)


@invariant
def stable_before_use(m: Any, s: Any) -> Bool:
    """No page is in use while the host holds it unused where the host may act on that view.

    P-UNDO: the host acts on "unused" while a migration is running (it skips
    the page) and, under CMO, at any time (it reclaims the frame).
    """
    acting = Or(m.cmo == 1, s.phase == Phase.MIGRATING)
    return every(Or(Not(held(s, p)), s.hs[p] != PState.UNUSED, Not(acting))
                 for p in m.pages)


PROPERTIES = (no_data_loss_stable, stable_before_use, no_data_loss_at_finish, migration_converges,
              free_content_kept, no_access_after_free_hint)


# Lemmas: what `undo` keeps true. Together with no_data_loss_stable they are
# inductive for every number of pages (properties/suites/pseries-proofs.toml);
# `fetched_is_queued` is needed only with lazy_clear=1.

@invariant
def in_use_is_active(m: Any, s: Any) -> Bool:
    """A page the guest holds is active at the host (undo's SET_ACTIVE in arch_alloc_page)."""
    return every(Implies(held(s, p), s.hs[p] == PState.ACTIVE) for p in m.pages)


@invariant
def fetched_is_queued(m: Any, s: Any) -> Bool:
    """A dirty bit fetched but not yet cleared in KVM is in the migration bitmap (lazy_clear)."""
    return every(Implies(s.fetched[p] == 1, s.bmap[p] == 1) for p in m.pages)


@invariant
def in_use_is_queued_or_current(m: Any, s: Any) -> Bool:
    """While migrating, a held page is still to be sent, dirty in KVM, or current at the destination."""
    return Or(s.phase != Phase.MIGRATING,
              every(Implies(held(s, p), Or(s.bmap[p] == 1, s.kd[p] == 1, s.dest[p] == s.data[p]))
                    for p in m.pages))


LEMMAS = (in_use_is_active, fetched_is_queued, in_use_is_queued_or_current)
