"""DieHard: get exactly 4 gallons from a 3 and a 5 gallon jug and a faucet, ported from TLA+.

Source: specifications/DieHard/DieHard.tla of github.com/tlaplus/Examples
(Leslie Lamport), checked with specifications/DieHard/DieHard.cfg:
`SPECIFICATION Spec`, `INVARIANTS TypeOK NotSolved`, deadlock checked
(TLC's default; some fill is always enabled, so no state deadlocks).

Published count: none. specifications/DieHard/manifest.json records the
model as "exhaustive search", "result": "safety failure" and no
"distinctStates": the repository records state counts only for models
whose result is "success" (`is_state_count_valid` in
.github/scripts/tla_utils.py), and no version of the manifest (nor of the
top-level manifest.json it was split from) carries one. NotSolved is
violated: its shortest counterexample is the 6-step solution.

Without NotSolved the reachable states are the 16 pairs with one jug
empty or full (big in 0..5 with small in {0, 3}, and big in {0, 5} with
small in {1, 2}): TypeOK and no_deadlock hold over those 16, a count
derived by hand, not published.

The port is one to one: the variables are the two jugs, the six actions
are TLA+'s six disjuncts of Next and Min is an `ite`. Each jug's domain is
its TypeOK range, so TypeOK restates the domains.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from hintcheck.model.core import And, Domain, ModelSpec, action, invariant, ite, scalar

BIG, SMALL = 5, 3                    # the jugs' capacities, in gallons
GOAL = 4                             # the gallons the heroes must measure


@dataclass(frozen=True, slots=True)
class Jugs:
    big: Any = scalar(Domain.range(BIG + 1))       # gallons in the 5 gallon jug
    small: Any = scalar(Domain.range(SMALL + 1))   # gallons in the 3 gallon jug

    def set(self, **changes: Any) -> Jugs:
        return replace(self, **changes)


def least(a: Any, b: int) -> Any:
    """TLA+'s Min(m, n)."""
    return ite(a < b, a, b)


@action()
def fill_small_jug(m: Any, s: Jugs) -> Jugs:
    """FillSmallJug: fill the small jug from the faucet."""
    return s.set(small=SMALL)


@action()
def fill_big_jug(m: Any, s: Jugs) -> Jugs:
    """FillBigJug: fill the big jug from the faucet."""
    return s.set(big=BIG)


@action()
def empty_small_jug(m: Any, s: Jugs) -> Jugs:
    """EmptySmallJug: pour the small jug onto the ground."""
    return s.set(small=0)


@action()
def empty_big_jug(m: Any, s: Jugs) -> Jugs:
    """EmptyBigJug: pour the big jug onto the ground."""
    return s.set(big=0)


@action()
def small_to_big(m: Any, s: Jugs) -> Jugs:
    """SmallToBig: pour the small jug into the big one until the big is full or the small empty."""
    big = least(s.big + s.small, BIG)
    return s.set(big=big, small=s.small - (big - s.big))


@action()
def big_to_small(m: Any, s: Jugs) -> Jugs:
    """BigToSmall: pour the big jug into the small one until the small is full or the big empty."""
    small = least(s.big + s.small, SMALL)
    return s.set(small=small, big=s.big - (small - s.small))


@invariant
def type_ok(m: Any, s: Jugs) -> Any:
    """TypeOK: small is in 0..3 and big in 0..5."""
    return And(s.small >= 0, s.small <= SMALL, s.big >= 0, s.big <= BIG)


@invariant
def not_solved(m: Any, s: Jugs) -> Any:
    """NotSolved: the big jug does not hold 4 gallons (violated: TLC's trace is the solution)."""
    return s.big != GOAL


SPEC = ModelSpec(
    name="diehard",
    doc=__doc__.splitlines()[0],
    state=Jugs,
    params=(),
    index_sets={},
    init=lambda m: Jugs(big=0, small=0),
    actions=(fill_small_jug, fill_big_jug, empty_small_jug, empty_big_jug, small_to_big, big_to_small),
    policies={},
    properties=(type_ok, not_solved),
)
