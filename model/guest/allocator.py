"""Guest page allocator: buddy pool, per-CPU free lists, and the arch hook points.

Mechanisms (Linux `mm/page_alloc.c`, verified):

- `free_unref_page()` -> `free_unref_page_prepare()` -> `free_pages_prepare()`
  calls `arch_free_page(page, order)` *before* the page is put on the
  per-CPU list, so the hint is sent when the page is freed, not when the
  list spills (the `free` action and its `on_free` hook);
- `free_pcppages_bulk()` moves pages from a per-CPU list to the buddy pool
  when the list is above its high watermark, or on a drain; it calls no arch
  hook (the `spill` action and the `on_spill` hook point for designs that
  hint there, seed 003);
- `rmqueue_bulk()` refills a per-CPU list from the buddy pool, again with no
  arch hook (`refill`, `on_refill`);
- `post_alloc_hook()` calls `arch_alloc_page(page, order)` before the caller
  sees the page (`alloc`, `on_alloc`), for pages taken from a per-CPU list
  and from the buddy pool alike;
- `rmqueue()` takes an order-0 page from the buddy pool directly
  (`rmqueue_buddy()`) when the per-CPU path is not taken or fails (pcp
  trylock failure, ALLOC_HIGHATOMIC, an empty refill), and
  `free_unref_page()` frees straight to the pool (`free_one_page()`) when
  the pcp trylock fails: `alloc_direct` and `free_direct` (param `direct`),
  with the same on_alloc / on_free and no on_refill / on_spill;
- `free_pages_prepare()` poisons (`kernel_poison_pages()`) or zeroes
  (init_on_free, `kernel_init_pages()`) the page, then calls
  `arch_free_page()` last ("arch_free_page() can make the page's contents
  inaccessible. s390 does this"); before 2019 the hint came first
  (`late_init`: the store is then the step `freed`). The content survives
  in the free page: `post_alloc_hook()` checks the poison after
  `arch_alloc_page()`, and with init_on_free skips zeroing
  (`free_pages_prezeroed()`) (param `free_init`; at boot every page is
  freed this way, so free pages start poisoned).

Encoding: one field `loc[p]` per page says where the page is: IN_USE, in
the BUDDY pool, or on the per-CPU list of CPU c (`PCP + c`). The list
length is `count(loc == PCP + c)`, so no index of the state is ever a
state value. `blk[p]` (one value unless `orders=2`) is the order of the
free block or of the allocation the page belongs to. `freeing[p]` (one
value unless `late_init`) marks a page
between arch_free_page() and the late store; it is IN_USE but no longer
held (`held()`).

Symmetry: with `orders=1` nothing here tells one page from another (no
action, guard or hook reads a page number), so a model built on this
component may declare `pages` interchangeable; with `orders=2` the buddy
pairs tell them apart, and the symmetry check refuses `--symmetry`. CPUs are not:
CPU numbers are *values* of `loc`, which the row-sorting reduction does not
rename.

A model composing this component declares `loc` (domain `LOC`), `data`
(domain `CONTENT`, `model/guest/content.py`) and `freeing` (domain
`FREEING`) and passes a `GuestAccess` giving the model-specific effects of
a guest store.

Simplifications (each could hide a bug; models repeat them):
- at most two orders (`orders=2`: pages 2k and 2k+1 are buddies that
  `merge()` into an order-1 block when both are free, and `split()` when
  one is taken alone; `alloc_block` / `free_block` are order-1 allocations
  and frees, with on_alloc / on_free on both pages in one step, as both
  arch implementations loop over the 2^order pages); an order-1 block goes
  straight to and from the pool (Linux's per-CPU lists also hold orders up
  to PAGE_ALLOC_COSTLY_ORDER), and the pool hands out any free block of
  the asked order, not `__rmqueue_smallest()`'s smallest first;
- the late store (`freed`) puts the page in the buddy pool, never on a
  per-CPU list; the free-time content is one kind for every free (no
  init_on_alloc, no __GFP_ZERO callers, no KASAN);
- `refill` and `spill` move one page per step (with capacity 1 that is the
  whole batch), and the page is chosen nondeterministically rather than by
  `__rmqueue_smallest()`'s order;
- one zone, one migratetype, no compaction, no reserved pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from hintcheck.model.core import Action, And, Bool, Domain, HookSpec, Measure, Param, action, count, ite, put

IN_USE = 0
BUDDY = 1
PCP = 2                              # PCP + c: on the per-CPU list of CPU c
LOC = Domain.upto("cpus", 1).labelled(   # 0..cpus+1, printed IN_USE, BUDDY, PCP0, PCP1...
    lambda v: ("IN_USE", "BUDDY")[v] if v < PCP else f"PCP{v - PCP}")

# The parameters every model built on the allocator declares.
GUEST_PARAMS = (Param("pages", 1, 4, 2, "guest pages"),
                Param("cpus", 1, 2, 1, "guest CPUs, each with a per-CPU free list"),
                Param("high", 1, 2, 1, "per-CPU list capacity (pcp->high)"),
                Param("direct", 0, 1, 1, "allocations and frees may bypass the per-CPU lists (rmqueue_buddy(), "
                      "free_one_page()): 0 models the per-CPU path only"),
                Param("free_init", 0, 2, 0, "what a free leaves in the page: 0 nothing, 1 init_on_free (zeroed; "
                      "an allocation trusts it), 2 page poisoning (PAGE_POISON, checked at allocation)"),
                Param("late_init", 0, 1, 0, "free_pages_prepare() before 2019: arch_free_page() runs before the "
                      "poisoning or zeroing store, which is then a step of its own"),
                Param("orders", 1, 2, 1, "block orders: 1 order-0 pages only; 2 also buddy pairs (pages 2k, 2k+1) "
                      "that merge in the pool and order-1 allocations and frees"))

BLOCK = Domain.upto("orders", -1)    # per page: the order of its free block or of its allocation (orders=2)
FREEING = Domain.upto("late_init")   # per page: arch_free_page() ran, the free's store has not (late_init)
POISON = 3                           # the content token of PAGE_POISON (content.py: 0 is the zero page)
INIT_ON_FREE, POISONING = 1, 2       # values of `free_init`


def guest_hooks(writes: tuple[str, ...]) -> tuple[HookSpec, ...]:
    """The allocator's hook points; `writes` is what a hook may change (`hs[page]`, `pend[page]`)."""
    return (
        HookSpec("on_free", ("cpu", "page"), "free(cpu, page): after the page left use, before it joins "
                 "cpu's per-CPU list", "arch_free_page() in free_pages_prepare()", writes),
        HookSpec("on_alloc", ("cpu", "page"), "alloc(cpu, page): after the page left cpu's list, before "
                 "the caller initialises it", "arch_alloc_page() in post_alloc_hook()", writes),
        HookSpec("on_spill", ("cpu", "page"), "spill(cpu, page): after the page moved from cpu's list to "
                 "the buddy pool", "free_pcppages_bulk() (no arch hook in Linux)", writes),
        HookSpec("on_refill", ("cpu", "page"), "refill(cpu, page): after the page moved from the pool to "
                 "cpu's list", "rmqueue_bulk() (no arch hook in Linux)", writes),
        HookSpec("on_write", ("page",), "write(page): before the store",
                 "make-stable before modification (seed 003)", writes),
    )


