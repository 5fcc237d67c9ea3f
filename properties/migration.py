"""Liveness of migration, shared by every model with a pre-copy migration (reference, pseries, s390).

Each of them numbers its phases IDLE 0, MIGRATING 1, DONE 2.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import Bool, leads_to
from hintcheck.model.migration import Phase


def _migrating(m: Any, s: Any) -> Bool:
    """A migration is under way (pre-copy rounds)."""
    return s.phase == Phase.MIGRATING


def _ended(m: Any, s: Any) -> Bool:
    """The migration is over: stop-and-copy completed it, or (where the model has one) a cancel."""
    return s.phase != Phase.MIGRATING


migration_converges = leads_to(_migrating, _ended, name="migration_converges", doc="""\
L-CONV: every migration that starts ends, by stop-and-copy or by a cancel.

It assumes the model's fairness (the migration thread sends, syncs and
completes when it can) and bounded dirtying (`dirty_bound = 1`: at most
`rounds` syncs). Without the bound a guest that dirties a page in every
round keeps the migration going for ever. A cancel is never assumed: a
model without one must complete.""")
