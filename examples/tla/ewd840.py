"""EWD840: Dijkstra's termination detection on a ring (with Feijen and van Gasteren), ported from TLA+.

Source: specifications/ewd840/EWD840.tla of github.com/tlaplus/Examples
(Stephan Merz), checked with specifications/ewd840/EWD840.cfg:
`CONSTANTS N = 3`, `SPECIFICATION Spec`, `CHECK_DEADLOCK FALSE`,
`INVARIANTS TypeOK TerminationDetection Inv`, `PROPERTIES Liveness TDSpec`.
Deadlock is not checked, hence `deadlock=False` below (a state where every
node is passive and the token rests at a white node 0 with a white token,
termination detected, has no step).

Published count: 302 distinct states (2001 total, depth 10), "mode":
"exhaustive search", "result": "success", in
specifications/ewd840/manifest.json (the same figures, with the features
"ignore deadlock" and "liveness", in the top-level manifest.json of the
versions before the manifest was split per specification). The figures
were recorded in Feb 2024 (tlaplus/Examples #122, commit b7d2d8c) under
the cfg of the time (`INIT Init`, `NEXT Next`, `INVARIANT Inv`,
`CHECK_DEADLOCK FALSE`, N = 3); the cfg above (commit ab9a2c3, Jul 2025)
keeps Init and Next, so the same state graph, and the same commit skips
EWD840.cfg in the repository's CI ("strange issue with parsing TLC
output"), so the figures were not re-run under it. The published depth
is not reproduced: the longest shortest path from the 192 initial states
has 9 states (8 steps here, on both engines), not 10. TLC's depth is not
deterministic with several workers (tlaplus/tlaplus#883), and the
repository's CI compares only the distinct and total counts, never the
depth (`is_state_count_info_correct` in .github/scripts/tla_utils.py).
The same Spec is also published at N = 4 through
specifications/ewd840/EWD840_json.cfg (module EWD840_json EXTENDS EWD840
and checks `JsonInv`, which is Inv while Inv holds, with `CHECK_DEADLOCK
FALSE`): 1566 distinct states, 15986 total, depth 12, all three
reproduced by `--param n=4`.

Init has 4**N * N initial states (active \\in [Node -> BOOLEAN], color \\in
[Node -> Color], tpos \\in Node, tcolor = "black"): 192 for N = 3, every
one listed by `initial` below.

What the encoding changes: Node is the index set `nodes` (N members,
0..N-1, not declared symmetric: tpos names a node and node 0 is special);
`active` is one bit per node (TRUE is 1), `color` and `tcolor` the enum
`Color`, `tpos` a scalar 0..N-1. Each is a bijection, so the states (and
their count) are TLC's. System's `\\E i \\in Node \\ {0} : PassToken(i)`
is one action instance per node whose guard is false for node 0;
Environment's `SendMsg(i)` with its `\\E j \\in Node \\ {i}` is one
instance per pair (i, j), j /= i, and `Deactivate(i)` one per node.
InitiateProbe's guard `tcolor = "black" \\/ color[0] = "black"` and
PassToken's `~active[i] \\/ color[i] = "black" \\/ tcolor = "black"` are
split into one action per disjunct, with the same effect: TLC explores
each true disjunct of an action as a branch of its own and counts the
successor once per branch in its total ("states generated"), so one
action per disjunct makes hintcheck's transitions TLC's successors
(2001 = 1809 + 192 initial states; one action per TLA+ operator would
give 1625 transitions, 1817 in TLC's terms). The reachable states do not
change.

The cfg's invariants are ported as `type_ok`, `termination_detection` and
`inv` (Dijkstra's P0 \\/ P1 \\/ P2). Of its PROPERTIES, TDSpec (TD!Spec,
the refinement of SyncTerminationDetection under the mapping
terminationDetected <- terminationDetected) is ported as far as a
hintcheck property reaches: its step part [TD!Next]_<<active,
terminationDetected>> is the action property `td_next`, and TD!Init holds
of every initial state because the token starts black, so
terminationDetected is FALSE (the test checks it). Liveness (terminated ~>
terminationDetected) and the fairness conditions WF_vars(System) and
TD's WF_vars(DetectTermination) are temporal: hintcheck checks invariants
and step properties only, so they are not ported.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from hintcheck.model.core import (And, Domain, Implies, ModelSpec, Or, Param, action, action_property,
                                  every, invariant, ite, per_index, put, scalar, some)

BIT = Domain.range(2)               # BOOLEAN: FALSE is 0, TRUE is 1


class Color(IntEnum):
    """Color == {"white", "black"}."""
    WHITE = 0
    BLACK = 1


@dataclass(frozen=True, slots=True)
class Ring:
    active: Any = per_index("nodes", BIT)                   # active[i]
    color: Any = per_index("nodes", Domain.enum_of(Color))  # color[i]
    tpos: Any = scalar(Domain.upto("n", -1))                # tpos \in Node = 0..N-1
    tcolor: Any = scalar(Domain.enum_of(Color))             # tcolor

    def set(self, **changes: Any) -> Ring:
        return replace(self, **changes)


def initial(m: Any) -> list[Ring]:
    """Init: any activity, any node colors, the token anywhere, and black."""
    n = len(m.nodes)
    return [Ring(active=active, color=color, tpos=tpos, tcolor=Color.BLACK)
            for active in itertools.product((0, 1), repeat=n)
            for color in itertools.product(tuple(Color), repeat=n)
            for tpos in m.nodes]


def terminated(m: Any, s: Ring) -> Any:
    """terminated: every node is passive."""
    return every(s.active[i] == 0 for i in m.nodes)


def termination_detected(m: Any, s: Ring) -> Any:
    """terminationDetected: a white token at a white, passive node 0."""
    return And(s.tpos == 0, s.tcolor == Color.WHITE, s.color[0] == Color.WHITE, s.active[0] == 0)


def _probe(m: Any, s: Ring) -> Ring:
    """InitiateProbe's effect: a white token to node N-1, node 0 whitened."""
    return s.set(tpos=len(m.nodes) - 1, tcolor=Color.WHITE, color=put(s.color, 0, Color.WHITE))


