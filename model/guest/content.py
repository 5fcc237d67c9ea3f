"""Guest page content and page-cache state.

Content is a small token per page (`data`), as in the reference model:
0 is the zero page and every store changes the token (1, 2, 1, ...), so a
stale or zero copy is always detectable. Three values are enough because a
copy is only ever compared with the latest content. Models on the
allocator use `CONTENT`, which adds the poison pattern a free may leave
(allocator.py `free_init`): the content of a free page survives until the
next allocation initialises it.

The page-cache state (`kind`) says whether the content can be re-read from
backing storage: CLEAN (a clean page-cache page: storage holds the same
content) or DIRTY (anonymous memory or a dirty page-cache page: the content
exists only in memory). A store makes a page DIRTY; `writeback` makes it
CLEAN and runs the policy's `on_clean` hook (where the s390 "volatile"
designs of seed 003 issue or queue their make-volatile).

Simplification: a page-cache page read from storage is modelled as an
anonymous allocation followed by `writeback`; the file it belongs to and
its storage copy are not separate state (CLEAN means storage == data).
"""
from __future__ import annotations

from enum import IntEnum
from typing import Any

from hintcheck.model.core import Action, And, Domain, HookSpec, action, ite, put
from hintcheck.model.guest.allocator import GuestAccess, held, hook_cost, run_hook

TOKEN = Domain.range(3)
# With the allocator's free-time content (`free_init`): the tokens plus PAGE_POISON (allocator.POISON = 3).
CONTENT = Domain.range(4).labelled(lambda v: "POISON" if v == 3 else None)


class Kind(IntEnum):
    DIRTY = 0          # anonymous or dirty: the content exists only in memory
    CLEAN = 1          # clean page cache: storage holds the same content


KIND = Domain.enum_of(Kind)


def next_token(v: Any) -> Any:
    """Every write changes the content, so a stale copy is always detectable."""
    return ite(v >= 2, 1, v + 1)


def clean_hook(writes: tuple[str, ...]) -> HookSpec:
    """The page-cache hook point: a page became clean (make-volatile designs hint here)."""
    return HookSpec("on_clean", ("page",), "writeback(page): after the page became clean page cache",
                    "make-volatile (seed 003; unmerged page_make_volatile())", writes)


def pagecache_actions(acc: GuestAccess) -> tuple[Action, ...]:
    """`writeback`: a dirty page in use is written to storage and becomes clean page cache."""

    @action(params=("pages",),
            guard=lambda m, s, page: And(acc.running(m, s), held(s, page),
                                         s.kind[page] == Kind.DIRTY, acc.can_touch(m, s, page),
                                         acc.present(m, s, page)),
            cost={"hcalls": lambda m, s, page: hook_cost(m, "on_clean", s, page)})
    def writeback(m: Any, s: Any, page: int) -> Any:
        """Writeback completes: storage now holds the page's content; on_clean runs."""
        return run_hook(m, "on_clean", s.set(kind=put(s.kind, page, Kind.CLEAN)), page)

    return (writeback,)
