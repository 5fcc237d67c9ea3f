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

from hintcheck.cli.options import (format_option, json_option, nonempty, over_points, params_option, trace_dir_option,
                                   trace_option)
from hintcheck.cli.rows import report_jobs
from hintcheck.floor import Verdict
from hintcheck.model.core import HintcheckError
from hintcheck.runner import direct_jobs, suite_jobs


@click.command()
@click.argument("suites", nargs=-1, type=click.Path(dir_okay=False), metavar="[SUITE.toml]...")
@click.option("--model", callback=nonempty, help="Model to prove (default: the suite entries that ask for a proof).")
@click.option("--policy", callback=nonempty, help="Policy name, or path/to/file.py:ClassName (default: every policy).")
@click.option("--property", "prop_name", callback=nonempty, help="Invariant to prove (default: every property).")
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
@trace_dir_option
@trace_option
@format_option
@json_option
def prove(suites: tuple[str, ...], model: str | None, policy: str | None, prop_name: str | None,
          params: tuple[str, ...], depth: int, induction: int, unbounded: bool, bmc_only: bool, lemma_names: tuple[str, ...], timeout: int,
          trace_dir: str, as_json: bool, show_traces: bool, fmt: str) -> int:
    """Prove invariants with Z3, or find a shortest counterexample."""
    k = 0 if bmc_only else induction               # k-induction with k = 0: bounded model checking only
    if suites and model is not None:
        raise HintcheckError("give suite files or --model, not both")
    if model is None:
        if policy or prop_name or params or lemma_names:
            raise HintcheckError("--policy, --property, -p and --lemma need --model")
        jobs = suite_jobs(proofs=True, options={"depth": depth, "k": k, "timeout_s": timeout},
                          files=suites)
    else:
        engine, options = ("z3-any-n", {"timeout_s": timeout}) if unbounded else ("z3-induction", {"k": k})
        # the suite's expectations are for explicit search here: no job is judged. no_deadlock
        # (rarely inductive) is proved only when named.
        jobs = over_points(params, lambda point: direct_jobs(
            model, policy, prop_name, point, engine=engine, options={"depth": depth, "lemmas": lemma_names, **options},
            match=False, deadlock=False, liveness=False))
    return report_jobs(jobs, trace_dir=trace_dir, as_json=as_json, title="hintcheck prove",
                       suite=model is None, details=_print_details, show_traces=show_traces, fmt=fmt)


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