@action(guard=lambda m, s: And(s.tpos == 0, s.tcolor == Color.BLACK))
def initiate_probe_token_black(m: Any, s: Ring) -> Ring:
    """InitiateProbe, branch tcolor = "black": node 0 holds a black token and starts a new round."""
    return _probe(m, s)


@action(guard=lambda m, s: And(s.tpos == 0, s.color[0] == Color.BLACK))
def initiate_probe_node_black(m: Any, s: Ring) -> Ring:
    """InitiateProbe, branch color[0] = "black": node 0 holds the token, is black, and starts a new round."""
    return _probe(m, s)


def _pass(m: Any, s: Ring, i: int) -> Ring:
    """PassToken(i)'s effect: the token to i-1, stained if node i is black; node i whitened."""
    return s.set(tpos=i - 1, tcolor=ite(s.color[i] == Color.BLACK, Color.BLACK, s.tcolor),
                 color=put(s.color, i, Color.WHITE))


def _holds_token(s: Ring, i: int) -> Any:
    """tpos = i, for i in Node \\ {0}."""
    return And(i != 0, s.tpos == i)


@action(params=("nodes",), guard=lambda m, s, i: And(_holds_token(s, i), s.active[i] == 0))
def pass_token_passive(m: Any, s: Ring, i: int) -> Ring:
    """PassToken(i), branch ~active[i]: passive node i /= 0 passes the token on."""
    return _pass(m, s, i)


