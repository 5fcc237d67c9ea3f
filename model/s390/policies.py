"""s390 hinting designs: the merged ESSA design and seed 003's proposals.

Hooks take `(m, s, ...)` like guards and effects and return a state; the
hypercalls (ESSA instructions; a vector call counts once) each hook issues
are declared in `hcalls`.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import ite
from hintcheck.model.hypervisor.essa import EState, essa
from hintcheck.model.s390.volatile import VolatileLazy, VolatileLazyKeepOnFree, VolatileLazyNoRecheck


class Essa:
    """ESSA_SET_UNUSED in arch_free_page(), ESSA_SET_STABLE in arch_alloc_page(): merged Linux.

    Cost: one ESSA per free and per allocation. Expected to hold: a page in
    use is always stable, so the host never discards it.
    """

    name = "essa"
    hcalls: dict[str, Any] = {"on_free": 1, "on_alloc": 1}

    def on_free(self, m: Any, s: Any, cpu: int, page: int) -> Any:
        return essa(s, page, EState.UNUSED)

    def on_alloc(self, m: Any, s: Any, cpu: int, page: int) -> Any:
        return essa(s, page, EState.STABLE)


class SpillBatch:
    """Pages on per-CPU lists stay stable; set unused at spill, stable at refill (seed 003).

    Rik van Riel's proposal: hint "in-between the per-cpu free page lists and
    the buddy allocator" with a vector of pages; one vector call per spill or
    refill batch. Expected to violate no_data_loss_stable and
    stable_before_use: rmqueue_buddy() hands a spilled, unused page straight
    to a caller without a refill (4 and 3 steps). Holds with `-p direct=0`,
    where every allocation passes a per-CPU list.
    """

    name = "spill-batch"
    hcalls = {"on_spill": 1, "on_refill": 1}

    def on_spill(self, m: Any, s: Any, cpu: int, page: int) -> Any:
        return essa(s, page, EState.UNUSED)

    def on_refill(self, m: Any, s: Any, cpu: int, page: int) -> Any:
        return essa(s, page, EState.STABLE)


class Volatile(Essa):
    """Essa plus volatile page-cache pages (the unmerged 2006 design of seed 003).

    A page that becomes clean page cache is made volatile (on_clean); before
    a store the guest makes it stable again (on_write), which a discarded
    page refuses: the access becomes a discard fault and the page is
    re-read. Expected to hold.
    """

    name = "volatile"

    hcalls = {**Essa.hcalls, "on_clean": 1,
              "on_write": lambda m, s, page: ite(s.hs[page] == EState.VOLATILE, 1, 0)}

    def on_clean(self, m: Any, s: Any, page: int) -> Any:
        return essa(s, page, EState.VOLATILE)

    def on_write(self, m: Any, s: Any, page: int) -> Any:
        return essa(s, page, EState.STABLE)


POLICIES = {"essa": Essa, "spill-batch": SpillBatch, "volatile": Volatile,
            "volatile-lazy": VolatileLazy, "volatile-lazy-keep-on-free": VolatileLazyKeepOnFree,
            "volatile-lazy-no-recheck": VolatileLazyNoRecheck}
