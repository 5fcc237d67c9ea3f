"""`hintcheck check`: run the default suite, or one model's policies and properties.

Without `--model` the default suite runs (every `properties/suites/*.toml`
entry not marked slow) and the exit status says whether every entry met its
expectation (0) or not (1). With `--model` the named configurations run and
the exit status is the verdict's: 0 holds, 1 violated, 3 bounded.
"""
from __future__ import annotations

import click

from hintcheck.cli.options import (LazyChoice, deadlock_option, fairness_from, fairness_options, format_option,
                                   json_option, nonempty, over_points, params_option, trace_dir_option, trace_option)
from hintcheck.cli.rows import report_jobs
from hintcheck.engines import ENGINE_NAMES, engine_named, engine_names
from hintcheck.floor import Budget
from hintcheck.model.core import HintcheckError
from hintcheck.runner import direct_jobs, suite_jobs


def _exhaustive(name: str) -> bool:
    return name in ENGINE_NAMES and engine_named(name).family == "exhaustive"


def _title(suites: tuple[str, ...], model: str | None, command: str = "hintcheck check") -> str:
    if model is not None:
        return command
    return f"{command}: {', '.join(suites)}" if suites else f"{command}: default suite"


@click.command()
@click.argument("suites", nargs=-1, type=click.Path(dir_okay=False), metavar="[SUITE.toml]...")
@click.option("--model", callback=nonempty, help="Model to check (default: run the default suite).")
@click.option("--policy", callback=nonempty, help="Policy name, or path/to/file.py:ClassName (default: every policy).")
@click.option("--property", "prop_name", callback=nonempty, help="Property to check (default: every property).")
@params_option
@click.option("--max-states", type=click.IntRange(min=1), help="Stop after this many distinct states.")
@click.option("--max-depth", type=click.IntRange(min=0), help="Do not expand states at this depth.")
@click.option("--symmetry", is_flag=True, help="Explore orbits under the model's symmetric index sets.")
@click.option("--continue", "keep_going", is_flag=True,
              help="Keep exploring past violations; count them; save the shortest.")
@click.option("--engine", type=LazyChoice(lambda: engine_names("exhaustive"), accepts=_exhaustive),
              default="auto", show_default=True)
@deadlock_option
@fairness_options
@trace_dir_option
@click.option("--slow", is_flag=True, help="Suite mode: include entries marked slow.")
@trace_option
@format_option
@json_option
def check(suites: tuple[str, ...], model: str | None, policy: str | None, prop_name: str | None,
          params: tuple[str, ...], deadlock: bool, weak_fair: tuple[str, ...], strong_fair: tuple[str, ...],
          no_fair: bool,
          max_states: int | None, max_depth: int | None, symmetry: bool, keep_going: bool,
          engine: str, trace_dir: str, slow: bool, as_json: bool, show_traces: bool, fmt: str) -> int:
    """Check properties exhaustively; save a shortest counterexample for every violation."""
    if suites and model is not None:
        raise HintcheckError("give suite files or --model, not both")
    if model is None and (policy or prop_name or params or symmetry or not deadlock or weak_fair or strong_fair
                          or no_fair):
        raise HintcheckError("--policy, --property, -p, --symmetry, --no-deadlock and fairness need --model")
    fairness = fairness_from(weak_fair, strong_fair, no_fair)
    if model is None:
        jobs = suite_jobs(slow, files=suites)
    else:
        jobs = over_points(params, lambda point: direct_jobs(
            model, policy, prop_name, point, engine=engine, budget=Budget(max_states, max_depth, keep_going),
            options={"symmetry": symmetry}, deadlock=deadlock, fairness=fairness, extra_fair=not no_fair))
    return report_jobs(jobs, trace_dir=trace_dir, as_json=as_json, suite=model is None,
                       title=_title(suites, model), show_traces=show_traces, fmt=fmt)
