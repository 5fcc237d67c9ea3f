"""Actions of the reference model (shared/reference-model.md, "Actions").

Guest allocator (`alloc`, `write`, `free`), and pre-copy migration
(`start`, `send`, `next_round`, `finish`). The names are the spec's. The
policy's `on_alloc` hook runs inside `alloc`, before the page is used; the
`lazy` policy adds `set_stable` as an extra action of its own.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, action, every, ite, put
from hintcheck.model.guest import hook_cost
from hintcheck.model.migration import may_sync_again, next_round_number, sends_cost
from hintcheck.model.reference.state import Phase, RefState


def next_token(v: Any) -> Any:
    """Every write changes the content, so a stale copy is always detectable."""
    return ite(v == 2, 1, v + 1)


def copy_of(s: RefState, page: int) -> Any:
    """What a send transfers: a page hinted unused arrives as a zero page."""
    return ite(s.hint[page] == 1, 0, s.data[page])


def _mark_dirty(s: RefState, page: int) -> tuple[Any, ...]:
    return put(s.dirty, page, ite(s.phase == Phase.MIGRATING, 1, s.dirty[page]))


def _running(m: Any, s: RefState) -> Bool:
    return s.phase != Phase.DONE


def _all_sent(m: Any, s: RefState) -> Bool:
    return every(s.tosend[p] == 0 for p in m.pages)


def _skipped(m: Any, s: RefState, page: int) -> Any:
    """A send transmits no content for a page hinted unused."""
    return s.hint[page] == 1


@action(params=("pages",), guard=lambda m, s, page: And(_running(m, s), s.alloc[page] == 0),
        cost={"hcalls": lambda m, s, page: hook_cost(m, "on_alloc", s, page)})
def alloc(m: Any, s: RefState, page: int) -> RefState:
    """The guest hands out `page` and initialises it; the policy's on_alloc runs here.

    s390 sets the page stable at this point (arch_alloc_page():
    ESSA_SET_STABLE); pseries has no arch_alloc_page(), which is the `rfc`
    defect.
    """
    s = s.set(alloc=put(s.alloc, page, 1),
              data=put(s.data, page, next_token(s.data[page])),
              dirty=_mark_dirty(s, page))
    return m.policy.on_alloc(m, s, page)


@action(params=("pages",), guard=lambda m, s, page: And(_running(m, s), s.alloc[page] == 1))
def write(m: Any, s: RefState, page: int) -> RefState:
    """The guest stores to an allocated page; the dirty log sees it while migrating."""
    return s.set(data=put(s.data, page, next_token(s.data[page])), dirty=_mark_dirty(s, page))


@action(params=("pages",), guard=lambda m, s, page: And(_running(m, s), s.alloc[page] == 1),
        cost={"hcalls": lambda m, s, page: 1})
def free(m: Any, s: RefState, page: int) -> RefState:
    """The guest frees `page` and hints it unused (arch_free_page(): H_PAGE_SET_UNUSED).

    A pending set-stable for the page is dropped: the page is unused again.
    """
    return s.set(alloc=put(s.alloc, page, 0), hint=put(s.hint, page, 1), pend=put(s.pend, page, 0))


@action(guard=lambda m, s: s.phase == Phase.IDLE, actor="migration")
def start(m: Any, s: RefState) -> RefState:
    """Migration setup: every page is to be sent in round 1 and the dirty log is cleared."""
    ones = (1,) * len(m.pages)
    zeros = (0,) * len(m.pages)
    return s.set(phase=Phase.MIGRATING, round=1, tosend=ones, dirty=zeros)


@action(params=("pages",), guard=lambda m, s, page: And(s.phase == Phase.MIGRATING, s.tosend[page] == 1),
        actor="migration", cost=sends_cost(_skipped, lambda m, s, p, page: p == page))
def send(m: Any, s: RefState, page: int) -> RefState:
    """The hypervisor transfers one page of this round (skipping content of an unused page)."""
    return s.set(dest=put(s.dest, page, copy_of(s, page)), tosend=put(s.tosend, page, 0))


@action(guard=lambda m, s: And(s.phase == Phase.MIGRATING, may_sync_again(m, s), _all_sent(m, s)),
        actor="migration")
def next_round(m: Any, s: RefState) -> RefState:
    """Dirty-log sync: the pages written in this round are the next round's to send (at most R rounds
    under the `dirty_bound` assumption, which the reference model's specification makes)."""
    zeros = (0,) * len(m.pages)
    return s.set(round=next_round_number(m, s), tosend=s.dirty, dirty=zeros)


@action(guard=lambda m, s: And(s.phase == Phase.MIGRATING, _all_sent(m, s)), actor="migration",
        cost=sends_cost(_skipped, lambda m, s, p: s.dirty[p] == 1))
def finish(m: Any, s: RefState) -> RefState:
    """Stop-and-copy: the guest is paused and the last dirty pages are sent."""
    dest = tuple(ite(s.dirty[p] == 1, copy_of(s, p), s.dest[p]) for p in m.pages)
    zeros = (0,) * len(m.pages)
    return s.set(dest=dest, dirty=zeros, phase=Phase.DONE)


def _pending(m: Any, s: RefState, page: int) -> Bool:
    return And(_running(m, s), s.pend[page] == 1)


@action(params=("pages",), guard=_pending, cost={"hcalls": lambda m, s, page: 1})
def set_stable(m: Any, s: RefState, page: int) -> RefState:
    """A deferred set-stable hypercall reaches the hypervisor (`lazy` only)."""
    return s.set(hint=put(s.hint, page, 0), pend=put(s.pend, page, 0))


GUEST = (alloc, write, free)
MIGRATION = (start, send, next_round, finish)
ACTIONS = GUEST + MIGRATION
