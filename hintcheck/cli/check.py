"""`hintcheck check`: run the default suite, or one model's policies and properties.

Without `--model` the default suite runs (every `properties/suites/*.toml`
entry not marked slow) and the exit status says whether every entry met its
expectation (0) or not (1). With `--model` the named configurations run and
the exit status is the verdict's: 0 holds, 1 violated, 3 bounded.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from hintcheck.cli.options import build, emit_json, interactive, json_option, params_option, parse_params
from hintcheck.cli.progress import progress_reporter
from hintcheck.engines import ENGINES, run_check
from hintcheck.explore import Budget
from hintcheck.model.core import HintcheckError, Model, Property
from hintcheck.result import EXIT_OK, EXIT_VIOLATED, Result, Verdict, exit_code
from hintcheck.suite import Entry, default_suite, judge
from hintcheck.trace.format import save


@dataclass
class Job:
    model: Model
    prop: Property
    budget: Budget
    symmetry: bool
    engine: str
    entry: Entry | None


def _suite_jobs(include_slow: bool) -> list[Job]:
    entries = [e for e in default_suite() if include_slow or e.cost != "slow"]
    jobs = []
    for e in entries:
        model = build(e.model, e.policy, e.params)
        budget = Budget(e.max_states, e.max_depth, e.keep_going)
        jobs.append(Job(model, model.property_named(e.property), budget, e.symmetry, e.engine, e))
    return jobs


def _matching_entry(model: Model, prop: Property, symmetry: bool, keep_going: bool) -> Entry | None:
    for e in default_suite():
        if (e.model, e.policy, e.property, e.symmetry, e.keep_going) == \
                (model.name, model.policy.name, prop.name, symmetry, keep_going) \
                and model.spec.resolve_params(e.params) == model.params:
            return e
    return None


def _direct_jobs(name: str, policy: str | None, prop_name: str | None, params: dict[str, int],
                 budget: Budget, symmetry: bool, engine: str) -> list[Job]:
    first = build(name, policy, params)
    policies = [policy] if policy else list(first.spec.policies)
    jobs = []
    for pol in policies:
        model = first if pol == policy else build(name, pol, params)
        props = [model.property_named(prop_name)] if prop_name else list(model.properties)
        jobs.extend(Job(model, p, budget, symmetry, engine, _matching_entry(model, p, symmetry, budget.keep_going))
                    for p in props)
    return jobs


def _record(job: Job, result: Result, trace_path: Path | None) -> dict[str, Any]:
    st = result.stats
    row: dict[str, Any] = {
        "model": job.model.name, "policy": job.model.policy.name, "params": job.model.params,
        "property": job.prop.name, "engine": result.engine, "verdict": result.verdict.value,
        "states": st.states, "transitions": st.transitions, "depth": st.depth,
        "seconds": round(st.seconds, 3), "states_per_s": round(st.rate), "peak_rss": st.peak_rss,
        "violating": st.violating, "limit": result.limit, "symmetry": job.symmetry,
        "trace": str(trace_path) if trace_path else None,
        "trace_length": len(result.trace.steps) if result.trace else None,
        "summary": result.describe(),
        "fired": st.fired, "never_fired": [a for a, n in st.fired.items() if n == 0],
        "simplifications": list(job.model.spec.simplifications),
    }
    if job.entry is not None:
        ok, why = judge(job.entry, result)
        row.update(expected=job.entry.expect.value, as_expected=ok, judgement=why)
    return row


@click.command()
@click.option("--model", help="Model to check (default: run the default suite).")
@click.option("--policy", help="Policy name, or path/to/file.py:ClassName (default: every policy).")
@click.option("--property", "prop_name", help="Property to check (default: every property).")
@params_option
@click.option("--max-states", type=click.IntRange(min=1), help="Stop after this many distinct states.")
@click.option("--max-depth", type=click.IntRange(min=0), help="Do not expand states at this depth.")
@click.option("--symmetry", is_flag=True, help="Explore orbits under the model's symmetric index sets.")
@click.option("--continue", "keep_going", is_flag=True,
              help="Keep exploring past violations; count them; save the shortest.")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True)
@click.option("--trace-dir", type=click.Path(file_okay=False), default="traces", show_default=True,
              help="Where counterexamples are saved (never overwritten).")
@click.option("--slow", is_flag=True, help="Suite mode: include entries marked slow.")
@json_option
def check(model: str | None, policy: str | None, prop_name: str | None, params: tuple[str, ...],
          max_states: int | None, max_depth: int | None, symmetry: bool, keep_going: bool,
          engine: str, trace_dir: str, slow: bool, as_json: bool) -> int:
    """Check properties exhaustively; save a shortest counterexample for every violation."""
    if model is None and (policy or prop_name or params or symmetry):
        raise HintcheckError("--policy, --property, -p and --symmetry need --model")
    if model is None:
        jobs = _suite_jobs(slow)
    else:
        jobs = _direct_jobs(model, policy, prop_name, parse_params(params),
                            Budget(max_states, max_depth, keep_going), symmetry, engine)
    console = Console(highlight=False, width=None if interactive(as_json) else 160)
    rows = []
    for job in jobs:
        with progress_reporter(f"{job.model.label} {job.prop.name}", interactive(as_json)) as report:
            result = run_check(job.model, job.prop, job.budget, job.symmetry, job.engine, report)
        path = save(result.trace, trace_dir) if result.trace is not None else None
        row = _record(job, result, path)
        rows.append(row)
        if as_json:
            emit_json(row)
    if not as_json:
        _print_table(console, rows, suite=model is None)
        _print_basis(console, rows)
    if model is None:
        return EXIT_OK if all(r["as_expected"] for r in rows) else EXIT_VIOLATED
    return exit_code([Verdict(r["verdict"]) for r in rows])


def _print_table(console: Console, rows: list[dict[str, Any]], suite: bool) -> None:
    table = Table(title="hintcheck: default suite" if suite else "hintcheck check")
    for col in ("model", "policy", "property", "params", "expected", "verdict", "states",
                "depth", "s", "trace"):
        table.add_column(col, justify="right" if col in ("states", "depth", "s") else "left")
    for r in rows:
        params = " ".join(f"{k}={v}" for k, v in r["params"].items()) + (" sym" if r["symmetry"] else "")
        verdict = r["verdict"] if r["limit"] is None else f"{r['verdict']} ({r['limit']})"
        if "as_expected" in r:
            verdict += "  ok" if r["as_expected"] else f"  UNEXPECTED: {r['judgement']}"
        trace = f"{r['trace_length']} steps: {r['trace']}" if r["trace"] else ""
        table.add_row(r["model"], r["policy"], r["property"], params, r.get("expected", "-"),
                      verdict, f"{r['states']:,}", str(r["depth"]), f"{r['seconds']:.1f}", trace)
    console.print(table)
    for r in rows:
        console.print(f"{r['model']}/{r['policy']} {r['property']}: {r['summary']}")


def _print_basis(console: Console, rows: list[dict[str, Any]]) -> None:
    """What the verdicts rest on: actions that never fired, and the model's simplifications."""
    for r in rows:
        if r["never_fired"]:
            console.print(f"[yellow]warning[/yellow]: {r['model']}/{r['policy']} {r['property']}: "
                          f"never fired: {', '.join(r['never_fired'])} (the result may be vacuous for them)")
    seen = set()
    for r in rows:
        if r["model"] in seen or not r["simplifications"]:
            continue
        seen.add(r["model"])
        console.print(f"{r['model']}: not covered (stated simplifications):")
        for line in r["simplifications"]:
            console.print(f"  - {line}")