# What the allocator's cost labels add up to (`ModelSpec.measures`).
ALLOCATOR_MEASURES = (
    Measure.per("hypercalls per allocator operation", ("hcalls",),
                ("alloc", "alloc_direct", "alloc_block", "free", "free_direct", "free_block"),
                doc="hypercalls from the previous alloc or free through this one (refill, spill, writes "
                    "and flushes between them included)"),)


def on_pcp(s: Any, page: int, cpu: int) -> Bool:
    return s.loc[page] == PCP + cpu


def held(s: Any, page: int) -> Bool:
    """The guest holds the page: allocated and not inside a split free (`late_init`)."""
    return And(s.loc[page] == IN_USE, s.freeing[page] == 0)


def pcp_count(m: Any, s: Any, cpu: int) -> Any:
    """Pages on CPU `cpu`'s per-CPU list (`pcp->count`)."""
    return count(on_pcp(s, p, cpu) for p in m.pages)


def buddy_of(m: Any, page: int) -> int | None:
    """The page's buddy (page ^ 1) when blocks have two orders and it exists: static."""
    if m.orders != 2:                # before any arithmetic: a proof's symbolic page has none
        return None
    other = page ^ 1
    return other if other < len(m.pages) else None


def merge(m: Any, s: Any, page: int) -> Any:
    """__free_one_page(): a page that joined the pool merges with its buddy when that is free too.

    A free buddy of a page that was not free is an order-0 block, so the
    merged block is order 1; no arch hook runs (Linux has none here).
    """
    q = buddy_of(m, page)
    if q is None:
        return s
    both = And(s.loc[page] == BUDDY, s.loc[q] == BUDDY)
    return s.set(blk=put(put(s.blk, page, ite(both, 1, 0)), q, ite(both, 1, s.blk[q])))


