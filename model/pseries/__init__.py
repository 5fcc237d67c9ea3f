"""The pseries model: H_PAGE_INIT page states, CMO reclaim and partition migration.

Composed from the guest allocator (model/guest: per-CPU lists, buddy pool,
arch_free_page/arch_alloc_page hook points), the PAPR page-state table
(model/hypervisor/papr.py: active/unused, CMO reclaim, migration skips
unused pages) and pre-copy migration with a two-layer dirty log
(model/migration). The policies are the designs of seed 000 and
domain.md §1.5: `rfc`, `undo`, `lazy-undo` and today's `cmo`.

Assumption parameters (see model/hypervisor/papr.py): `store_activates`
(believed 0, from the RFC's observed corruption) and `cmo` (0: the RFC's
migratable partition without CMO). `lazy_clear` picks classic or
manual-protect clearing of the KVM dirty log; both are real QEMU modes.

Pages are declared interchangeable (not with `orders=2`), CPUs are not (why: "Symmetry" in
model/guest/allocator.py).

Simplifications that could hide a bug:
- at most two orders (`orders=2`: buddy pairs that merge in the pool and
  order-1 allocations and frees, which bypass the per-CPU lists); spill
  and refill move one page a step;
- one CMO page per guest page (the real cost is one hcall per CMO page,
  16 per 64 KiB page with 4 KiB CMO pages);
- H_PAGE_INIT always succeeds (the guest ignores its return code anyway);
- LPM is modelled with QEMU's pre-copy loop and KVM's dirty log; PowerVM's
  own transfer loop is not public, only its skipping of unused pages is;
- one dirty-log chunk unless `chunks = 2`; the remaining count is exact and compared with `threshold` pages;
- the free's store (free_init), the hint and the list insertion are one
  step unless `late_init` (Linux before 2019, where the store followed
  the hint); free-time content is one token per page;
- a reclaimed CMO frame and a page migration skipped read as zeroes.

Allocation and free take the per-CPU path or go straight to the buddy
pool (`direct`, on by default as in Linux); `free_init` gives the content a
free leaves (init_on_free zeroes, page poisoning), which survives until the
next allocation (properties free_content_kept, no_access_after_free_hint).
"""
from hintcheck.model.core import HCALLS, ModelSpec, Param
from hintcheck.model.guest import ALLOCATOR_MEASURES, GUEST_PARAMS, guest_actions, guest_hooks, next_token
from hintcheck.model.hypervisor.papr import cmo_reclaim, papr_copy, papr_skipped
from hintcheck.model.migration import (MIGRATION_FAIRNESS, MIGRATION_MEASURES, MIGRATION_PARAMS, migrated,
                                       migration_actions, migration_hooks)
from hintcheck.model.pseries.policies import POLICIES
from hintcheck.model.pseries.state import ACCESS, PseriesState, initial

SIMPLIFICATIONS = (
    "at most two orders (orders=2: buddy pairs that merge, order-1 blocks straight to and from the pool); "
    "the pool hands out any free block; spill/refill move one page per step (capacity 1 = whole batch)",
    "one CMO page per guest page; H_PAGE_INIT never fails",
    "partition migration modelled by QEMU's pre-copy loop; only the skip of unused pages is PowerVM's",
    "one dirty-log clear chunk unless chunks=2; the remaining count is exact and compared with `threshold` pages",
    "postcopy (postcopy=1): host page states travel with their pages; requested and background sends are "
    "one action in any order",
    "the free's poisoning or zeroing store, arch_free_page() and the list insertion are one step unless "
    "late_init=1 (Linux before 2019: the store after the hint is a step of its own)",
    "free_init: one kind of free-time content for every free; init_on_alloc, __GFP_ZERO callers and KASAN are "
    "not modelled, and a poison check reads the whole page as one token",
    "a reclaimed (CMO) frame and a page partition migration skipped are taken to read as zeroes",
)

_WRITES = ("hs[page]", "pend[page]")
HOOKS = guest_hooks(_WRITES) + migration_hooks(("hs", "pend"))

SPEC = ModelSpec(
    name="pseries",
    doc=__doc__.splitlines()[0],
    state=PseriesState,
    params=GUEST_PARAMS + MIGRATION_PARAMS + (
        Param("cmo", 0, 1, 0, "assumption: the partition has CMO, so the host may reclaim unused pages"),
        Param("store_activates", 0, 1, 0, "assumption: a guest store makes an unused page active")),
    index_sets={"pages": "pages", "cpus": "cpus"},
    symmetric=frozenset({"pages"}),
    terminal=migrated,
    init=initial,
    actions=guest_actions(ACCESS, next_token) + (cmo_reclaim,) + migration_actions(papr_copy, papr_skipped),
    hooks=HOOKS,
    settings=(HCALLS,),
    policies=POLICIES,
    simplifications=SIMPLIFICATIONS,
    fairness=MIGRATION_FAIRNESS,
    measures=ALLOCATOR_MEASURES + MIGRATION_MEASURES,
    default_policy="undo",
)
