"""Cost measures: what a path costs, as figures per unit of work, from the actions' cost labels.

Actions label their steps with counters (`Action.cost`: hypercalls
`hcalls`, `pages_sent`, `pages_skipped`, `resizes`, `stop_machine`). A
measure cuts a path into samples and sums counters over each:

- `Measure.per(name, counters, actions)`: one sample per step of one of
  `actions` (an allocator operation), holding the counters of the steps
  since the previous such step up to and including this one; the steps
  after the last one are added to it, so nothing on the path is left out.
  "hypercalls per allocator operation".
- `Measure.between(name, counters, start, end, abort, include_end)`: one
  sample per stretch opened by a `start` step and closed by the next `end`
  step (its own counters included or not); an `abort` step drops the open
  stretch, and a stretch still open when the path ends is not a sample.
  "pages sent per migration", "pages sent in round 1", "resizes per batch".

With `only`, a sample sums the counters of those actions' steps alone
(the hypercalls of a resize driver, not those of page faults in between).

`role` says which side of the trade-off a figure is on when designs are
compared: "cost" (to be small: hypercalls, resizes) or "benefit" (to be
large: pages a migration did not have to send).

>>> m = Measure.between("pages sent per migration", ("pages_sent",), start=("migrate_start",),
...                     end=("complete",), abort=("cancel",))
>>> m.kind, m.counters
('between', ('pages_sent',))
"""
from __future__ import annotations

from dataclasses import dataclass

from hintcheck.model.core.errors import ModelError

ROLES = ("cost", "benefit", "")


@dataclass(frozen=True)
class Measure:
    """A named figure: counters summed per sample, the samples cut by action names."""

    name: str
    counters: tuple[str, ...]
    kind: str                            # "per" or "between"
    actions: tuple[str, ...] = ()        # per: the steps that are one unit each
    start: tuple[str, ...] = ()          # between: opens a stretch
    end: tuple[str, ...] = ()            # between: closes it (a sample)
    abort: tuple[str, ...] = ()          # between: drops it
    include_end: bool = True             # between: the closing step's counters belong to the stretch
    only: tuple[str, ...] = ()           # count the counters of these actions' steps only (empty: every step)
    role: str = "cost"
    doc: str = ""

    def __post_init__(self) -> None:
        if not self.name or not self.counters:
            raise ModelError("a measure needs a name and at least one counter")
        if self.role not in ROLES:
            raise ModelError(f"measure {self.name!r}: role must be one of {', '.join(map(repr, ROLES))}")
        if self.kind == "per" and not self.actions:
            raise ModelError(f"measure {self.name!r}: per which actions?")
        if self.kind == "between" and not (self.start and self.end):
            raise ModelError(f"measure {self.name!r}: between needs start and end actions")
        if self.kind not in ("per", "between"):
            raise ModelError(f"measure {self.name!r}: kind must be 'per' or 'between'")

    @classmethod
    def per(cls, name: str, counters: tuple[str, ...], actions: tuple[str, ...], role: str = "cost",
            doc: str = "", only: tuple[str, ...] = ()) -> Measure:
        """Counters per step of one of `actions` (see the module docstring)."""
        return cls(name, tuple(counters), "per", actions=tuple(actions), role=role, doc=doc, only=tuple(only))

    @classmethod
    def between(cls, name: str, counters: tuple[str, ...], start: tuple[str, ...], end: tuple[str, ...],
                abort: tuple[str, ...] = (), include_end: bool = True, role: str = "cost",
                doc: str = "", only: tuple[str, ...] = ()) -> Measure:
        """Counters per stretch from a `start` step to the next `end` step (see the module docstring)."""
        return cls(name, tuple(counters), "between", start=tuple(start), end=tuple(end), abort=tuple(abort),
                   include_end=include_end, role=role, doc=doc, only=tuple(only))

    @property
    def action_names(self) -> tuple[str, ...]:
        """Every action the measure names (each must be one of the model's)."""
        return self.actions + self.start + self.end + self.abort + self.only
