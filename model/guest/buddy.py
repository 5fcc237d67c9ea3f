"""Guest buddy allocator over buddy pairs: orders 0 and 1, merging, splitting, PageReported.

Mechanisms (Linux `mm/page_alloc.c`, docs/research/virtio-balloon.md §3.1):

- `__free_one_page()`: a freed order-0 page merges with its buddy (page
  2k and 2k+1 are buddies) when the buddy is a free block of the same
  order on the free list (`page_is_buddy()`: PageBuddy and the same
  `buddy_order()`); the buddy leaves the list through
  `del_page_from_free_list()`, which clears its PageReported, so the
  merged block is never marked reported. The block's final order is what
  `page_reporting_notify_free()` is called with;
- `__rmqueue_smallest()`: an order-0 request is served from the order-0
  free list if it holds a block, otherwise from an order-1 block, which
  `expand()` splits: the low page is handed out and the high page goes
  back on the order-0 list as a new, unreported block (expand() calls no
  reporting notifier);
- `__isolate_free_page()`: a free block leaves the free list (and loses
  PageBuddy, so its buddy cannot merge with it) without being allocated;
  `__putback_isolated_page()` frees it again through `__free_one_page()`,
  where it may merge;
- `del_page_from_free_list()` clears PageReported on every way a block
  leaves the list (allocation, merging, isolation): an allocated page never
  carries the mark.

Encoding, per page (the composing model declares the three fields):
`mem[p]` (MEM: USED, FREE on the free list, ISOLATED off it), `order[p]`
(ORDER: the order of the free or isolated block the page belongs to, 0 for
a page in use; both pages of an order-1 block carry 1) and `rep[p]` (BIT:
PageReported, only ever set on a block's head: the even page of an order-1
block). Which page heads a block is static (its parity) plus `order`, so no
state value is ever used as an index. `consistent()` states the shape
every reachable state keeps; tests check it on every state.

Symmetry: pages are *not* interchangeable here: page 2k and 2k+1 are
buddies, page 2k and 2k+2 are not, and only the even page of a pair can
be handed out by a split.

A model composing this component passes a `BuddyAccess` with its own
effects of an allocation and a free (content, poisoning, reporting's
notifier) and when the allocator may run (the zone lock).

Simplifications (each could hide a bug; models repeat them):
- two orders only (MAX_ORDER = 1: a block is a page or a buddy pair), one
  zone, one migratetype, no per-CPU lists, no compaction;
- every allocation and every free is order 0 (no high-order allocations);
- the free lists have no order: any block of the smallest order may be
  handed out (Linux takes the list head; putbacks go to the tail, so
  reported blocks are handed out last);
- `__isolate_free_page()`'s watermark check never fails.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Callable

from hintcheck.model.core import Action, And, Bool, Domain, Implies, Not, Or, action, every, ite, put


class Mem(IntEnum):
    USED = 0           # allocated: the guest holds the page
    FREE = 1           # in a free block on the free list (PageBuddy on the block's head)
    ISOLATED = 2       # in a free block taken off the list by __isolate_free_page()


MEM = Domain.enum_of(Mem)
ORDER = Domain.range(2)
BIT = Domain.range(2)
NR_ORDERS = 2          # orders 0 and 1 (NR_PAGE_ORDERS of the model)


def buddy_of(m: Any, page: int) -> int | None:
    """The page's buddy (page ^ 1), or None for a last page without one: static."""
    other = page ^ 1
    return other if other < len(m.pages) else None


def is_head(m: Any, s: Any, page: int) -> Bool:
    """The page heads its block: an even page always, an odd page only of an order-0 block."""
    return True if page % 2 == 0 else s.order[page] == 0


def on_list(m: Any, s: Any, page: int, order: Any) -> Bool:
    """The page heads a free block of `order` on the free list (`order` may be a state value)."""
    return And(s.mem[page] == Mem.FREE, s.order[page] == order, is_head(m, s, page))


def block_pages(m: Any, page: int) -> tuple[int, ...]:
    """The pages an order-1 block headed by `page` spans: static."""
    b = buddy_of(m, page)
    return (page,) if b is None or page % 2 else (page, b)


def _no_order0_block(m: Any, s: Any) -> Bool:
    return every(Not(on_list(m, s, q, 0)) for q in m.pages)


def allocatable(m: Any, s: Any, page: int) -> Bool:
    """__rmqueue_smallest(): an order-0 block, or the low page of an order-1 block when no order-0 block is free."""
    split_ok = And(page % 2 == 0, buddy_of(m, page) is not None, _no_order0_block(m, s))
    return And(s.mem[page] == Mem.FREE, Or(s.order[page] == 0, split_ok))


def take(m: Any, s: Any, page: int) -> Any:
    """`del_page_from_free_list()` + `expand()`: the page leaves the list, an order-1 block is split.

    PageReported is cleared; the high half of a split block joins the
    order-0 list unreported.
    """
    split = s.order[page] == 1
    s2 = s.set(mem=put(s.mem, page, Mem.USED), order=put(s.order, page, 0), rep=put(s.rep, page, 0))
    b = buddy_of(m, page)
    if b is None or page % 2:
        return s2
    return s2.set(order=put(s2.order, b, ite(split, 0, s.order[b])), rep=put(s2.rep, b, ite(split, 0, s.rep[b])))


