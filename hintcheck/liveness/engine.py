"""The liveness engine (`hintcheck.engines`: "liveness"): every reachable state and transition, then fair cycles.

A liveness property (model.core.liveness) fails exactly when some fair run
violates it, and on a finite graph such a run can be taken to be a lasso:
a prefix from an initial state and a cycle repeated for ever. So:

- `eventually(P)`: a fair cycle among the states where P is false, reached
  from an initial state through such states only;
- `always_eventually(P)`: a fair cycle among the states where P is false,
  reached by any path;
- `eventually_always(P)`: a fair cycle through a state where P is false;
- `leads_to(P, Q)`: a reachable state where P holds and Q does not, from
  which a fair cycle among the states where Q is false is reached through
  such states only.

`holds` means the whole graph was built and no such lasso exists under the
stated fairness (printed with the verdict); a budget that stops the build
gives `bounded`, since a partial graph proves nothing about cycles. The
lasso is replayed (trace.replay checks that its loop closes, is fair, and
that the property fails along it) before it is returned.

Symmetry is refused: on orbits a cycle need not close on concrete states
(TLC warns and goes on; this engine does not).

The model's own `no_deadlock` is read off the same graph: a state with no
outgoing edge that the model does not declare terminal, reached by a
shortest path (the same verdict and length as the safety search's).
"""
from __future__ import annotations

import time
from typing import Any, Callable

import numpy as np

from hintcheck.floor import Engine, NotLowerable, Request, Result, Stats, Verdict, lowered, peak_rss
from hintcheck.floor.compile import compile_invariant
from hintcheck.liveness.fair import Rule, fair_components, rules
from hintcheck.liveness.graph import StateGraph, build
from hintcheck.liveness.lasso import cycle, shortest
from hintcheck.model.core import Fair, HintcheckError, Model, Property
from hintcheck.model.core.deadlock import NAME as DEADLOCK
from hintcheck.trace.build import trace_of

NAME = "liveness"


def assumed_fairness(request: Request) -> tuple[Fair, ...]:
    """The run's fairness, one assumption per instance where `each`: the `fairness` option when given,
    else the model's and the policy's declared assumptions."""
    given = request.option("fairness", None)
    return request.model.expand_fairness(given if given is not None else request.model.fairness)


def _truth(model: Model, fn: Callable[..., Any], graph: StateGraph) -> np.ndarray:
    """State id -> whether the state predicate `fn` holds: compiled from the lowered graph when the model
    lowers (on the packed keys, no state object built), else interpreted."""
    try:
        holds = compile_invariant(lowered(model), Property("predicate", "invariant", fn))
    except NotLowerable:
        return np.fromiter((bool(fn(model, s)) for s in graph.states()), dtype=bool, count=graph.size)
    return np.fromiter((holds(k) for k in graph.keys), dtype=bool, count=graph.size)


def run(request: Request) -> Result:
    model, prop = request.model, request.prop
    deadlock = _is_deadlock_check(model, prop)
    if prop.kind != "liveness" and not deadlock:
        raise HintcheckError(f"engine {NAME} checks liveness properties and {DEADLOCK}; {prop.name} is an "
                             f"{prop.kind} property")
    if request.option("symmetry", False):
        raise HintcheckError(f"property {prop.name}: liveness under --symmetry is refused (a cycle of orbits "
                             "need not be a cycle of states); run without --symmetry")
    fairness = assumed_fairness(request)
    started = time.perf_counter()
    stats = Stats(extra={"assumes": ", ".join(map(str, fairness)) or "no fairness"})
    graph = build(model, request.budget, request.report, stats)
    stats.states, stats.transitions, stats.depth = graph.size, len(graph.src), graph.depth
    stats.fired = {a.name: 0 for a in model.actions}
    for inst, n in zip(model.instances, np.bincount(graph.inst, minlength=len(model.instances)).tolist()):
        stats.fired[inst.action.name] += n
    if graph.limit is not None:
        stats.seconds, stats.peak_rss = time.perf_counter() - started, peak_rss()
        return Result(Verdict.BOUNDED, stats, limit=f"{graph.limit} (a liveness verdict needs the whole graph)",
                      engine=NAME)
    if deadlock:
        return _dead_end(model, prop, graph, stats, started)
    fair_rules = rules(model, graph, fairness)
    lasso = _lasso(model, prop, graph, fair_rules, stats)
    stats.seconds, stats.peak_rss = time.perf_counter() - started, peak_rss()
    if lasso is None:
        return Result(Verdict.HOLDS, stats, engine=NAME)
    start, edges, loop = lasso
    stats.violating = 1
    insts = [model.instances[int(graph.inst[e])] for e in edges]
    meta: dict[str, object] = {"fairness": [f.to_json() for f in fairness]}
    trace = trace_of(model, prop, insts, NAME, meta=meta, start=graph.state(start), loop=loop)
    return Result(Verdict.VIOLATED, stats, trace=trace, engine=NAME)


