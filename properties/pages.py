"""Properties shared by the page-hinting models (pseries, s390).

Each is built from a model's `readable(m, s, page)`: whether the guest gets
its last-written content back when it next reads the page at the source.
"""
from __future__ import annotations

from typing import Any, Callable

from hintcheck.model.core import And, Bool, Or, Property, every, invariant
from hintcheck.model.guest import IN_USE
from hintcheck.model.migration import Phase


def data_properties(readable: Callable[..., Any], migrated_ok: Callable[..., Any]) -> tuple[Property, ...]:
    """no_data_loss_stable and its migration-only form no_data_loss_at_finish."""

    @invariant
    def no_data_loss_stable(m: Any, s: Any) -> Bool:
        """Every page the guest holds has its last-written content where the guest reads it next.

        Before completion that is source memory after any host discard (a
        discarded clean volatile page refaults from storage: not a loss);
        after completion it is the destination (domain.md P-DATA); in
        postcopy a page that arrived must be current there (one still to
        arrive is judged when it does, or at completion).
        """
        return every(Or(s.loc[p] != IN_USE,
                        And(Or(s.phase == Phase.DONE, readable(m, s, p)),
                            Or(s.phase != Phase.DONE, migrated_ok(m, s, p)),
                            Or(s.pc == 0, s.recv[p] == 0, migrated_ok(m, s, p))))
                     for p in m.pages)

    @invariant
    def no_data_loss_at_finish(m: Any, s: Any) -> Bool:
        """After migration, every page the guest holds has its content at the destination."""
        return Or(s.phase != Phase.DONE,
                  every(Or(s.loc[p] != IN_USE, migrated_ok(m, s, p)) for p in m.pages))

    return no_data_loss_stable, no_data_loss_at_finish