def merges(m: Any, s: Any, page: int) -> Bool:
    """`page_is_buddy()` for an order-0 block at `page`: its buddy is a free order-0 block on the list."""
    b = buddy_of(m, page)
    return False if b is None else And(s.mem[b] == Mem.FREE, s.order[b] == 0)


def free_one_page(m: Any, s: Any, page: int, when: Any = True) -> Any:
    """`__free_one_page()` of an order-0 block at `page` (if `when`): merge with a free buddy.

    The buddy leaves its list (`del_page_from_free_list()`: its PageReported
    is cleared) and the pair becomes one unreported order-1 block.
    """
    merge = And(when, merges(m, s, page))
    b = buddy_of(m, page)
    s2 = s.set(mem=put(s.mem, page, ite(when, Mem.FREE, s.mem[page])),
               order=put(s.order, page, ite(merge, 1, ite(when, 0, s.order[page]))),
               rep=put(s.rep, page, ite(when, 0, s.rep[page])))
    if b is None:
        return s2
    return s2.set(order=put(s2.order, b, ite(merge, 1, s.order[b])), rep=put(s2.rep, b, ite(merge, 0, s.rep[b])))


def free_order(m: Any, s: Any, page: int) -> Any:
    """The order `__free_one_page()` ends with for an order-0 free of `page` (before the merge)."""
    return ite(merges(m, s, page), 1, 0)


def isolate(m: Any, s: Any, page: int) -> Any:
    """`__isolate_free_page()`: the block headed by `page` leaves the free list (PageReported cleared)."""
    s2 = s.set(mem=put(s.mem, page, Mem.ISOLATED), rep=put(s.rep, page, 0))
    pages = block_pages(m, page)
    if len(pages) == 1:
        return s2
    whole = s.order[page] == 1
    return s2.set(mem=put(s2.mem, pages[1], ite(whole, Mem.ISOLATED, s.mem[pages[1]])))


def putback(m: Any, s: Any, page: int, when: Any = True) -> Any:
    """`__putback_isolated_page()` of the block headed by `page` (if `when`): free it again, maybe merging.

    An order-0 block goes through `__free_one_page()` (it merges with a free
    buddy); an order-1 block is already of the largest order.
    """
    single = And(when, s.order[page] == 0)
    s2 = free_one_page(m, s, page, single)
    pages = block_pages(m, page)
    whole = And(when, s.order[page] == 1)
    for p in pages:
        s2 = s2.set(mem=put(s2.mem, p, ite(whole, Mem.FREE, s2.mem[p])))
    return s2


def consistent(m: Any, s: Any) -> Bool:
    """The shape every reachable state keeps (a check for tests, not a claim of the model).

    A page in use has order 0 and no mark; the two pages of a pair agree
    on an order-1 block (same order, same place); two free order-0 buddies
    would have merged; only block heads carry PageReported, and only on
    the free list.
    """
    conds: list[Any] = []
    for p in m.pages:
        conds += [Implies(s.mem[p] == Mem.USED, And(s.order[p] == 0, s.rep[p] == 0)),
                  Implies(s.rep[p] == 1, And(s.mem[p] == Mem.FREE, is_head(m, s, p)))]
        b = buddy_of(m, p)
        if b is None:
            conds.append(s.order[p] == 0)
        elif p % 2 == 0:
            conds += [s.order[p] == s.order[b],
                      Implies(s.order[p] == 1, s.mem[p] == s.mem[b]),
                      Implies(s.order[p] == 1, s.mem[p] != Mem.USED),
                      Not(And(s.mem[p] == Mem.FREE, s.mem[b] == Mem.FREE, s.order[p] == 0))]
    return And(*conds)


@dataclass(frozen=True)
class BuddyAccess:
    """What the composing model adds to an allocation and a free.

    can_run(m, s) -> Bool: the allocator may run (the zone lock is free, the
        guest is running).
    after_alloc(m, s, page) -> state: `post_alloc_hook()` onwards (the caller
        initialises the page).
    before_free(m, s, page) -> state: `free_pages_prepare()` (poisoning,
        init_on_free), before the page reaches the buddy lists.
    after_free(m, s, page, order) -> state: the end of `__free_one_page()`,
        `order` being the merged block's order (page_reporting_notify_free).
    """

    can_run: Callable[..., Any] = lambda m, s: True
    after_alloc: Callable[..., Any] = lambda m, s, page: s
    before_free: Callable[..., Any] = lambda m, s, page: s
    after_free: Callable[..., Any] = lambda m, s, page, order: s


def buddy_actions(acc: BuddyAccess) -> tuple[Action, ...]:
    """The allocator's two guest actions: `alloc` and `free`, order 0 each."""

    @action(params=("pages",), guard=lambda m, s, page: And(acc.can_run(m, s), allocatable(m, s, page)))
    def alloc(m: Any, s: Any, page: int) -> Any:
        """__rmqueue_smallest() (splitting with expand()), then post_alloc_hook() and the caller's init."""
        return acc.after_alloc(m, take(m, s, page), page)

    @action(params=("pages",), guard=lambda m, s, page: And(acc.can_run(m, s), s.mem[page] == Mem.USED))
    def free(m: Any, s: Any, page: int) -> Any:
        """__free_pages() of an order-0 page: free_pages_prepare(), then __free_one_page() (merging)."""
        s = acc.before_free(m, s, page)
        order = free_order(m, s, page)
        return acc.after_free(m, free_one_page(m, s, page), page, order)

    return (alloc, free)
