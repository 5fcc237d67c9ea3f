"""`hintcheck cost`: what each design costs over a workload, figure by figure.

The model's measures (`ModelSpec.measures`: hypercalls per allocator
operation, pages sent in round 1 and per migration, pages skipped,
resizes per hotplug batch...) over seeded random walks (the default) or
over every path up to a depth (`--all-paths`), for each policy:
samples, mean, worst, and the steps that reach the worst.

    hintcheck cost --model pseries --walks 2000 --depth 30
    hintcheck cost --model reference --policy rfc --policy undo --all-paths --depth 6
"""
from __future__ import annotations

from typing import Any

import click

from hintcheck.cli.options import emit_json, json_option, nonempty, parse_params, single_params_option
from hintcheck.floor import EXIT_BOUNDED, EXIT_OK
from hintcheck.model.core import HintcheckError, Measure, Model
from hintcheck.runner import build_model
from hintcheck.runner.cost import CostResult, cost_of, figure_row


def workload_options(fn: Any) -> Any:
    """--depth, --walks, --seed, --all-paths, --max-paths: the paths a cost figure is taken over."""
    fn = click.option("--max-paths", type=click.IntRange(min=1), default=200_000, show_default=True,
                      help="--all-paths: stop after this many paths (the figures are then marked bounded).")(fn)
    fn = click.option("--all-paths", is_flag=True,
                      help="Every path of up to --depth steps instead of random walks.")(fn)
    fn = click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random walks.")(fn)
    fn = click.option("--walks", type=click.IntRange(min=1), default=1000, show_default=True,
                      help="Number of random walks.")(fn)
    return click.option("--depth", type=click.IntRange(min=1), default=None,
                        help="Steps per path at most [default: 30 for walks, 6 with --all-paths].")(fn)


def workload_cost(model: Model, depth: int | None, walks: int, seed: int, all_paths: bool,
                  max_paths: int, measures: list[Measure] | None = None) -> CostResult:
    """`cost_of` with the workload the options name."""
    if all_paths:
        return cost_of(model, depth=depth or 6, max_paths=max_paths, measures=measures)
    return cost_of(model, depth=depth or 30, walks=walks, seed=seed, measures=measures)


def describe_workload(result: CostResult) -> str:
    """`1,000 random walks of up to 30 steps, seed 0` or `all 4,096 paths of up to 6 steps`."""
    w = result.workload
    if w["kind"] == "random walks":
        return f"{w['walks']:,} random walks of up to {w['depth']} steps, seed {w['seed']}"
    cut = "" if result.complete else f" (bounded: stopped at --max-paths {w['max_paths']:,})"
    return f"all {result.paths:,} paths of up to {w['depth']} steps{cut}"


def _selected(model: Model, names: tuple[str, ...]) -> list[Measure] | None:
    if not names:
        return None
    known = {m.name: m for m in model.spec.measures}
    missing = [n for n in names if n not in known]
    if missing:
        listed = "; ".join(known) or "none"
        raise HintcheckError(f"model {model.name} has no measure {missing[0]!r}; its measures: {listed}")
    return [known[n] for n in names]


def _figure_line(row: dict[str, Any]) -> str:
    if not row["samples"]:
        return f"    {row['measure']:<38} no sample (no path completes one)"
    return (f"    {row['measure']:<38} mean {row['mean']:>7.3f}  worst {row['worst']:>3}  "
            f"({row['samples']:,} samples)")


def _witness_line(row: dict[str, Any]) -> str:
    steps = " ".join(s["action"] + "(" + ", ".join(f"{k}={v}" for k, v in s["args"].items()) + ")"
                     for s in row["witness"])
    return f"      worst after {len(row['witness'])} steps: {steps}"


@click.command()
@click.option("--model", "model_name", required=True, callback=nonempty, help="Model whose measures to take.")
@click.option("--policy", "policies", multiple=True, callback=nonempty,
              help="Policy (repeatable; default: every policy of the model).")
@click.option("--measure", "measures", multiple=True, metavar="NAME", help="Only this measure (repeatable).")
@single_params_option
@workload_options
@json_option
def cost(model_name: str, policies: tuple[str, ...], measures: tuple[str, ...], params: tuple[str, ...],
         depth: int | None, walks: int, seed: int, all_paths: bool, max_paths: int, as_json: bool) -> int:
    """Cost figures per design: mean and worst per measure over a workload, with the worst's steps."""
    first = build_model(model_name, policies[0] if policies else None, parse_params(params))
    chosen = _selected(first, measures)
    names = list(policies) or list(first.spec.policies)
    results = [workload_cost(build_model(model_name, p, first.params), depth, walks, seed, all_paths,
                             max_paths, chosen) for p in names]
    if not as_json:
        label = " ".join(f"{k}={v}" for k, v in first.params.items())
        click.echo(f"{model_name} ({label}): {describe_workload(results[0])}")
    for result in results:
        rows = [figure_row(result, fig) for fig in result.figures]
        if as_json:
            for row in rows:
                emit_json(row)
            continue
        click.echo(f"  {result.model.policy.name}")
        for row in rows:
            click.echo(_figure_line(row))
            if row["samples"]:
                click.echo(_witness_line(row))
    return EXIT_OK if all(r.complete for r in results) else EXIT_BOUNDED
