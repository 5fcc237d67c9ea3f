"""Properties of the pseries model (domain.md §8 P-DATA, P-UNDO)."""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import Bool, Not, Or, every, invariant
from hintcheck.model.guest import IN_USE
from hintcheck.model.hypervisor.papr import PState, papr_readable
from hintcheck.model.migration import Phase
from hintcheck.properties.pages import data_properties


def _migrated(m: Any, s: Any, page: int) -> Bool:
    return s.dest[page] == s.data[page]


no_data_loss_stable, no_data_loss_at_finish = data_properties(papr_readable, _migrated)


@invariant
def stable_before_use(m: Any, s: Any) -> Bool:
    """No page is in use while the host holds it unused where the host may act on that view.

    P-UNDO: the host acts on "unused" while a migration is running (it skips
    the page) and, under CMO, at any time (it reclaims the frame).
    """
    acting = Or(m.cmo == 1, s.phase == Phase.MIGRATING)
    return every(Or(s.loc[p] != IN_USE, s.hs[p] != PState.UNUSED, Not(acting))
                 for p in m.pages)


PROPERTIES = (no_data_loss_stable, stable_before_use, no_data_loss_at_finish)
