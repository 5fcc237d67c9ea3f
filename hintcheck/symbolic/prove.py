"""`prove`: bounded model checking first, then an inductive proof.

1. BMC to `depth`: a violation ends it with a shortest, replayed trace.
2. The proof, one of
   - k-induction for the model's parameters, with the lemmas named; or
   - `unbounded`: induction over the any-number encoding of the model's
     interchangeable index set (pages.py), with the lemmas named, or with
     lemmas inferred (houdini.py) when none are named.

Verdicts: `violated` (trace), `proved` (saying for which parameters, or for
every number of pages), `unknown` (the counterexample to induction, or the
lemma that is not inductive), `bounded` only when no proof was asked for.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from hintcheck.model.core import HintcheckError, Model, Property
from hintcheck.floor.result import Result, Stats, Verdict
from hintcheck.symbolic.bmc import bmc
from hintcheck.symbolic.houdini import candidates, houdini_any, houdini_fixed, supporting
from hintcheck.symbolic.induction import k_induction
from hintcheck.symbolic.param import ParamSystem


@dataclass(frozen=True)
class ProofPlan:
    """What `prove` attempts after BMC."""

    depth: int = 10
    induction: int | None = 1          # k for k-induction; None: BMC only
    unbounded: bool = False
    lemmas: tuple[Property, ...] = ()
    mine_size: int = 2                 # index-set size of the explicit run that mines candidates
    max_literals: int = 5
    timeout_s: int = 60                # per solver query of the any-number proof


def _symmetric_index(model: Model) -> str:
    if len(model.symmetric) != 1:
        raise HintcheckError(f"model {model.name} declares {len(model.symmetric)} interchangeable index "
                             "sets: a proof for any number needs exactly one")
    index = next(iter(model.symmetric))
    if not isinstance(model.spec.index_sets[index], str):
        raise HintcheckError(f"model {model.name}: index set {index} has a fixed size: no proof for any number of it")
    return index


def _unbounded(model: Model, prop: Property, plan: ProofPlan, stats: Stats) -> Result:
    """The proof for any number of the interchangeable index, saying where counts were abstracted."""
    system = ParamSystem(model, _symmetric_index(model))
    result = _any_number(system, prop, plan, stats)
    if system.leaves_domain and result.verdict is not Verdict.PROVED:
        result.limit = f"{result.limit}; a step may leave the declared domains (a value outside its field's domain)"
    if system.timed_out and result.verdict is not Verdict.PROVED:
        stats.extra["timed_out"] = system.timed_out
        result.limit = (f"{result.limit}; the solver gave up after {plan.timeout_s} s on "
                        f"{', '.join(system.timed_out)} (--timeout)")
    if system.abstracted:
        stats.extra["abstracted"] = system.abstracted
        note = (f"; count() over {system.index} abstracted (exact only against 0 and 1) in "
                f"{', '.join(system.abstracted)}")
        if result.verdict is Verdict.PROVED:
            stats.extra["proof"] += note
        else:
            result.limit = f"{result.limit}{note}"
    return result


def _any_number(system: ParamSystem, prop: Property, plan: ProofPlan, stats: Stats) -> Result:
    model, index = system.model, system.index
    fixed = {k: v for k, v in model.params.items() if k != model.spec.index_sets[index]}
    scope = f"every number of {index}" + (f" ({', '.join(f'{k}={v}' for k, v in fixed.items())})"
                                          if fixed else "")
    timeout = plan.timeout_s * 1000
    if plan.lemmas:
        lemmas, ok = houdini_any(system, prop, plan.lemmas, timeout)
        lost = [c.name for c in plan.lemmas if c not in lemmas]
        stats.extra["lemmas"] = [c.name for c in lemmas]
        if lost:
            stats.extra["not_inductive"] = lost
        if ok:
            stats.extra["proof"] = f"inductive for {scope} with lemmas [{', '.join(stats.extra['lemmas'])}]"
            return Result(Verdict.PROVED, stats, engine="z3-any-n")
        why = f"{prop.name} is not shown to follow" + (f" (not inductive: {', '.join(lost)})" if lost else "")
        return Result(Verdict.UNKNOWN, stats, limit=f"not inductive for {scope}: {why}", engine="z3-any-n")
    pool = candidates(model, index, plan.mine_size, plan.max_literals)
    stats.extra["mined"] = len(pool)
    survivors, ok, _ = houdini_fixed(model, prop, pool)
    if ok:
        chosen = supporting(model, prop, survivors)
        lemmas, ok = houdini_any(system, prop, chosen, timeout)
        if not ok or len(lemmas) < len(chosen):
            lemmas, ok = houdini_any(system, prop, survivors, timeout)
    if not ok:
        return Result(Verdict.UNKNOWN, stats, engine="z3-any-n",
                      limit=f"no inductive strengthening among {len(pool)} mined lemmas")
    stats.extra["lemmas"] = [c.doc for c in lemmas]
    stats.extra["proof"] = f"inductive for {scope} with {len(lemmas)} inferred lemmas"
    return Result(Verdict.PROVED, stats, engine="z3-any-n")


def prove(model: Model, prop: Property, plan: ProofPlan = ProofPlan()) -> Result:
    """BMC to `plan.depth`, then the proof the plan asks for."""
    started = time.perf_counter()
    found = bmc(model, prop, plan.depth)
    if found.verdict is not Verdict.BOUNDED:
        return found
    stats = Stats(depth=plan.depth)
    stats.extra["bmc"] = f"no violation up to depth {plan.depth}"
    if plan.unbounded:
        result = _unbounded(model, prop, plan, stats)
    elif plan.induction is not None:
        result = k_induction(model, prop, plan.induction, plan.lemmas)
        result.stats.extra["bmc"] = stats.extra["bmc"]
    else:
        result = found
    result.stats.seconds = time.perf_counter() - started
    return result