def boot_blocks(m: Any) -> tuple[int, ...]:
    """`blk` of a pool holding every page: each buddy pair is one order-1 block."""
    return tuple(0 if buddy_of(m, p) is None else 1 for p in m.pages)


def split(m: Any, s: Any, page: int) -> Any:
    """expand(): a page taken alone from the pool leaves its buddy behind as an order-0 block."""
    q = buddy_of(m, page)
    if q is None:
        return s
    return s.set(blk=put(put(s.blk, page, 0), q, 0))


def init_value(m: Any) -> int:
    """The content a free leaves under `free_init`: zero (init_on_free) or the poison pattern."""
    return 0 if m.free_init == INIT_ON_FREE else POISON


def run_hook(m: Any, name: str, s: Any, *args: Any) -> Any:
    """Call the policy's hook `name` as `hook(m, s, *args)`; absent hooks change nothing."""
    return m.policy.hook(name)(m, s, *args)


def hook_cost(m: Any, name: str, s: Any, *args: Any) -> Any:
    """Hypercalls the policy declares for hook `name` (its `hcalls` setting), in state `s`.

    A value is an int, or a function `(m, s, *args)` of the state before the step.
    """
    value = m.policy.hcalls.get(name, 0)
    return value(m, s, *args) if callable(value) else value


@dataclass(frozen=True)
class GuestAccess:
    """Model-specific effects of guest accesses, supplied by the composing model.

    store(m, s, page, whole) -> state: what else a store changes (dirty log,
        host state); `whole` is True when the page is overwritten entirely
        (initialisation at allocation).
    can_touch(m, s, page) -> Bool: the access does not fault into the guest
        (an access to a discarded volatile page is a discard fault instead).
    release(m, s, page) -> state: bookkeeping when the page is freed.
    running(m, s) -> Bool: the guest runs (it stops when migration completes).
    present(m, s, page) -> Bool: the page is there to be accessed (in postcopy a
        page not yet received waits for the source).
    """

    store: Callable[..., Any]
    can_touch: Callable[..., Any] = lambda m, s, page: True
    release: Callable[..., Any] = lambda m, s, page: s
    running: Callable[..., Any] = lambda m, s: True
    present: Callable[..., Any] = lambda m, s, page: True


