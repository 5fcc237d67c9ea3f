"""The s390 model: ESSA page states, host discard, page cache, and live migration.

Composed from the guest allocator and page cache (model/guest), the ESSA
page-state table with host discard and discard faults
(model/hypervisor/essa.py) and pre-copy migration (model/migration). The
policies are the merged design (`essa`), seed 003's spill batching
(`spill-batch`) and the unmerged volatile designs (`volatile`,
`volatile-lazy` and its two broken variants).

Assumption parameter: `host`, what a guest sees of a page the host
dropped: 0 (default) mainline KVM, where it reads as zeroes with no discard
fault; 1 z/VM and the unmerged 2006 host side, where touching a dropped
volatile page is a discard fault the guest handles by re-reading the page.
The volatile designs hold only under 1: on KVM a dropped clean page-cache
page silently reads as zeroes. `lazy_clear` (a real QEMU mode) and
`pending` (the pending-set size of the lazy designs) are configuration.

Pages are declared interchangeable (not with `orders=2`), CPUs are not (why: "Symmetry" in
model/guest/allocator.py).

Simplifications that could hide a bug:
- at most two orders (`orders=2`: buddy pairs that merge in the pool and
  order-1 allocations and frees, which bypass the per-CPU lists); spill
  and refill move one page a step;
- `writeback` stands for every way a page becomes clean page cache, and
  eligibility for make-volatile is "in use and clean" (the real checks read
  page flags, the mapping and the reference count);
- the CMMA migration stream is not modelled: page states are taken to reach
  the destination intact, and the destination never discards;
- a discard fault re-reads into the same page;
- one dirty-log chunk unless `chunks = 2`; the remaining count is exact and compared with `threshold` pages;
- NODAT, POT_VOLATILE and STABLE_IF_RESIDENT are never used;
- the free's store (free_init), ESSA_SET_UNUSED and the list insertion are
  one step unless `late_init` (Linux before 2019: the store followed the
  hint, the access to an unused page fixed by moving arch_free_page()).

Allocation and free take the per-CPU path or go straight to the buddy
pool (`direct`, on by default as in Linux): `spill-batch` is violated
there, because a page allocated by rmqueue_buddy() never passes a refill.
`free_init` gives the content a free leaves (init_on_free zeroes, page
poisoning); a dropped free page reads as zeroes once made stable.
"""
from hintcheck.model.core import HCALLS, ModelSpec, Param, Setting
from hintcheck.model.guest import (ALLOCATOR_MEASURES, GUEST_PARAMS, clean_hook, guest_actions, guest_hooks, next_token,
                                  pagecache_actions)
from hintcheck.model.hypervisor.essa import discard, discard_fault, essa_copy
from hintcheck.model.migration import (MIGRATION_FAIRNESS, MIGRATION_MEASURES, MIGRATION_PARAMS, migrated,
                                       migration_actions, migration_hooks)
from hintcheck.model.s390.policies import POLICIES
from hintcheck.model.s390.state import ACCESS, S390State, initial

SIMPLIFICATIONS = (
    "at most two orders (orders=2: buddy pairs that merge, order-1 blocks straight to and from the pool); "
    "the pool hands out any free block; spill/refill move one page per step (capacity 1 = whole batch)",
    "make-volatile eligibility is 'in use and clean page cache'; writeback is the only way to clean",
    "the CMMA migration stream is not modelled; the destination never discards",
    "a discard fault (host=1) re-reads into the same page; host=0 takes KVM's zap-and-read-zeroes, host=1 "
    "z/VM's discard fault: each verdict holds for the host it names",
    "one dirty-log clear chunk unless chunks=2; the remaining count is exact and compared with `threshold` pages",
    "free_init: one kind of free-time content for every free; init_on_alloc, __GFP_ZERO callers and KASAN are "
    "not modelled, and a poison check reads the whole page as one token",
    "the free's poisoning or zeroing store, ESSA_SET_UNUSED in arch_free_page() and the list insertion are one "
    "step unless late_init=1 (Linux before 2019, where the store after the hint is a step of its own)",
    "postcopy (postcopy=1): host page states travel with their pages; requested and background sends are "
    "one action in any order",
)

_PAGE = "may change hs/pend of page"
_WRITES = ("hs[page]", "pend[page]")
HOOKS = guest_hooks(_WRITES) + (clean_hook(_WRITES),) + migration_hooks(("hs", "pend"))
SETTINGS = (HCALLS,
            Setting("recheck", bool, True, "the lazy flush re-checks each queued page under its lock "
                    "(flush_check)"),
            Setting("remove_on_free", bool, True, "a free takes the page out of the pending set "
                    "(read by the shipped volatile-lazy designs)"))

SPEC = ModelSpec(
    name="s390",
    doc=__doc__.splitlines()[0],
    state=S390State,
    params=GUEST_PARAMS + MIGRATION_PARAMS + (
        Param("pending", 1, 2, 1, "size of the pending make-volatile set (volatile-lazy designs)"),
        Param("host", 0, 1, 0, "assumption: 0 KVM (a dropped page reads as zeroes, no discard fault), "
              "1 z/VM / the 2006 series (touching a dropped volatile page is a discard fault)"),),
    index_sets={"pages": "pages", "cpus": "cpus"},
    symmetric=frozenset({"pages"}),
    terminal=migrated,
    init=initial,
    actions=(guest_actions(ACCESS, next_token) + pagecache_actions(ACCESS) + (discard, discard_fault)
             + migration_actions(essa_copy)),
    hooks=HOOKS,
    settings=SETTINGS,
    policies=POLICIES,
    simplifications=SIMPLIFICATIONS,
    fairness=MIGRATION_FAIRNESS,
    measures=ALLOCATOR_MEASURES + MIGRATION_MEASURES,    # QEMU reads every page: nothing is skipped
    default_policy="essa",
)
