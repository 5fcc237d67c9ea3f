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
state value. `freeing[p]` (one value unless `late_init`) marks a page
between arch_free_page() and the late store; it is IN_USE but no longer
held (`held()`).

Symmetry: nothing here tells one page from another (no action, guard or
hook reads a page number, and the pool has no buddy pairs), so a model
built on this component may declare `pages` interchangeable. CPUs are not:
CPU numbers are *values* of `loc`, which the row-sorting reduction does not
rename.

A model composing this component declares `loc` (domain `LOC`), `data`
(domain `CONTENT`, `model/guest/content.py`) and `freeing` (domain
`FREEING`) and passes a `GuestAccess` giving the model-specific effects of
a guest store.

Simplifications (each could hide a bug; models repeat them):
- every allocation is order 0 and the pool is a set of order-0 pages:
  `__free_one_page()`'s buddy merging is not modelled here (buddy.py has
  it, for page reporting), so a design that hints whole high-order blocks
  is not expressible on this component;
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

from hintcheck.model.core import Action, And, Bool, Domain, HookSpec, Measure, Param, action, count, put

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
                      "poisoning or zeroing store, which is then a step of its own"))

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
    Measure.per("hypercalls per allocator operation", ("hcalls",), ("alloc", "free"),
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
    """The allocator's actions: refill, alloc, alloc_direct, write, free, free_direct, freed, spill."""

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
        return And(acc.running(m, s), held(s, page))

    @action(params=("cpus", "pages"),
            guard=lambda m, s, cpu, page: And(acc.running(m, s), s.loc[page] == BUDDY,
                                              pcp_count(m, s, cpu) < m.high),
            cost={"hcalls": lambda m, s, cpu, page: hook_cost(m, "on_refill", s, cpu, page)})
    def refill(m: Any, s: Any, cpu: int, page: int) -> Any:
        """rmqueue_bulk(): a page moves from the buddy pool to CPU `cpu`'s list."""
        s = s.set(loc=put(s.loc, page, PCP + cpu))
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
        return take(m, s, cpu, page)

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
        return prepare_free(m, s, cpu, page, BUDDY)

    @action(params=("pages",),
            guard=lambda m, s, page: And(m.late_init == 1, acc.running(m, s), s.freeing[page] == 1))
    def freed(m: Any, s: Any, page: int) -> Any:
        """(late_init) The rest of the old free_pages_prepare(): the poisoning or zeroing store after
        arch_free_page(); the page then joins the buddy pool (the per-CPU choice is not kept apart)."""
        s = fill(m, s, page)
        return s.set(freeing=put(s.freeing, page, 0), loc=put(s.loc, page, BUDDY))

    @action(params=("cpus", "pages"),
            guard=lambda m, s, cpu, page: And(acc.running(m, s), on_pcp(s, page, cpu)),
            cost={"hcalls": lambda m, s, cpu, page: hook_cost(m, "on_spill", s, cpu, page)})
    def spill(m: Any, s: Any, cpu: int, page: int) -> Any:
        """free_pcppages_bulk(): a page moves from CPU `cpu`'s list to the buddy pool."""
        s = s.set(loc=put(s.loc, page, BUDDY))
        return run_hook(m, "on_spill", s, cpu, page)

    return (refill, alloc, alloc_direct, write, free, free_direct, freed, spill)
