"""Properties of the s390 model (domain.md §8 P-DATA, §4.4 G1)."""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Or, every, invariant
from hintcheck.model.guest import IN_USE, Kind
from hintcheck.model.hypervisor.essa import EState, essa_readable
from hintcheck.properties.migration import migration_converges
from hintcheck.properties.pages import data_properties


def _migrated(m: Any, s: Any, page: int) -> Bool:
    """The destination has the content, or the page is clean and volatile (it refaults there)."""
    return Or(s.dest[page] == s.data[page],
              And(s.hs[page] == EState.VOLATILE, s.kind[page] == Kind.CLEAN))


no_data_loss_stable, no_data_loss_at_finish = data_properties(essa_readable, _migrated)


@invariant
def stable_before_use(m: Any, s: Any) -> Bool:
    """G1 / P-UNDO: no page in use is held unused by the host, which may discard it at any time.

    A volatile page in use is allowed only while it is clean page cache.
    """
    return every(Or(s.loc[p] != IN_USE,
                    s.hs[p] == EState.STABLE,
                    And(s.hs[p] == EState.VOLATILE, s.kind[p] == Kind.CLEAN))
                 for p in m.pages)


PROPERTIES = (no_data_loss_stable, stable_before_use, no_data_loss_at_finish, migration_converges)
