"""Policies of the reference model: when the "unused" hint is undone.

Every policy hints a page unused on free (the `free` action). They differ in
what `alloc` does about that hint before the page is used again.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import put
from hintcheck.model.reference.actions import set_stable
from hintcheck.model.reference.state import RefState


class Rfc:
    """Hint on free, no undo on alloc: the defect the seed RFC admits to.

    Cost: one hcall per free. Expected to violate no_data_loss: a page freed,
    reallocated and written keeps its "unused" hint, so migration skips it
    and the destination holds a zero page (N + 5 steps).
    """

    name = "rfc"


class UndoOnAlloc:
    """Set the page stable inside alloc, before first use (arch_alloc_page()).

    Cost: one hcall per free and one per alloc. Expected to hold: a page in
    use is never hinted unused, so every send carries its content.
    """

    name = "undo"
    hcalls = {"on_alloc": 1}

    def on_alloc(self, m: Any, s: RefState, page: int) -> RefState:
        return s.set(hint=put(s.hint, page, 0))


class Lazy:
    """Defer the set-stable hypercall to a later batch (the `set_stable` action).

    Cost: one hcall per free, batched set-stable calls. Expected to violate
    no_data_loss: a page can be sent while its set-stable is still pending,
    so the destination receives a zero page (N + 5 steps).
    """

    name = "lazy"
    actions = (set_stable,)

    def on_alloc(self, m: Any, s: RefState, page: int) -> RefState:
        return s.set(pend=put(s.pend, page, 1))


POLICIES = {"rfc": Rfc, "undo": UndoOnAlloc, "lazy": Lazy}
