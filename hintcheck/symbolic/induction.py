"""k-induction for invariants and action properties, strengthened by lemmas the user names.

The claim proved is the conjunction Q of the property and its lemmas (the
lemmas are invariants; the property may be an action property, a claim on
every step such as "commit only with a quiesced HPT"):

- base: no state reachable in fewer than k steps violates Q (bounded model
  checking, which also yields the counterexample when the property fails);
- step: from any k consecutive in-domain, pairwise distinct states that
  satisfy Q and are linked by the transition relation (whose steps satisfy
  an action property), the next state satisfies Q too, and so does the step
  into it.

Both unsat: Q holds in every reachable state, for these parameters. A
satisfiable step case is a *counterexample to induction*: a pair of states
(not necessarily reachable) where Q holds and then fails. It is reported so
that the user can write the lemma that rules the first state out.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import z3

from hintcheck.model.core import HintcheckError, Model, Property
from hintcheck.floor.result import Result, Stats, Verdict
from hintcheck.symbolic.bmc import bmc
from hintcheck.symbolic.encode import (decode_state, decode_step, domain_constraints, equals, fresh_state,
                                       invariant_of, step_relation)


DOMAINS = "declared domains"          # the claim that no step leaves the model's declared domains


@dataclass(frozen=True)
class Cti:
    """A counterexample to induction: Q holds in `before`, the step leads to `after`, where `failing` do not."""

    before: Any
    step: str
    after: Any
    failing: tuple[str, ...]


def _claims(model: Model, prop: Property, lemmas: Sequence[Property]) -> list[Property]:
    for c in lemmas:
        if c.kind != "invariant":
            raise HintcheckError(f"lemma {c.name} is an action property; lemmas must be invariants")
    return [prop, *lemmas]


def _base(model: Model, claims: list[Property], k: int, stats: Stats) -> Result | None:
    """BMC of every claim below depth k; a violated claim ends the proof attempt."""
    for claim in claims:
        found = bmc(model, claim, max(k - 1, 0))
        stats.seconds += found.stats.seconds
        if found.verdict is Verdict.VIOLATED:
            if claim is claims[0]:
                return Result(Verdict.VIOLATED, stats, trace=found.trace, engine="z3-induction")
            raise HintcheckError(f"lemma {claim.name} is not an invariant of {model.label}: "
                                 f"violated in {len(found.trace.steps)} steps")
    return None


def _step_case(model: Model, claims: list[Property], k: int) -> Cti | None:
    """None when the step case is unsat, else the last transition of a model of it."""
    states = [fresh_state(model, f"i{j}") for j in range(k + 1)]
    invariants = [c for c in claims if c.kind == "invariant"]
    on_steps = claims[0] if claims[0].kind != "invariant" else None
    solver = z3.Solver()
    rels = []
    for j, st in enumerate(states):
        if j < k:                          # the last state may leave the domains: a failure below
            solver.add(domain_constraints(model, st))
            solver.add(*[invariant_of(model, c, st) for c in invariants])
            rel = step_relation(model, st, states[j + 1], f"u{j}", on_steps)
            solver.add(rel.formula)
            if j < k - 1 and rel.prop_ok is not None:
                solver.add(rel.prop_ok)
            rels.append(rel)
    for a in range(len(states)):            # simple paths: makes k-induction complete for finite models
        for b in range(a + 1, len(states)):
            solver.add(z3.Not(equals(model, states[a], states[b])))
    last = states[-1]
    checks = {c.name: invariant_of(model, c, last) for c in invariants}
    if on_steps is not None and rels[-1].prop_ok is not None:
        checks[on_steps.name] = rels[-1].prop_ok
    checks[DOMAINS] = z3.Not(rels[-1].broken)
    solver.add(z3.Or(*[z3.Not(f) for f in checks.values()]))
    if solver.check() != z3.sat:
        return None
    zm = solver.model()
    failing = tuple(name for name, f in checks.items() if z3.is_false(zm.eval(f, model_completion=True)))
    step = model.instances[decode_step(rels[-1], zm)].step
    return Cti(decode_state(model, states[-2], zm), str(step), decode_state(model, last, zm), failing)


def k_induction(model: Model, prop: Property, k: int = 1, lemmas: Sequence[Property] = ()) -> Result:
    """Prove `prop` (with `lemmas`) by k-induction for the model's parameters.

    Returns
    -------
    Result: PROVED (extra["proof"] says what was proved), VIOLATED with a
    trace, or UNKNOWN with extra["cti"] holding the counterexample to induction.
    """
    if k < 1:
        raise HintcheckError("k-induction needs k >= 1")
    started = time.perf_counter()
    claims = _claims(model, prop, lemmas)
    stats = Stats(depth=k)
    failed = _base(model, claims, k, stats)
    if failed is not None:
        return failed
    cti = _step_case(model, claims, k)
    stats.seconds = time.perf_counter() - started
    params = ", ".join(f"{n}={v}" for n, v in model.params.items())
    if cti is None:
        stats.extra["proof"] = (f"{k}-inductive with lemmas [{', '.join(c.name for c in claims[1:])}]"
                                f" for {params}")
        return Result(Verdict.PROVED, stats, engine="z3-induction")
    stats.extra["cti"] = cti
    return Result(Verdict.UNKNOWN, stats, limit=f"not {k}-inductive: {', '.join(cti.failing)} "
                  f"fails after {cti.step}", engine="z3-induction")