def _is_deadlock_check(model: Model, prop: Property) -> bool:
    """Whether `prop` is the model's own `no_deadlock` (model.core.deadlock), which this engine reads off the graph."""
    return prop.name == DEADLOCK and any(p is prop for p in model.properties)


def _dead_end(model: Model, prop: Property, graph: StateGraph, stats: Stats, started: float) -> Result:
    """no_deadlock on the graph: a state with no outgoing edge that the model does not declare terminal."""
    stats.extra.pop("assumes", None)
    stuck = graph.indptr[1:] == graph.indptr[:-1]
    if model.spec.terminal is not None:
        stuck &= ~_truth(model, model.spec.terminal, graph)
    found = shortest(graph, graph.inits, np.ones(graph.size, dtype=bool), stuck) if stuck.any() else None
    stats.seconds, stats.peak_rss = time.perf_counter() - started, peak_rss()
    if found is None:
        return Result(Verdict.HOLDS, stats, engine=NAME)
    start, edges = found
    stats.violating = int(stuck.sum())
    insts = [model.instances[int(graph.inst[e])] for e in edges]
    trace = trace_of(model, prop, insts, NAME, start=graph.state(start))
    return Result(Verdict.VIOLATED, stats, trace=trace, engine=NAME)


def _lasso(model: Model, prop: Property, graph: StateGraph, fair_rules: list[Rule],
           stats: Stats) -> tuple[int, list[int], int] | None:
    """(initial state id, prefix and cycle edges, loop point) of a fair run violating `prop`, or None.

    A leads_to whose trigger no reachable state meets (outside its target)
    holds vacuously: `stats.extra["vacuous"]` says so.
    """
    p = _truth(model, prop.predicate, graph)
    everywhere = np.ones(graph.size, dtype=bool)
    if prop.form == "eventually":
        return _to_cycle(graph, graph.inits, ~p, ~p, fair_rules)
    if prop.form == "always_eventually":
        return _to_cycle(graph, graph.inits, everywhere, ~p, fair_rules)
    if prop.form == "eventually_always":
        return _to_cycle(graph, graph.inits, everywhere, everywhere, fair_rules, ~p)
    if prop.form == "leads_to":
        assert prop.then is not None
        not_q = ~_truth(model, prop.then, graph)
        if not (p & not_q).any():
            stats.extra["vacuous"] = "no reachable state where its trigger holds and its target does not"
            return None
        comps = fair_components(graph, not_q, fair_rules)
        if not (comps >= 0).any():
            return None
        can = _backward(graph, comps >= 0, not_q)
        trigger = shortest(graph, graph.inits, everywhere, p & not_q & can)
        if trigger is None:
            return None
        start, first = trigger
        at = int(graph.dst[first[-1]]) if first else start
        rest = _to_cycle(graph, [at], not_q, not_q, fair_rules, comps=comps)
        assert rest is not None, "a state that can reach a fair cycle reaches one"
        _, edges, loop = rest
        return start, first + edges, len(first) + loop
    raise HintcheckError(f"property {prop.name}: unknown liveness form {prop.form!r}")


def _to_cycle(graph: StateGraph, sources: list[int], region: np.ndarray, allowed: np.ndarray,
              fair_rules: list[Rule], through: np.ndarray | None = None,
              comps: np.ndarray | None = None) -> tuple[int, list[int], int] | None:
    """The shortest path from a source inside `region` to a fair cycle inside `allowed`, and that cycle.

    `comps` labels the fair cycles (fair.fair_components), computed here
    when not given. With a mask `through`, only cycles that pass a state
    where it is true count.
    """
    labels = fair_components(graph, allowed, fair_rules) if comps is None else comps
    if through is not None:
        keep = np.unique(labels[through & (labels >= 0)])
        labels = np.where(np.isin(labels, keep), labels, -1)
    if not (labels >= 0).any():
        return None
    found = shortest(graph, sources, region, labels >= 0)
    if found is None:
        return None
    start, prefix = found
    entry = int(graph.dst[prefix[-1]]) if prefix else start
    comp = labels == labels[entry]
    visit = [int(np.flatnonzero(comp & through)[0])] if through is not None else []
    loop_edges = cycle(graph, comp, entry, fair_rules, visit)
    return start, prefix + loop_edges, len(prefix)


def _backward(graph: StateGraph, goal: np.ndarray, region: np.ndarray) -> np.ndarray:
    """The states inside `region` from which a goal state is reached through `region` only."""
    reach = goal.copy()
    while True:
        step = reach[graph.dst] & region[graph.src] & ~reach[graph.src]
        if not step.any():
            return reach
        reach[graph.src[step]] = True


ENGINE = Engine(NAME, "exhaustive", run, options=frozenset({"fairness", "symmetry"}),
                doc="liveness under weak and strong fairness: fair cycles of the whole reachable graph, lassos")
