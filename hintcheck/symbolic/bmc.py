"""Bounded model checking: is the property violated within k steps of the initial state?

One incremental solver holds the initial predicate and the unrolled
transition relation; at each depth the negated property is pushed, checked
and popped, so depth k reuses everything learnt at depths below it. The
first depth with a model is the length of a shortest counterexample (the
same number BFS reports), and the model is decoded into action instances
that `trace_of` replays concretely before the trace is returned.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import z3

from hintcheck.model.core import Model, Property
from hintcheck.floor.result import Result, Stats, Verdict
from hintcheck.symbolic.encode import (StepRelation, SymState, decode_state, decode_step, fresh_state, initial,
                                       invariant_of, step_relation)
from hintcheck.trace.build import trace_of


@dataclass
class Unrolling:
    """States s0..sk and the relations between them, asserted on one solver."""

    model: Model
    prop: Property
    solver: z3.Solver = field(default_factory=z3.Solver)
    states: list[SymState] = field(default_factory=list)
    steps: list[StepRelation] = field(default_factory=list)

    def extend(self) -> None:
        """Add one more step to the path."""
        k = len(self.states)
        nxt = fresh_state(self.model, f"s{k}")
        rel = step_relation(self.model, self.states[-1], nxt, f"t{k - 1}", self.prop)
        self.solver.add(rel.formula)
        self.states.append(nxt)
        self.steps.append(rel)

    def bad_at(self, k: int) -> z3.BoolRef:
        """The property fails at depth k (in state k, or on step k for an action property),
        or step k leaves the declared domains (its replay then raises the contract error)."""
        broken = self.steps[k - 1].broken if k > 0 else z3.BoolVal(False)
        if self.prop.kind == "invariant":
            return z3.Or(z3.Not(invariant_of(self.model, self.prop, self.states[k])), broken)
        if k == 0:
            return z3.BoolVal(False)
        ok = self.steps[k - 1].prop_ok
        return broken if ok is None else z3.Or(z3.Not(ok), broken)

    def path(self, zmodel: z3.ModelRef, k: int) -> list[int]:
        return [decode_step(self.steps[i], zmodel) for i in range(k)]


def bmc(model: Model, prop: Property, depth: int,
        progress: Callable[[int, float], None] | None = None) -> Result:
    """Search for a violation of `prop` in at most `depth` steps.

    Returns
    -------
    Result: VIOLATED with a replayed trace of minimal length, or BOUNDED
    ("no violation up to depth k") -- never HOLDS: a bounded search proves
    nothing beyond its bound.
    """
    started = time.perf_counter()
    run = Unrolling(model, prop)
    run.states.append(fresh_state(model, "s0"))
    run.solver.add(initial(model, run.states[0]))
    stats = Stats()
    for k in range(depth + 1):
        if k > 0:
            run.extend()
        run.solver.push()
        run.solver.add(run.bad_at(k))
        answer = run.solver.check()
        stats.depth, stats.seconds = k, time.perf_counter() - started
        if answer == z3.sat:
            zmodel = run.solver.model()
            insts = [model.instances[i] for i in run.path(zmodel, k)]
            start = decode_state(model, run.states[0], zmodel)      # one of the initial states
            trace = trace_of(model, prop, insts, "z3-bmc", start=start)
            return Result(Verdict.VIOLATED, stats, trace=trace, engine="z3-bmc")
        run.solver.pop()
        if answer == z3.unknown:
            return Result(Verdict.UNKNOWN, stats, limit=f"solver gave up at depth {k}: "
                          f"{run.solver.reason_unknown()}", engine="z3-bmc")
        if progress:
            progress(k, stats.seconds)
    return Result(Verdict.BOUNDED, stats, limit=f"depth {depth}", engine="z3-bmc")
