"""Properties of the reference model."""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import Bool, Or, every, invariant
from hintcheck.model.reference.state import Phase


@invariant
def no_data_loss(m: Any, s: Any) -> Bool:
    """After migration, every page the guest holds has its content at the destination.

    The reference model's form of G1 ("stable before use", domain.md §8): once
    migration is done, every allocated page's destination copy equals the
    content the guest last wrote. A violation means the migrated guest reads
    a zero page (or a stale copy) where it had written data: a hint that was
    not undone before the page was used again.
    """
    return Or(s.phase != Phase.DONE,
              every(Or(s.alloc[p] == 0, s.dest[p] == s.data[p]) for p in m.pages))


PROPERTIES = (no_data_loss,)
