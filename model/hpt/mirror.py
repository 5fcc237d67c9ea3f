"""Host implementation B (seed 001): mirror updates during PREPARE, copy in the background, pivot at COMMIT.

No shipping host implements it; the seed describes it: while a
preparation is pending, H_ENTER and H_REMOVE of bolted entries are applied
to both tables, a background worker copies the old table's bolted entries
slot by slot, the preparation is ready once the copy has passed every old
slot, and COMMIT only pivots. Placement in the new table is as in A (same
slot, new PTEG); a bolted collision while copying or mirroring fails the
preparation (the next PREPARE reports it). Non-bolted entries are not
carried over (R3), as in A.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Not, Or, action, ite, put
from hintcheck.model.hpt.host import pivot
from hintcheck.model.hpt.state import HptState, Prep
from hintcheck.model.hpt.table import copy_slot_into, nslots


@action(guard=lambda m, s: s.prep == Prep.COPY)
def copy_slot(m: Any, s: HptState) -> HptState:
    """The background worker copies old slot `cursor` into the prospective table."""
    new, hnew, clash = copy_slot_into(m, s)
    done = s.cursor + 1 == nslots(m, s.order)
    prep = ite(clash, Prep.FAILED, ite(done, Prep.READY, Prep.COPY))
    return s.set(new=new, hnew=hnew, cursor=s.cursor + 1, prep=prep)


class MirrorDuringPrepare:
    """Host B hooks: copy after allocation, mirror bolted updates, pivot at COMMIT."""

    actions = (copy_slot,)
    fairness = ("copy_slot",)

    def after_alloc(self, m: Any, s: HptState) -> HptState:
        return s.set(prep=Prep.COPY, cursor=0)

    def on_commit(self, m: Any, s: HptState) -> HptState:
        return pivot(s)

    def on_update(self, m: Any, s: HptState, e: int, changed: Any, target: Any, clash: Any) -> HptState:
        live = And(changed, Or(s.prep == Prep.COPY, s.prep == Prep.READY))
        hit = And(live, clash)
        mirrored = And(live, Not(hit))
        s = s.set(new=put(s.new, e, ite(mirrored, target, s.new[e])), prep=ite(hit, Prep.FAILED, s.prep))
        if m.secondary:
            s = s.set(hnew=put(s.hnew, e, ite(mirrored, s.hcur[e], s.hnew[e])))
        return s
