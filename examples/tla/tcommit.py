"""TCommit: the Transaction Commit specification (Gray and Lamport), ported from TLA+.

Source: specifications/transaction_commit/TCommit.tla of
github.com/tlaplus/Examples, checked with
specifications/transaction_commit/TCommit.cfg: `CONSTANT RM = {r1, r2, r3}`,
`INVARIANTS TCTypeOK TCConsistent`, `SPECIFICATION TCSpec`,
`CHECK_DEADLOCK FALSE` (every RM decided is a state with no step, on
purpose), hence `deadlock=False` below.

Published count: 34 distinct states (94 total, depth 7), "result":
"success", in specifications/transaction_commit/manifest.json (the same
figures, with feature "ignore deadlock", in the top-level manifest.json
of the versions before the manifest was split per specification).

The port is one to one: RM is the index set `rms` of `rms` members (3 by
default, the cfg's r1, r2, r3, interchangeable: `symmetric`), rmState one
enum per RM, Prepare and Decide's two disjuncts one action each. TCTypeOK
restates the field's domain.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from hintcheck.model.core import (And, Domain, ModelSpec, Not, Or, Param, action, every, invariant,
                                  per_index, put)


class RM(IntEnum):
    """A resource manager's state: TLA+'s strings "working" .. "aborted"."""
    WORKING = 0
    PREPARED = 1
    COMMITTED = 2
    ABORTED = 3


@dataclass(frozen=True, slots=True)
class TCState:
    rm_state: Any = per_index("rms", Domain.enum_of(RM))   # rmState[rm]

    def set(self, **changes: Any) -> TCState:
        return replace(self, **changes)


def is_in(value: Any, *members: RM) -> Any:
    """TLA+'s `value \\in {members}`."""
    return Or(*(value == x for x in members))


def can_commit(m: Any, s: TCState) -> Any:
    """canCommit: every RM is prepared or committed."""
    return every(is_in(s.rm_state[rm], RM.PREPARED, RM.COMMITTED) for rm in m.rms)


def not_committed(m: Any, s: TCState) -> Any:
    """notCommitted: no RM has committed."""
    return every(s.rm_state[rm] != RM.COMMITTED for rm in m.rms)


@action(params=("rms",), guard=lambda m, s, rm: s.rm_state[rm] == RM.WORKING)
def prepare(m: Any, s: TCState, rm: int) -> TCState:
    """Prepare(rm): a working RM prepares."""
    return s.set(rm_state=put(s.rm_state, rm, RM.PREPARED))


@action(params=("rms",), guard=lambda m, s, rm: And(s.rm_state[rm] == RM.PREPARED, can_commit(m, s)))
def decide_commit(m: Any, s: TCState, rm: int) -> TCState:
    """Decide(rm), first disjunct: a prepared RM commits once every RM is prepared or committed."""
    return s.set(rm_state=put(s.rm_state, rm, RM.COMMITTED))


@action(params=("rms",),
        guard=lambda m, s, rm: And(is_in(s.rm_state[rm], RM.WORKING, RM.PREPARED), not_committed(m, s)))
def decide_abort(m: Any, s: TCState, rm: int) -> TCState:
    """Decide(rm), second disjunct: a working or prepared RM aborts while no RM has committed."""
    return s.set(rm_state=put(s.rm_state, rm, RM.ABORTED))


@invariant
def tc_type_ok(m: Any, s: TCState) -> Any:
    """TCTypeOK: rmState maps every RM to one of the four states."""
    return every(s.rm_state[rm] <= RM.ABORTED for rm in m.rms)


@invariant
def tc_consistent(m: Any, s: TCState) -> Any:
    """TCConsistent: no RM has aborted while another has committed."""
    return every(Not(And(s.rm_state[rm1] == RM.ABORTED, s.rm_state[rm2] == RM.COMMITTED))
                 for rm1 in m.rms for rm2 in m.rms)


SPEC = ModelSpec(
    name="tcommit",
    doc=__doc__.splitlines()[0],
    state=TCState,
    params=(Param("rms", 1, 5, 3, "resource managers: RM = {r1, r2, r3} in TCommit.cfg"),),
    index_sets={"rms": "rms"},
    init=lambda m: TCState(rm_state=(RM.WORKING,) * len(m.rms)),
    actions=(prepare, decide_commit, decide_abort),
    policies={},
    properties=(tc_type_ok, tc_consistent),
    symmetric=frozenset({"rms"}),
    deadlock=False,
)
