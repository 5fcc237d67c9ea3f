"""Properties of the reference model."""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import Bool, Implies, Or, every, invariant
from hintcheck.model.reference.state import Phase
from hintcheck.properties.migration import migration_converges


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


PROPERTIES = (no_data_loss, migration_converges)


# Lemmas: invariants that make no_data_loss inductive for `undo`. They are not
# claims of the design (`rfc` breaks the first by construction); `hintcheck
# prove --lemma NAME` assumes and proves them together with the property.

@invariant
def in_use_is_stable(m: Any, s: Any) -> Bool:
    """A page the guest holds is never hinted unused (what `undo`'s on_alloc ensures)."""
    return every(Implies(s.alloc[p] == 1, s.hint[p] == 0) for p in m.pages)


@invariant
def sent_and_clean_is_current(m: Any, s: Any) -> Bool:
    """While migrating, a held page that is neither to be sent nor dirty has its content at the destination."""
    return Or(s.phase != Phase.MIGRATING,
              every(Implies(s.alloc[p] == 1,
                            Or(s.tosend[p] == 1, s.dirty[p] == 1, s.dest[p] == s.data[p]))
                    for p in m.pages))


LEMMAS = (in_use_is_stable, sent_and_clean_is_current)
