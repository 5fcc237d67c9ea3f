"""Every property of one configuration in one search, each with its own shortest counterexample.

Jobs that differ only in their property (same model, policy, parameters,
exhaustive engine, options and budget) are run as one breadth-first search
of their conjunction. The state space does not depend on the property, so
a conjunction that holds gives every member the same exhaustive `holds`
(or the same bound). A conjunction that fails does so first at a state (or
step) of least depth: every member false there has that trace as a
shortest counterexample, since any state violating it violates the
conjunction too. The members still unresolved are searched again, as one
conjunction, until none is left. So a configuration whose properties all
hold is explored once, where it was explored once per property.

The conjunction of invariants is an invariant. With an action property
among the members it is an action property, in which each invariant is
checked on the state after every step; the initial state, which no step
reaches, is checked first, and an invariant false there is run alone (its
counterexample has no step).

Not combined: sampled and proof engines, `keep_going` (violating counts are
per property), a `max_states` budget (where a search stops would depend on
the other members' violations), and a group of one. Under symmetry each
member is checked symmetric by itself (`floor.symcheck`), as a run of its
own would be, before the conjunction is.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from hintcheck.floor import Result, Verdict
from hintcheck.floor.interpret import apply, find_instance, holds
from hintcheck.floor.symcheck import check_symmetry
from hintcheck.model.core import And, Instance, Model, Property
from hintcheck.runner.jobs import Job
from hintcheck.trace.build import trace_of
from hintcheck.trace.format import state_to_json

COMBINED_ENGINES = frozenset({"auto", "explore", "vector"})


def group_key(job: Job) -> tuple[Any, ...] | None:
    """What jobs must share to be searched as one; None for a job that runs alone."""
    b = job.budget
    if job.engine not in COMBINED_ENGINES or b.keep_going or b.max_states is not None or job.prop.kind == "liveness":
        return None
    m = job.model
    options = tuple(sorted((k, repr(v)) for k, v in job.options.items()))
    return (m.spec.name, m.spec.source, m.policy.name, tuple(sorted(m.params.items())), job.engine,
            options, b.max_depth, job.symmetry)


def conjunction(props: Sequence[Property]) -> Property:
    """One property that holds where every one of `props` does (an action property if any is one)."""
    invariants = [p for p in props if p.kind == "invariant"]
    steps = [p for p in props if p.kind == "action"]
    name = " and ".join(p.name for p in props)
    if not steps:
        return Property(name, "invariant", lambda m, s: And(*(p.predicate(m, s) for p in invariants)))
    return Property(name, "action", lambda m, before, step, after: And(
        *(p.predicate(m, after) for p in invariants), *(p.predicate(m, before, step, after) for p in steps)))


def _fails(model: Model, prop: Property, path: list[Instance], start: Any) -> bool:
    """Whether `prop` is false at the end of `path` from the initial state `start`."""
    before, after = None, start
    for inst in path:
        before, after = after, apply(model, inst, after)
    step = path[-1].step if path else None
    return not holds(model, prop, before, step, after)


Runner = Callable[[Job, Property], Result]


def run_together(jobs: Sequence[Job], run: Runner) -> list[Result]:
    """The result of each job's property, from as few searches of their conjunction as it takes.

    `run(job, prop)` runs one search of `prop` with `job`'s model, engine,
    budget and options (the caller's progress reporting around it).
    """
    first = jobs[0]
    model = first.model
    if first.symmetry:
        for job in jobs:
            check_symmetry(model, job.prop)
    results: dict[int, Result] = {}
    mixed = any(j.prop.kind == "action" for j in jobs)
    remaining = []
    for n, job in enumerate(jobs):
        if mixed and job.prop.kind == "invariant" and \
                not all(holds(model, job.prop, None, None, s) for s in model.initial_states):
            results[n] = run(job, job.prop)
        else:
            remaining.append(n)
    while remaining:
        if len(remaining) == 1:
            results[remaining[0]] = run(jobs[remaining[0]], jobs[remaining[0]].prop)
            break
        props = [jobs[n].prop for n in remaining]
        together = run(first, conjunction(props))
        shared = [p.name for p in props]
        if together.verdict is not Verdict.VIOLATED:
            for n in remaining:
                results[n] = _member(together, shared)
            break
        trace = together.trace
        path = [find_instance(model, step) for step in trace.steps]
        if any(inst is None for inst in path):
            raise AssertionError(f"a step of the combined counterexample names no instance: {trace.steps}")
        insts: list[Instance] = [inst for inst in path if inst is not None]
        start = next(s for s in model.initial_states if state_to_json(model, s) == dict(trace.init))
        failing = [n for n in remaining if _fails(model, jobs[n].prop, insts, start)]
        if not failing:
            raise AssertionError(f"combined counterexample of {together.engine} violates no member")
        for n in failing:
            own = trace_of(model, jobs[n].prop, insts, trace.engine, trace.seed, dict(trace.meta), start)
            results[n] = replace(_member(together, shared), trace=own)
        remaining = [n for n in remaining if n not in failing]
    return [results[n] for n in range(len(jobs))]


def _member(together: Result, shared: list[str]) -> Result:
    stats = replace(together.stats, fired=dict(together.stats.fired),
                    extra={**together.stats.extra, "one_search_for": shared})
    return replace(together, stats=stats, trace=None)
