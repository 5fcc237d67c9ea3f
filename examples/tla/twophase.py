"""TwoPhase: the Two-Phase Commit protocol (Gray and Lamport), ported from TLA+.

Source: specifications/transaction_commit/TwoPhase.tla of
github.com/tlaplus/Examples, checked with
specifications/transaction_commit/TwoPhase.cfg: `CONSTANT RM = {r1, r2, r3}`,
`INVARIANT TPTypeOK`, `SPECIFICATION TPSpec`, deadlock checked (TLC's
default; once the TM has decided, receiving its message again is always
enabled, so no state deadlocks).

Published count: 288 distinct states (1146 total, depth 11), "result":
"success", in specifications/transaction_commit/manifest.json (the same
figures in the top-level manifest.json of the versions before the
manifest was split per specification).

Besides TPTypeOK (the cfg's one invariant) the port checks TCConsistent
of TCommit through the module's `TC == INSTANCE TCommit` (TC!TCConsistent,
implied by the theorem TPSpec => TC!TCSpec but not in the cfg); it is
restated here because a model file cannot import another by path.

What the encoding changes: RM is the index set `rms` (3 by default, the
cfg's r1, r2, r3, interchangeable: `symmetric`); tmPrepared, a subset of
RM, is one bit per RM; msgs, a subset of Message, is one bit per possible
message: `prepared[rm]` for [type |-> "Prepared", rm |-> rm], and the
scalars `commit_sent` and `abort_sent` for [type |-> "Commit"] and
[type |-> "Abort"]. Each is a bijection, so the states (and their count)
are TLC's. TPTypeOK restates the fields' domains.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from hintcheck.model.core import (And, Domain, ModelSpec, Not, Param, action, every, invariant,
                                  per_index, put, scalar)

BIT = Domain.range(2)


class RM(IntEnum):
    """A resource manager's state: TLA+'s strings "working" .. "aborted"."""
    WORKING = 0
    PREPARED = 1
    COMMITTED = 2
    ABORTED = 3


class TM(IntEnum):
    """The transaction manager's state: "init", "committed" or "aborted"."""
    INIT = 0
    COMMITTED = 1
    ABORTED = 2


@dataclass(frozen=True, slots=True)
class TPState:
    rm_state: Any = per_index("rms", Domain.enum_of(RM))   # rmState[rm]
    tm_state: Any = scalar(Domain.enum_of(TM))             # tmState
    tm_prepared: Any = per_index("rms", BIT)               # rm \in tmPrepared
    prepared: Any = per_index("rms", BIT)                  # [type |-> "Prepared", rm |-> rm] \in msgs
    commit_sent: Any = scalar(BIT)                         # [type |-> "Commit"] \in msgs
    abort_sent: Any = scalar(BIT)                          # [type |-> "Abort"] \in msgs

    def set(self, **changes: Any) -> TPState:
        return replace(self, **changes)


def initial(m: Any) -> TPState:
    """TPInit: every RM working, the TM in init, no Prepared received, no message sent."""
    none = (0,) * len(m.rms)
    return TPState(rm_state=(RM.WORKING,) * len(m.rms), tm_state=TM.INIT, tm_prepared=none,
                   prepared=none, commit_sent=0, abort_sent=0)


@action(params=("rms",), guard=lambda m, s, rm: And(s.tm_state == TM.INIT, s.prepared[rm] == 1))
def tm_rcv_prepared(m: Any, s: TPState, rm: int) -> TPState:
    """TMRcvPrepared(rm): the TM receives rm's Prepared message."""
    return s.set(tm_prepared=put(s.tm_prepared, rm, 1))


@action(guard=lambda m, s: And(s.tm_state == TM.INIT, every(s.tm_prepared[rm] == 1 for rm in m.rms)))
def tm_commit(m: Any, s: TPState) -> TPState:
    """TMCommit: with a Prepared message from every RM, the TM commits and broadcasts Commit."""
    return s.set(tm_state=TM.COMMITTED, commit_sent=1)


@action(guard=lambda m, s: s.tm_state == TM.INIT)
def tm_abort(m: Any, s: TPState) -> TPState:
    """TMAbort: the TM spontaneously aborts and broadcasts Abort."""
    return s.set(tm_state=TM.ABORTED, abort_sent=1)


@action(params=("rms",), guard=lambda m, s, rm: s.rm_state[rm] == RM.WORKING)
def rm_prepare(m: Any, s: TPState, rm: int) -> TPState:
    """RMPrepare(rm): a working RM prepares and sends Prepared to the TM."""
    return s.set(rm_state=put(s.rm_state, rm, RM.PREPARED), prepared=put(s.prepared, rm, 1))


@action(params=("rms",), guard=lambda m, s, rm: s.rm_state[rm] == RM.WORKING)
def rm_choose_to_abort(m: Any, s: TPState, rm: int) -> TPState:
    """RMChooseToAbort(rm): a working RM spontaneously aborts, sending nothing."""
    return s.set(rm_state=put(s.rm_state, rm, RM.ABORTED))


@action(params=("rms",), guard=lambda m, s, rm: s.commit_sent == 1)
def rm_rcv_commit_msg(m: Any, s: TPState, rm: int) -> TPState:
    """RMRcvCommitMsg(rm): rm receives the TM's Commit and commits."""
    return s.set(rm_state=put(s.rm_state, rm, RM.COMMITTED))


@action(params=("rms",), guard=lambda m, s, rm: s.abort_sent == 1)
def rm_rcv_abort_msg(m: Any, s: TPState, rm: int) -> TPState:
    """RMRcvAbortMsg(rm): rm receives the TM's Abort and aborts."""
    return s.set(rm_state=put(s.rm_state, rm, RM.ABORTED))


@invariant
def tp_type_ok(m: Any, s: TPState) -> Any:
    """TPTypeOK: rmState, tmState, tmPrepared and msgs are in their types."""
    return And(every(And(s.rm_state[rm] <= RM.ABORTED, s.tm_prepared[rm] <= 1, s.prepared[rm] <= 1)
                     for rm in m.rms),
               s.tm_state <= TM.ABORTED, s.commit_sent <= 1, s.abort_sent <= 1)


@invariant
def tc_consistent(m: Any, s: TPState) -> Any:
    """TC!TCConsistent: no RM has aborted while another has committed."""
    return every(Not(And(s.rm_state[rm1] == RM.ABORTED, s.rm_state[rm2] == RM.COMMITTED))
                 for rm1 in m.rms for rm2 in m.rms)


SPEC = ModelSpec(
    name="twophase",
    doc=__doc__.splitlines()[0],
    state=TPState,
    params=(Param("rms", 1, 5, 3, "resource managers: RM = {r1, r2, r3} in TwoPhase.cfg"),),
    index_sets={"rms": "rms"},
    init=initial,
    actions=(tm_rcv_prepared, tm_commit, tm_abort, rm_prepare, rm_choose_to_abort, rm_rcv_commit_msg,
             rm_rcv_abort_msg),
    policies={},
    properties=(tp_type_ok, tc_consistent),
    symmetric=frozenset({"rms"}),
)
