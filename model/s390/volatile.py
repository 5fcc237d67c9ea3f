"""The lazy make-volatile designs of seed 003: a bounded pending set, flushed when full.

Rik van Riel: "the transition _to_ volatile can also be batched and done
somewhat lazily". Martin Schwidefsky: a page in the pending set "only has to
be removed if it gets freed", not when it is made stable, because the
make-volatile re-checks the page's conditions. Hubertus Franke: "If the
hashtable fills up we commit", under `PG_state_change`.

The flush is two steps, as in the proposal: `flush_check` re-checks every
queued page under its state-change lock (still in use and clean page
cache), then `flush_commit` issues one vector ESSA_SET_VOLATILE for the
checked pages. A make-stable on a checked page waits for the lock, so
`on_write` ends where commit-then-make-stable would: stable, out of the set.
A free does not take the lock: that is why a freed page must leave the set.

Variants named for what they omit: `volatile-lazy-keep-on-free` (a freed
page stays in the set: a commit can make a reallocated anonymous page
volatile) and `volatile-lazy-no-recheck` (the flush trusts the queue: a page
dirtied after queueing is made volatile).
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Not, Or, action, count, ite, put, some
from hintcheck.model.guest import IN_USE, Kind
from hintcheck.model.hypervisor.essa import EState, essa
from hintcheck.model.migration import running
from hintcheck.model.s390.state import Pend


def _eligible(s: Any, page: int) -> Bool:
    """page_make_volatile()'s conditions, abstracted: in use and clean page cache."""
    return And(s.loc[page] == IN_USE, s.kind[page] == Kind.CLEAN)


def _full(m: Any, s: Any) -> Bool:
    return And(running(m, s), count(s.pend[p] == Pend.QUEUED for p in m.pages) >= m.pending,
               Not(some(s.pend[p] == Pend.CHECKED for p in m.pages)))


@action(guard=_full)
def flush_check(m: Any, s: Any) -> Any:
    """The pending set is full: lock each queued page and re-check it (or not, if the design omits it)."""
    def checked(p: int) -> Any:
        ok = _eligible(s, p) if m.policy.recheck else True
        return ite(s.pend[p] == Pend.QUEUED, ite(ok, Pend.CHECKED, Pend.NONE), s.pend[p])
    return s.set(pend=tuple(checked(p) for p in m.pages))


def _committing(m: Any, s: Any) -> Bool:
    return And(running(m, s), some(s.pend[p] == Pend.CHECKED for p in m.pages))


@action(guard=_committing, cost={"hcalls": lambda m, s: 1})
def flush_commit(m: Any, s: Any) -> Any:
    """One vector ESSA_SET_VOLATILE for the checked pages; the locks are released."""
    hs = tuple(ite(s.pend[p] == Pend.CHECKED, EState.VOLATILE, s.hs[p]) for p in m.pages)
    pend = tuple(ite(s.pend[p] == Pend.CHECKED, Pend.NONE, s.pend[p]) for p in m.pages)
    return s.set(hs=hs, pend=pend)


class VolatileLazy:
    """Make-volatile requests queued in a bounded set, removed on free, re-checked at the flush.

    Expected to hold. Cost: one ESSA per free and allocation, one vector
    call per flush, one make-stable per store to a volatile or checked page.
    """

    name = "volatile-lazy"
    actions = (flush_check, flush_commit)
    recheck = True
    remove_on_free = True

    @property
    def hcalls(self) -> dict[str, Any]:
        return {"on_free": 1, "on_alloc": 1,
                "on_write": lambda m, s, page: ite(
                    Or(s.hs[page] == EState.VOLATILE, s.pend[page] == Pend.CHECKED), 1, 0)}

    def on_free(self, m: Any, s: Any, cpu: int, page: int) -> Any:
        if self.remove_on_free:
            s = s.set(pend=put(s.pend, page, Pend.NONE))
        return essa(s, page, EState.UNUSED)

    def on_alloc(self, m: Any, s: Any, cpu: int, page: int) -> Any:
        return essa(s, page, EState.STABLE)

    def on_clean(self, m: Any, s: Any, page: int) -> Any:
        room = count(s.pend[p] != Pend.NONE for p in m.pages) < m.pending
        new = ite(s.pend[page] == Pend.NONE, ite(room, Pend.QUEUED, Pend.NONE), s.pend[page])
        return s.set(pend=put(s.pend, page, new))

    def on_write(self, m: Any, s: Any, page: int) -> Any:
        s = s.set(pend=put(s.pend, page, ite(s.pend[page] == Pend.CHECKED, Pend.NONE, s.pend[page])))
        return essa(s, page, EState.STABLE)


class VolatileLazyKeepOnFree(VolatileLazy):
    """volatile-lazy whose free leaves the page in the pending set. Expected to violate."""

    name = "volatile-lazy-keep-on-free"
    remove_on_free = False


class VolatileLazyNoRecheck(VolatileLazy):
    """volatile-lazy whose flush does not re-check the queued pages. Expected to violate."""

    name = "volatile-lazy-no-recheck"
    recheck = False