@action(params=("nodes",), guard=lambda m, s, i: And(_holds_token(s, i), s.color[i] == Color.BLACK))
def pass_token_node_black(m: Any, s: Ring, i: int) -> Ring:
    """PassToken(i), branch color[i] = "black": black node i /= 0 passes the token on, stained."""
    return _pass(m, s, i)


@action(params=("nodes",), guard=lambda m, s, i: And(_holds_token(s, i), s.tcolor == Color.BLACK))
def pass_token_token_black(m: Any, s: Ring, i: int) -> Ring:
    """PassToken(i), branch tcolor = "black": node i /= 0 passes a black token on."""
    return _pass(m, s, i)


@action(params=("nodes", "nodes"), guard=lambda m, s, i, j: And(i != j, s.active[i] == 1))
def send_msg(m: Any, s: Ring, i: int, j: int) -> Ring:
    """SendMsg(i) to j /= i: active node i activates j, turning black when j > i (against the token)."""
    return s.set(active=put(s.active, j, 1), color=put(s.color, i, Color.BLACK) if j > i else s.color)


@action(params=("nodes",), guard=lambda m, s, i: s.active[i] == 1)
def deactivate(m: Any, s: Ring, i: int) -> Ring:
    """Deactivate(i): an active node becomes passive."""
    return s.set(active=put(s.active, i, 0))


@invariant
def type_ok(m: Any, s: Ring) -> Any:
    """TypeOK: active, color, tpos and tcolor are in their types."""
    return And(every(And(s.active[i] <= 1, s.color[i] <= Color.BLACK) for i in m.nodes),
               s.tpos <= len(m.nodes) - 1, s.tcolor <= Color.BLACK)


@invariant
def termination_detection(m: Any, s: Ring) -> Any:
    """TerminationDetection: termination is detected only once every node is passive."""
    return Implies(termination_detected(m, s), terminated(m, s))


@invariant
def inv(m: Any, s: Ring) -> Any:
    """Inv: Dijkstra's invariant P0 \\/ P1 \\/ P2."""
    p0 = every(Implies(s.tpos < i, s.active[i] == 0) for i in m.nodes)       # nodes past the token are passive
    p1 = some(And(j <= s.tpos, s.color[j] == Color.BLACK) for j in m.nodes)  # \E j \in 0..tpos : black
    p2 = s.tcolor == Color.BLACK
    return Or(p0, p1, p2)


def _except(m: Any, before: Ring, after: Ring, i: int, value: int) -> Any:
    """active' = [active EXCEPT ![i] = value]."""
    return every(after.active[k] == (value if k == i else before.active[k]) for k in m.nodes)


@action_property
def td_next(m: Any, before: Ring, step: Any, after: Ring) -> Any:
    """TDSpec's step part: each step is [TD!Next]_<<active, terminationDetected>> of SyncTerminationDetection."""
    td, td2 = termination_detected(m, before), termination_detected(m, after)
    same_active = every(after.active[k] == before.active[k] for k in m.nodes)
    stutter = And(same_active, td2 == td)
    terminate = some(And(before.active[i] == 1, _except(m, before, after, i, 0),
                         Or(td2 == td, td2 == terminated(m, after))) for i in m.nodes)
    wakeup = some(And(before.active[i] == 1, _except(m, before, after, j, 1), td2 == td)
                  for i in m.nodes for j in m.nodes)
    detect = And(terminated(m, before), td2, same_active)
    return Or(stutter, terminate, wakeup, detect)


SPEC = ModelSpec(
    name="ewd840",
    doc=__doc__.splitlines()[0],
    state=Ring,
    params=(Param("n", 1, 5, 3, "nodes on the ring: N = 3 in EWD840.cfg"),),
    index_sets={"nodes": "n"},
    init=initial,
    actions=(initiate_probe_token_black, initiate_probe_node_black, pass_token_passive,
             pass_token_node_black, pass_token_token_black, send_msg, deactivate),
    policies={},
    properties=(type_ok, termination_detection, inv, td_next),
    deadlock=False,
)
