"""`hintcheck prove`: Z3 bounded model checking, then k-induction or a proof for any number of pages.

Without `--model`, the suite entries that ask for a proof (`prove = ...`)
run, each judged against its expectation (a design expected to hold must
be `proved`; one expected to fail must be `violated` by a replayed trace).
Exit status as for `check`: 0 proved / as expected, 1 violated or an
unexpected verdict, 2 bad input, 3 bounded or unknown.
"""
from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from hintcheck.cli.jobs import Job, direct_jobs
from hintcheck.cli.options import build, json_option, params_option, parse_params
from hintcheck.cli.rows import record, run_jobs
from hintcheck.floor import Budget
from hintcheck.model.core import HintcheckError, Model
from hintcheck.floor.result import Result, Verdict
from hintcheck.suite import Entry, default_suite
from hintcheck.symbolic.prove import ProofPlan, prove as run_prove
from hintcheck.trace.format import state_to_json


def judge_proof(entry: Entry, result: Result) -> tuple[bool, str]:
    """A design expected to hold must be proved; one expected to fail, violated within its bound."""
    want = Verdict.PROVED if entry.expect is Verdict.HOLDS else entry.expect
    if result.verdict is not want:
        return False, f"expected {want.value}, got {result.verdict.value}"
    if entry.max_trace is not None and result.trace is not None and len(result.trace.steps) > entry.max_trace:
        return False, f"counterexample of {len(result.trace.steps)} steps exceeds {entry.max_trace}"
    return True, "as expected"


def lemmas_of(model: Model, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(model.property_named(n) for n in names)


def _suite(plan: ProofPlan) -> list[tuple[Job, ProofPlan]]:
    out = []
    for e in default_suite():
        if e.prove is None:
            continue
        model = build(e.model, e.policy, e.params)
        job = Job(model, model.property_named(e.property), Budget(), False, "z3", e)
        out.append((job, ProofPlan(depth=e.depth or plan.depth, induction=plan.induction,
                                   unbounded=e.prove == "unbounded", lemmas=lemmas_of(model, e.lemmas),
                                   timeout_s=plan.timeout_s)))
    if not out:
        raise HintcheckError("no suite entry asks for a proof (key `prove`)")
    return out


def _row(job: Job, result: Result, path: Any) -> dict[str, Any]:
    row = record(job, result, path, judge_with=judge_proof)
    row["lemmas"] = result.stats.extra.get("lemmas", [])
    cti = result.stats.extra.get("cti")
    if cti is not None:
        row["cti"] = {"before": state_to_json(job.model, cti.before), "step": cti.step,
                      "after": state_to_json(job.model, cti.after), "failing": list(cti.failing)}
    return row


@click.command()
@click.option("--model", help="Model to prove (default: the suite entries that ask for a proof).")
@click.option("--policy", help="Policy name, or path/to/file.py:ClassName (default: every policy).")
@click.option("--property", "prop_name", help="Invariant to prove (default: every property).")
@params_option
@click.option("--depth", type=click.IntRange(min=0), default=10, show_default=True,
              help="Bounded model checking depth before the proof.")
@click.option("--induction", type=click.IntRange(min=1), default=1, show_default=True,
              help="k for k-induction (for the model's parameters).")
@click.option("--unbounded", is_flag=True, help="Prove for every number of pages (lemmas inferred "
              "unless --lemma is given).")
@click.option("--bmc-only", is_flag=True, help="Stop after bounded model checking (verdict bounded).")
@click.option("--lemma", "lemma_names", multiple=True, metavar="NAME", help="Lemma to assume and prove (repeatable).")
@click.option("--timeout", type=click.IntRange(min=1), default=60, show_default=True,
              help="Seconds per solver query of a proof for any number.")
@click.option("--trace-dir", type=click.Path(file_okay=False), default="traces", show_default=True,
              help="Where counterexamples are saved (never overwritten).")
@json_option
def prove(model: str | None, policy: str | None, prop_name: str | None, params: tuple[str, ...], depth: int,
          induction: int, unbounded: bool, bmc_only: bool, lemma_names: tuple[str, ...], timeout: int,
          trace_dir: str, as_json: bool) -> int:
    """Prove invariants with Z3, or find a shortest counterexample."""
    plan = ProofPlan(depth=depth, induction=None if bmc_only else induction, unbounded=unbounded,
                     timeout_s=timeout)
    if model is None:
        if policy or prop_name or params or lemma_names:
            raise HintcheckError("--policy, --property, -p and --lemma need --model")
        work = _suite(plan)
    else:
        jobs = direct_jobs(model, policy, prop_name, parse_params(params), Budget(), False, "z3")
        for job in jobs:
            job.entry = None          # the suite's expectations are for explicit search here
        work = [(job, ProofPlan(depth, plan.induction, unbounded, lemmas_of(job.model, lemma_names),
                                timeout_s=timeout)) for job in jobs]
    plans = {id(job): job_plan for job, job_plan in work}
    return run_jobs([job for job, _ in work], lambda job, report: run_prove(job.model, job.prop, plans[id(job)]),
                    _row, trace_dir=trace_dir, as_json=as_json, title="hintcheck prove",
                    suite=model is None, details=_print_details)


def _print_details(console: Console, rows: list[dict[str, Any]]) -> None:
    """Inferred lemmas, and counterexamples to induction for the user to rule out."""
    for r in rows:
        if r["lemmas"] and r["verdict"] == Verdict.PROVED.value:
            console.print(f"{r['model']}/{r['policy']} {r['property']}: lemmas")
            for lemma in r["lemmas"]:
                console.print(f"  - {escape(lemma)}")
        if "cti" in r:
            cti = r["cti"]
            console.print(f"{r['model']}/{r['policy']} {r['property']}: counterexample to induction "
                          f"(not necessarily reachable; a lemma must exclude the first state):")
            for label, value in (("before", cti["before"]), ("step", cti["step"]), ("after", cti["after"])):
                shown = value if isinstance(value, str) else " ".join(f"{k}={v}" for k, v in value.items())
                console.print(escape(f"  {label + ':':<7} {shown}"))