def guest_actions(acc: GuestAccess, next_token: Callable[[Any], Any]) -> tuple[Action, ...]:
    """The allocator's actions: refill, alloc, alloc_direct, alloc_block, write, free, free_direct,
    free_block, freed, spill."""

    def fill(m: Any, s: Any, page: int) -> Any:
        """kernel_poison_pages() / kernel_init_pages(): the free's last store to the page (free_init > 0)."""
        if m.free_init == 0:
            return s
        return acc.store(m, s.set(data=put(s.data, page, init_value(m))), page, True)

    def prepare_free(m: Any, s: Any, cpu: int, page: int, where: int) -> Any:
        """free_pages_prepare(): poison or zero, arch_free_page() (on_free), then the page joins `where`.

        With `late_init` (before 2019) arch_free_page() runs first and the
        store is the separate step `freed`: the page stays off every list
        (`freeing`) until then.
        """
        s = acc.release(m, s, page)
        if m.late_init:
            return run_hook(m, "on_free", s.set(freeing=put(s.freeing, page, 1)), cpu, page)
        s = fill(m, s, page).set(loc=put(s.loc, page, where))
        return run_hook(m, "on_free", s, cpu, page)

    def take(m: Any, s: Any, cpu: int, page: int) -> Any:
        """post_alloc_hook(): arch_alloc_page() (on_alloc); then the caller initialises the page."""
        s = run_hook(m, "on_alloc", s.set(loc=put(s.loc, page, IN_USE)), cpu, page)
        s = s.set(data=put(s.data, page, next_token(s.data[page])))
        return acc.store(m, s, page, True)

    def can_alloc(m: Any, s: Any, page: int) -> Bool:
        return And(acc.running(m, s), acc.present(m, s, page))

    def can_free(m: Any, s: Any, page: int) -> Bool:
        """The guest may free `page` alone: it holds it, from an order-0 allocation."""
        return And(acc.running(m, s), held(s, page), s.blk[page] == 0)

    def pair(m: Any, page: int) -> int | None:
        """The odd half of the order-1 block `page` heads (None: `page` heads none)."""
        return buddy_of(m, page) if m.orders == 2 and page % 2 == 0 else None

    def block_cost(name: str) -> Callable[..., Any]:
        """An order-1 step runs hook `name` on both pages of the block."""
        def cost(m: Any, s: Any, cpu: int, page: int) -> Any:
            q = pair(m, page)
            return 0 if q is None else hook_cost(m, name, s, cpu, page) + hook_cost(m, name, s, cpu, q)
        return cost

    @action(params=("cpus", "pages"),
            guard=lambda m, s, cpu, page: And(acc.running(m, s), s.loc[page] == BUDDY,
                                              pcp_count(m, s, cpu) < m.high),
            cost={"hcalls": lambda m, s, cpu, page: hook_cost(m, "on_refill", s, cpu, page)})
    def refill(m: Any, s: Any, cpu: int, page: int) -> Any:
        """rmqueue_bulk(): a page moves from the buddy pool to CPU `cpu`'s list."""
        s = split(m, s.set(loc=put(s.loc, page, PCP + cpu)), page)
        return run_hook(m, "on_refill", s, cpu, page)

    @action(params=("cpus", "pages"),
            guard=lambda m, s, cpu, page: And(on_pcp(s, page, cpu), can_alloc(m, s, page)),
            cost={"hcalls": lambda m, s, cpu, page: hook_cost(m, "on_alloc", s, cpu, page)})
    def alloc(m: Any, s: Any, cpu: int, page: int) -> Any:
        """__rmqueue_pcplist() + post_alloc_hook(): arch_alloc_page(), then the caller initialises it."""
        return take(m, s, cpu, page)

    @action(params=("cpus", "pages"),
            guard=lambda m, s, cpu, page: And(m.direct == 1, s.loc[page] == BUDDY, can_alloc(m, s, page)),
            cost={"hcalls": lambda m, s, cpu, page: hook_cost(m, "on_alloc", s, cpu, page)})
    def alloc_direct(m: Any, s: Any, cpu: int, page: int) -> Any:
        """rmqueue_buddy() (the per-CPU path failed or was not taken) + post_alloc_hook(): no on_refill."""
        return take(m, split(m, s, page), cpu, page)

    def can_alloc_block(m: Any, s: Any, cpu: int, page: int) -> Bool:
        q = pair(m, page)
        if q is None:                # statically disabled: no state value is read
            return False
        return And(s.loc[page] == BUDDY, s.blk[page] == 1, can_alloc(m, s, page), can_alloc(m, s, q))

    @action(params=("cpus", "pages"), guard=can_alloc_block, cost={"hcalls": block_cost("on_alloc")})
    def alloc_block(m: Any, s: Any, cpu: int, page: int) -> Any:
        """An order-1 allocation from the pool: arch_alloc_page(page, 1) is on_alloc on both pages, one step."""
        q = pair(m, page)
        if q is None:                # never enabled (its guard is False): nothing to do
            return s
        return take(m, take(m, s, cpu, page), cpu, q)

    @action(params=("pages",),
            guard=lambda m, s, page: And(acc.running(m, s), held(s, page), acc.can_touch(m, s, page),
                                         acc.present(m, s, page)),
            cost={"hcalls": lambda m, s, page: hook_cost(m, "on_write", s, page)})
    def write(m: Any, s: Any, page: int) -> Any:
        """The guest stores to a page it holds; the policy's on_write runs before the store."""
        s = run_hook(m, "on_write", s, page)
        s = s.set(data=put(s.data, page, next_token(s.data[page])))
        return acc.store(m, s, page, False)

    @action(params=("cpus", "pages"),
            guard=lambda m, s, cpu, page: And(can_free(m, s, page), pcp_count(m, s, cpu) < m.high),
            cost={"hcalls": lambda m, s, cpu, page: hook_cost(m, "on_free", s, cpu, page)})
    def free(m: Any, s: Any, cpu: int, page: int) -> Any:
        """free_unref_page(): free_pages_prepare() with arch_free_page() (on_free), then CPU `cpu`'s list."""
        return prepare_free(m, s, cpu, page, PCP + cpu)

    @action(params=("cpus", "pages"),
            guard=lambda m, s, cpu, page: And(m.direct == 1, can_free(m, s, page)),
            cost={"hcalls": lambda m, s, cpu, page: hook_cost(m, "on_free", s, cpu, page)})
    def free_direct(m: Any, s: Any, cpu: int, page: int) -> Any:
        """free_one_page() (pcp trylock failed, or __free_pages_ok()): the page goes straight to the pool."""
        s = prepare_free(m, s, cpu, page, BUDDY)
        return s if m.late_init else merge(m, s, page)

    @action(params=("cpus", "pages"),
            guard=lambda m, s, cpu, page: False if pair(m, page) is None else And(
                acc.running(m, s), held(s, page), s.blk[page] == 1),
            cost={"hcalls": block_cost("on_free")})
    def free_block(m: Any, s: Any, cpu: int, page: int) -> Any:
        """__free_pages_ok() of an order-1 block: free_pages_prepare() on both pages, the block joins the pool.

        (late_init: both pages wait for `freed` as order-0 pages and merge there.)
        """
        q = pair(m, page)
        if q is None:                # never enabled (its guard is False): nothing to do
            return s
        s = prepare_free(m, prepare_free(m, s, cpu, page, BUDDY), cpu, q, BUDDY)
        return s.set(blk=put(put(s.blk, page, 0), q, 0)) if m.late_init else s

    @action(params=("pages",),
            guard=lambda m, s, page: And(m.late_init == 1, acc.running(m, s), s.freeing[page] == 1))
    def freed(m: Any, s: Any, page: int) -> Any:
        """(late_init) The rest of the old free_pages_prepare(): the poisoning or zeroing store after
        arch_free_page(); the page then joins the buddy pool (the per-CPU choice is not kept apart)."""
        s = fill(m, s, page)
        return merge(m, s.set(freeing=put(s.freeing, page, 0), loc=put(s.loc, page, BUDDY)), page)

    @action(params=("cpus", "pages"),
            guard=lambda m, s, cpu, page: And(acc.running(m, s), on_pcp(s, page, cpu)),
            cost={"hcalls": lambda m, s, cpu, page: hook_cost(m, "on_spill", s, cpu, page)})
    def spill(m: Any, s: Any, cpu: int, page: int) -> Any:
        """free_pcppages_bulk(): a page moves from CPU `cpu`'s list to the buddy pool, merging there."""
        s = merge(m, s.set(loc=put(s.loc, page, BUDDY)), page)
        return run_hook(m, "on_spill", s, cpu, page)

    return (refill, alloc, alloc_direct, alloc_block, write, free, free_direct, free_block, freed, spill)
