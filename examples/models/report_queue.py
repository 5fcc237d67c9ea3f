"""Free page reporting: the guest reports free pages, the host discards them.

Mechanism abstracted: Linux free page reporting (mm/page_reporting.c).
The worker `page_reporting_process()` takes free pages off the free list
(`page_reporting_cycle()`), hands them to the device's `report()`
(virtio-balloon `virtballoon_free_page_report()`: QEMU discards the
range) and puts them back marked PG_reported. Allocating such a page
clears the mark (`__ClearPageReported()` in `del_page_from_free_list()`).

Variables: per page `used` (the guest holds it), `reported` (on the
host's discard list) and `data` (1 = the guest's content is there).

Assumptions and simplifications:
- the host may discard a reported page at any time until the guest takes
  it back, and a discard loses the page's content. This is deliberate, to
  show a bug: virtio-balloon discards while the report is in flight, and
  a later access gets a fresh page from the host, so Linux needs no undo
  on allocation. The model is of a host that discards lazily;
- a report (isolate, report, put back) is one atomic step, one page at a
  time: no batches, no capacity, no threshold;
- `alloc` initialises the page in the same step (the guest's content).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from hintcheck.model.core import (And, Domain, HookSpec, Implies, ModelSpec, Param, action, every,
                                  invariant, per_index, put)

BIT = Domain.range(2)


@dataclass(frozen=True, slots=True)
class Pages:
    used: tuple[Any, ...] = per_index("pages", BIT)       # 1 = allocated to the guest
    reported: tuple[Any, ...] = per_index("pages", BIT)   # 1 = the host may discard it
    data: tuple[Any, ...] = per_index("pages", BIT)       # 1 = holds the guest's content

    def set(self, **changes: Any) -> Pages:
        return replace(self, **changes)


@action(params=("pages",), guard=lambda m, s, page: s.used[page] == 0)
def alloc(m: Any, s: Pages, page: int) -> Pages:
    """The guest allocates a free page and writes it; the policy's on_alloc runs here."""
    s = s.set(used=put(s.used, page, 1), data=put(s.data, page, 1))
    return m.policy.on_alloc(m, s, page)


@action(params=("pages",), guard=lambda m, s, page: s.used[page] == 1)
def free(m: Any, s: Pages, page: int) -> Pages:
    """The guest frees the page; its content stays until the host discards it."""
    return s.set(used=put(s.used, page, 0))


@action(params=("pages",), guard=lambda m, s, page: And(s.used[page] == 0, s.reported[page] == 0))
def report(m: Any, s: Pages, page: int) -> Pages:
    """The reporting worker reports a free, unreported page (page_reporting_cycle())."""
    return s.set(reported=put(s.reported, page, 1))


@action(params=("pages",), guard=lambda m, s, page: And(s.reported[page] == 1, s.data[page] == 1),
        actor="hypervisor")
def discard(m: Any, s: Pages, page: int) -> Pages:
    """The host discards a reported page: its content is lost (the simplification above)."""
    return s.set(data=put(s.data, page, 0))


@invariant
def no_data_loss(m: Any, s: Pages) -> Any:
    """A page the guest holds keeps the content the guest wrote."""
    return every(Implies(s.used[p] == 1, s.data[p] == 1) for p in m.pages)


@invariant
def in_use_not_reported(m: Any, s: Pages) -> Any:
    """Lemma: the host never holds a report of a page in use."""
    return every(Implies(s.used[p] == 1, s.reported[p] == 0) for p in m.pages)


class Keep:
    """Allocate a reported page as it is: the host may still discard it (violates no_data_loss)."""

    name = "keep"


class Unreport:
    """Take the page back before use: clear the report inside alloc (holds)."""

    name = "unreport"

    def on_alloc(self, m: Any, s: Pages, page: int) -> Pages:
        return s.set(reported=put(s.reported, page, 0))


HOOKS = (HookSpec("on_alloc", ("page",), "alloc(page): after the page is written, before any other step",
                  "__ClearPageReported() in del_page_from_free_list()", ("reported[page]",)),)

SPEC = ModelSpec(
    name="report_queue",
    doc=__doc__.splitlines()[0],
    state=Pages,
    params=(Param("pages", 1, 6, 3, "number of guest pages"),),
    index_sets={"pages": "pages"},
    init=lambda m: Pages(used=(0,) * len(m.pages), reported=(0,) * len(m.pages), data=(0,) * len(m.pages)),
    actions=(alloc, free, report, discard),
    hooks=HOOKS,
    policies={"keep": Keep, "unreport": Unreport},
    default_policy="unreport",
    properties=(no_data_loss,),
    lemmas=(in_use_not_reported,),
    symmetric=frozenset({"pages"}),
    simplifications=("the host discards a reported page at any time until it is taken back, losing its content "
                     "(virtio-balloon discards during the report and repopulates on access)",
                     "a report is one atomic step of one page: no batches, capacity or threshold"),
)
