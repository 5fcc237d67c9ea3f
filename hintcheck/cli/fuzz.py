"""`hintcheck fuzz`: the Hypothesis stateful search, outside pytest.

Same selection, JSON fields and exit codes as `check`: without `--model`
the default suite runs with this engine (0 when every entry met its
expectation, 1 otherwise); with `--model` the exit status is the verdict's,
1 violated, 3 no violation found (a sampled search never says `holds`).
Every violation is shrunk, replay-checked and saved as a trace with engine
"hypothesis" and its seed; `hintcheck replay` re-executes it.
"""
from __future__ import annotations

import click

from hintcheck.cli.options import (LazyChoice, deadlock_option, format_option, json_option, nonempty, over_points,
                                   params_option, trace_dir_option, trace_option)
from hintcheck.cli.rows import report_jobs
from hintcheck.engines import engine_named
from hintcheck.model.core import HintcheckError
from hintcheck.runner import direct_jobs, suite_jobs

ENGINE = "hypothesis"


def _title(suites: tuple[str, ...], model: str | None, command: str = "hintcheck check") -> str:
    if model is not None:
        return command
    return f"{command}: {', '.join(suites)}" if suites else f"{command}: default suite"


@click.command()
@click.argument("suites", nargs=-1, type=click.Path(dir_okay=False), metavar="[SUITE.toml]...")
@click.option("--model", callback=nonempty, help="Model to fuzz (default: the default suite, with this engine).")
@click.option("--policy", callback=nonempty, help="Policy name, or path/to/file.py:ClassName (default: every policy).")
@click.option("--property", "prop_name", callback=nonempty, help="Property to check (default: every property).")
@params_option
@click.option("--examples", type=click.IntRange(min=1), help="Examples per property (default: the profile's).")
@click.option("--seed", type=click.IntRange(min=0), help="Seed (default: 0 under ci, fresh under thorough).")
@click.option("--profile", "profile_name", type=LazyChoice(lambda: engine_named(ENGINE).choices["profile"]),
              help="Settings profile (default: $HINTCHECK_PROFILE, else ci).")
@click.option("--swarm/--no-swarm", default=False, show_default=True,
              help="Leave a random subset of actions out of each example.")
@click.option("--database", type=click.Path(file_okay=False),
              help="Example database (thorough only; default $HINTCHECK_EXAMPLE_DB, else .hypothesis/examples).")
@deadlock_option
@trace_dir_option
@click.option("--slow", is_flag=True, help="Suite mode: include entries marked slow.")
@trace_option
@format_option
@json_option
def fuzz(suites: tuple[str, ...], model: str | None, policy: str | None, prop_name: str | None,
         params: tuple[str, ...], deadlock: bool,
         examples: int | None, seed: int | None, profile_name: str | None, swarm: bool,
         database: str | None, trace_dir: str, slow: bool, as_json: bool, show_traces: bool, fmt: str) -> int:
    """Search for violations with generated Hypothesis state machines; save shrunk traces."""
    if suites and model is not None:
        raise HintcheckError("give suite files or --model, not both")
    if model is None and (policy or prop_name or params or not deadlock):
        raise HintcheckError("--policy, --property, -p and --no-deadlock need --model")
    options = {"profile": profile_name, "examples": examples, "seed": seed, "swarm": swarm, "database": database}
    engine_named(ENGINE).check(options)          # reject bad settings before any run
    if model is None:
        jobs = suite_jobs(slow, engine=ENGINE, options=options, files=suites)
    else:
        jobs = over_points(params, lambda point: direct_jobs(model, policy, prop_name, point, engine=ENGINE,
                                                             options=options, deadlock=deadlock,
                                                             liveness=False))
    title = _title(suites, model, "hintcheck fuzz")
    return report_jobs(jobs, trace_dir=trace_dir, as_json=as_json, title=title, suite=model is None,
                       show_traces=show_traces, fmt=fmt)
