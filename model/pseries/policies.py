"""pseries hinting designs: when H_PAGE_SET_UNUSED is sent and how it is undone.

Hooks take `(m, s, ...)` like guards and effects and return a state; the
hypercalls each hook issues are declared in `hcalls` (counted per step).
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, action, count, ite, put, some
from hintcheck.model.hypervisor.papr import H_PAGE_SET_ACTIVE, H_PAGE_SET_UNUSED, PState, h_page_init
from hintcheck.model.migration import running


class Rfc:
    """SET_UNUSED in arch_free_page() on a migratable partition, no undo: the seed RFC.

    Cost: one hcall per free. Expected to violate no_data_loss_stable: a page
    freed (hinted unused), reused and written is skipped by partition
    migration, so the destination holds a zero page where the guest had data.
    """

    name = "rfc"
    hcalls = {"on_free": 1}

    def on_free(self, m: Any, s: Any, cpu: int, page: int) -> Any:
        return h_page_init(s, page, H_PAGE_SET_UNUSED)


class Undo(Rfc):
    """Rfc plus SET_ACTIVE in arch_alloc_page(), before first use (the fix Nathan Lynch names).

    Cost: one hcall per free and one per allocation. Expected to hold.
    """

    name = "undo"
    hcalls = {"on_free": 1, "on_alloc": 1}

    def on_alloc(self, m: Any, s: Any, cpu: int, page: int) -> Any:
        return h_page_init(s, page, H_PAGE_SET_ACTIVE)


def _flushable(m: Any, s: Any) -> Any:
    return And(running(m, s), some(s.pend[p] == 1 for p in m.pages))


@action(guard=_flushable, cost={"hcalls": lambda m, s: count(s.pend[p] == 1 for p in m.pages)})
def flush_undo(m: Any, s: Any) -> Any:
    """The deferred SET_ACTIVE calls are issued as one batch (one H_PAGE_INIT per page)."""
    hs = tuple(ite(s.pend[p] == 1, PState.ACTIVE, s.hs[p]) for p in m.pages)
    return s.set(hs=hs, pend=(0,) * len(m.pages))


class LazyUndo(Rfc):
    """Rfc plus a deferred SET_ACTIVE: arch_alloc_page() queues it, `flush_undo` sends the batch.

    A free drops the page's pending undo (the page is unused again). Cost:
    one hcall per free, undo calls batched. Expected to violate
    no_data_loss_stable: migration can send the page while its undo is
    still queued, as the reference model's `lazy`.
    """

    name = "lazy-undo"
    actions = (flush_undo,)

    def on_free(self, m: Any, s: Any, cpu: int, page: int) -> Any:
        return h_page_init(s.set(pend=put(s.pend, page, 0)), page, H_PAGE_SET_UNUSED)

    def on_alloc(self, m: Any, s: Any, cpu: int, page: int) -> Any:
        return s.set(pend=put(s.pend, page, 1))


class Cmo:
    """Today's merged code: SET_UNUSED in arch_free_page() only under CMO (FW_FEATURE_CMO), no undo.

    On a partition without CMO (`cmo=0`, the default) it never hints: safe,
    and saves nothing. With `cmo=1` it is rfc plus host reclaim, and fails
    unless a store re-activates the page (`store_activates=1`).
    """

    name = "cmo"

    @property
    def hcalls(self) -> dict[str, Any]:
        return {"on_free": lambda m, s, cpu, page: m.cmo}

    def on_free(self, m: Any, s: Any, cpu: int, page: int) -> Any:
        return h_page_init(s, page, H_PAGE_SET_UNUSED) if m.cmo else s


POLICIES = {"rfc": Rfc, "undo": Undo, "lazy-undo": LazyUndo, "cmo": Cmo}
