"""Designs side by side: each policy's verdicts, states, cost figures and counterexample files.

`compare_designs` checks every property of the model for each policy (as
`hintcheck check --model M --policy P` does, counterexamples saved the
same way) and takes the model's cost measures over one workload
(`runner.cost`), the same workload for every design so the figures
compare. One row per design (`design_row`); the field names are those of
the check rows and cost figures (docs/json.md).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from hintcheck.floor import Budget
from hintcheck.model.core import Model
from hintcheck.runner.cost import CostResult, figure_row
from hintcheck.runner.jobs import build_model, direct_jobs
from hintcheck.runner.run import Outcome, run_jobs


@dataclass
class Design:
    """One policy's outcomes (one per property) and cost figures."""

    model: Model
    outcomes: list[Outcome]
    cost: CostResult | None


def compare_designs(name: str, policies: Sequence[str], params: Mapping[str, int], *, engine: str,
                    budget: Budget, trace_dir: str | Path, props: Sequence[str] = (),
                    cost: Callable[[Model], CostResult] | None = None) -> list[Design]:
    """Every policy (all of the model's when `policies` is empty) checked and costed alike."""
    first = build_model(name, policies[0] if policies else None, params)
    names = list(policies) or list(first.spec.policies)
    designs = []
    for pol in names:
        chosen: Sequence[str | None] = props or [None]          # None: every property
        jobs = [j for p in chosen for j in direct_jobs(name, pol, p, first.params, engine=engine,
                                                                   budget=budget, match=False)]
        outcomes = run_jobs(jobs, trace_dir=trace_dir)
        model = jobs[0].model if jobs else build_model(name, pol, first.params)
        designs.append(Design(model, outcomes, cost(model) if cost is not None and model.spec.measures else None))
    return designs


def design_row(design: Design) -> dict[str, Any]:
    """One design as a JSON row: verdicts, states and trace files per property, then the cost figures.

    `states` is the largest state count of the design's searches (the
    properties of one configuration share one reachable space).
    """
    model = design.model
    props: dict[str, dict[str, Any]] = {}
    states = 0
    for o in design.outcomes:
        states = max(states, o.result.stats.states)
        props[o.job.prop.name] = {
            "verdict": o.result.verdict.value, "states": o.result.stats.states,
            "trace_length": len(o.result.trace.steps) if o.result.trace is not None else None,
            "trace": str(o.trace_path.resolve()) if o.trace_path is not None else None}
    figures = [] if design.cost is None else [
        {k: v for k, v in figure_row(design.cost, fig).items() if k not in ("model", "params", "policy")}
        for fig in design.cost.figures]
    return {"model": model.name, "params": dict(model.params), "policy": model.policy.name,
            "properties": props, "states": states,
            "figures": figures}
