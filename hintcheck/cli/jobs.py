"""What a run command checks: suite entries, or one model's policies and properties.

Shared by `check` and `fuzz`, so both read the same suites and accept the
same `--model/--policy/--property/-p` selection.
"""
from __future__ import annotations

from dataclasses import dataclass

from hintcheck.cli.options import build
from hintcheck.floor import Budget
from hintcheck.model.core import Model, Property
from hintcheck.suite import Entry, default_suite


@dataclass
class Job:
    model: Model
    prop: Property
    budget: Budget
    symmetry: bool
    engine: str
    entry: Entry | None


def suite_jobs(include_slow: bool) -> list[Job]:
    """One job per default-suite entry (slow ones only when asked)."""
    entries = [e for e in default_suite() if (include_slow or e.cost != "slow") and e.prove is None]
    jobs = []
    for e in entries:
        model = build(e.model, e.policy, e.params)
        budget = Budget(e.max_states, e.max_depth, e.keep_going)
        jobs.append(Job(model, model.property_named(e.property), budget, e.symmetry, e.engine, e))
    return jobs


def matching_entry(model: Model, prop: Property, symmetry: bool, keep_going: bool) -> Entry | None:
    """The suite entry for this configuration, if there is one: its expectation is shown."""
    for e in default_suite():
        if (e.model, e.policy, e.property, e.symmetry, e.keep_going) == \
                (model.name, model.policy.name, prop.name, symmetry, keep_going) \
                and model.spec.resolve_params(e.params) == model.params:
            return e
    return None


def direct_jobs(name: str, policy: str | None, prop_name: str | None, params: dict[str, int],
                budget: Budget, symmetry: bool, engine: str) -> list[Job]:
    """Every (policy, property) of one model, or the ones named."""
    first = build(name, policy, params)
    policies = [policy] if policy else list(first.spec.policies)
    jobs = []
    for pol in policies:
        model = first if pol == policy else build(name, pol, params)
        props = [model.property_named(prop_name)] if prop_name else list(model.properties)
        jobs.extend(Job(model, p, budget, symmetry, engine, matching_entry(model, p, symmetry, budget.keep_going))
                    for p in props)
    return jobs
